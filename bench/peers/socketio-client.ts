/**
 * Generator-side adapter for the Socket.IO peers: Engine.IO v4 / Socket.IO v5
 * spoken directly over `ws` (see lib/socketio-wire.ts).
 */
import type WebSocket from 'ws';
import { roomName } from '../lib/raw-json-wire.ts';
import {
  decodeFrame,
  ENGINE_PONG,
  encodeEvent,
  SOCKET_CONNECT,
  SOCKETIO_PATH,
} from '../lib/socketio-wire.ts';
import { openWebSocket, withTimeout } from '../lib/ws-connect.ts';
import type { ClientContext, DeliveryHandler, PeerClient, SenderConnection } from './peer-types.ts';

const HANDSHAKE_TIMEOUT_MS = 15_000;
const JOIN_ACK_ID = 1;

interface SocketIoConnection {
  socket: WebSocket;
  /** Resolves with the ack's arguments when the server acknowledged the given ack id. */
  acked(ackId: number): Promise<unknown[]>;
}

export interface SocketIoClientOptions {
  /**
   * Senders ask for an ack and keep ONE send in flight (a FIFO per sender), as a client
   * that waits for "stored" does: the persisted peer stores sends concurrently otherwise,
   * and concurrent sends of one user may commit in any order (the chat peer does the same).
   */
  ackedSends?: boolean;
}

/**
 * Open the WebSocket, wait for the Engine.IO open packet, connect to "/" and
 * wait for the namespace connect reply. Pings are answered for the socket's
 * whole life; `msg` events go to `onDelivery`.
 */
async function connectSocketIo(
  url: string,
  localAddress: string,
  onDelivery?: DeliveryHandler,
): Promise<SocketIoConnection> {
  const ackWaiters = new Map<number, (args: unknown[]) => void>();
  let markConnected: () => void = () => {};
  let failHandshake: (error: Error) => void = () => {};
  const connected = new Promise<void>((resolve, reject) => {
    markConnected = resolve;
    failHandshake = reject;
  });
  const onFrame = (text: string, socket: WebSocket): void => {
    const frame = decodeFrame(text);
    switch (frame.kind) {
      case 'event':
        if (frame.args[0] === 'msg') onDelivery?.((frame.args[1] as { clientId: string }).clientId);
        break;
      case 'ping':
        socket.send(ENGINE_PONG);
        break;
      case 'open':
        socket.send(SOCKET_CONNECT);
        break;
      case 'connected':
        markConnected();
        break;
      case 'ack':
        ackWaiters.get(frame.ackId)?.(frame.args);
        ackWaiters.delete(frame.ackId);
        break;
      case 'other':
        failHandshake(new Error(`unexpected socket.io frame ${frame.raw}`));
    }
  };
  const socket = await openWebSocket(url, localAddress, onFrame);
  socket.once('close', () => failHandshake(new Error('closed during socket.io handshake')));
  await withTimeout(connected, HANDSHAKE_TIMEOUT_MS, 'socket.io connect');
  return {
    socket,
    acked: (ackId) => new Promise((resolve) => ackWaiters.set(ackId, resolve)),
  };
}

export function createSocketIoClient(
  ctx: ClientContext,
  options: SocketIoClientOptions = {},
): PeerClient {
  const url = `ws://${ctx.host}:${ctx.port}${SOCKETIO_PATH}`;
  const failures = { count: 0, first: undefined as string | undefined, droppedBacklog: 0 };
  return {
    async prepare() {},
    async dispose() {
      if (failures.droppedBacklog > 0) {
        process.stderr.write(
          `[socket.io peer] dropped ${failures.droppedBacklog} queued message(s) of earlier phases (counted as lost there)\n`,
        );
      }
      if (failures.count > 0)
        throw new Error(`${failures.count} send(s) failed; first: ${failures.first}`);
    },

    async openReceiver(_receiver, room, onDelivery, localAddress) {
      const connection = await connectSocketIo(url, localAddress, onDelivery);
      const joined = connection.acked(JOIN_ACK_ID);
      connection.socket.send(encodeEvent(['join', roomName(room)], JOIN_ACK_ID));
      await withTimeout(joined, HANDSHAKE_TIMEOUT_MS, `join ${roomName(room)}`);
      return { close: () => connection.socket.terminate() };
    },

    async openSender(room, localAddress) {
      const connection = await connectSocketIo(url, localAddress);
      const { socket } = connection;
      const name = roomName(room);
      if (options.ackedSends) return ackedSender(connection, name, failures);
      return {
        send(clientId, body) {
          socket.send(encodeEvent(['send', name, { clientId, body }]));
        },
        close: () => socket.terminate(),
      };
    },
  };
}

/**
 * One acked send in flight per sender. A new phase (the clientId's first field) drops what
 * an earlier phase still had queued: it was counted as lost there, and an overloaded
 * server must not drag one phase's backlog into the next.
 */
function ackedSender(
  connection: SocketIoConnection,
  room: string,
  failures: { count: number; first: string | undefined; droppedBacklog: number },
): SenderConnection {
  let queue: Array<{ clientId: string; body: string }> = [];
  let queuePhase = '';
  let inFlight = false;
  let closed = false;
  let nextAckId = 0;
  const pump = (): void => {
    if (inFlight || closed) return;
    const next = queue.shift();
    if (next === undefined) return;
    inFlight = true;
    const ackId = ++nextAckId;
    const acked = connection.acked(ackId);
    connection.socket.send(encodeEvent(['send', room, next], ackId));
    void acked.then((args) => {
      const reply = args[0] as { error?: string } | undefined;
      if (reply?.error !== undefined) {
        failures.count++;
        failures.first ??= reply.error;
      }
      inFlight = false;
      pump();
    });
  };
  return {
    send(clientId, body) {
      const phase = clientId.slice(0, clientId.indexOf('.'));
      if (phase !== queuePhase) {
        failures.droppedBacklog += queue.length;
        queue = [];
        queuePhase = phase;
      }
      queue.push({ clientId, body });
      pump();
    },
    close() {
      closed = true;
      queue = [];
      connection.socket.terminate();
    },
  };
}
