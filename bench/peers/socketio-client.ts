/**
 * Generator-side adapter for peer (c): Engine.IO v4 / Socket.IO v5 spoken
 * directly over `ws` (see lib/socketio-wire.ts).
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
import type { ClientContext, DeliveryHandler, PeerClient } from './peer-types.ts';

const HANDSHAKE_TIMEOUT_MS = 15_000;
const JOIN_ACK_ID = 1;

interface SocketIoConnection {
  socket: WebSocket;
  /** Resolves when the server acknowledged the given ack id. */
  acked(ackId: number): Promise<void>;
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
  const ackWaiters = new Map<number, () => void>();
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
        ackWaiters.get(frame.ackId)?.();
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

export function createSocketIoClient(ctx: ClientContext): PeerClient {
  const url = `ws://${ctx.host}:${ctx.port}${SOCKETIO_PATH}`;
  return {
    async prepare() {},
    async dispose() {},

    async openReceiver(_receiver, room, onDelivery, localAddress) {
      const connection = await connectSocketIo(url, localAddress, onDelivery);
      const joined = connection.acked(JOIN_ACK_ID);
      connection.socket.send(encodeEvent(['join', roomName(room)], JOIN_ACK_ID));
      await withTimeout(joined, HANDSHAKE_TIMEOUT_MS, `join ${roomName(room)}`);
      return { close: () => connection.socket.terminate() };
    },

    async openSender(room, localAddress) {
      const { socket } = await connectSocketIo(url, localAddress);
      const name = roomName(room);
      return {
        send(clientId, body) {
          socket.send(encodeEvent(['send', name, { clientId, body }]));
        },
        close: () => socket.terminate(),
      };
    },
  };
}
