import type { IncomingMessage } from 'node:http';
import {
  CloseCode,
  type ConnectionInitMessage,
  handleProtocols,
  makeServer,
  type ServerOptions,
} from 'graphql-ws';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';
import { requestIdOf, requestScope } from '../logging.js';

export interface Extra {
  socket: WebSocket;
  /** The peer's address; the upgrade request itself is not kept (memory per socket). */
  clientAddress: string;
}

/** Above this many unsent bytes on a socket, graphql-ws waits before sending more. */
const HIGH_WATER_BYTES = 1 << 20;
/**
 * Frames one socket sends before it lets other work run: a replay page of 1,000 events is
 * otherwise one long task, during which no request is answered and keep-alive timers fire late.
 */
const FRAMES_PER_TURN = 128;

/** The net.Socket under a ws WebSocket: corked so the frames of one tick go out in one write. */
interface RawSocket {
  cork(): void;
  uncork(): void;
  writableCorked: number;
  once(event: 'drain' | 'close', listener: () => void): void;
  off(event: 'drain' | 'close', listener: () => void): void;
}

/** A send to a socket that has closed: graphql-ws stops the operation, nothing to log. */
class SocketClosed extends Error {
  override name = 'SocketClosed';
}

const rawOf = (socket: WebSocket) => (socket as unknown as { _socket?: RawSocket })._socket;

/** Resolves when the kernel took the socket's backlog, or the socket closed. */
const drained = (raw: RawSocket) =>
  new Promise<void>((resolve) => {
    const done = () => {
      raw.off('drain', done);
      raw.off('close', done);
      resolve();
    };
    raw.once('drain', done);
    raw.once('close', done);
  });

/**
 * graphql-ws's server (`makeServer`, its transport-agnostic core) on a ws WebSocketServer,
 * as `graphql-ws/use/ws` does it, with three differences:
 * - a send resolves as soon as the frame is queued unless the socket has more than
 *   HIGH_WATER_BYTES unsent, and the frames one tick sends leave in one write (a replay
 *   page, or many events for one device, is not one system call per event), up to
 *   FRAMES_PER_TURN at a time; a send to a closed socket rejects, so an inbox never counts
 *   an event that was not written;
 * - one timer pings every socket each keep-alive period and drops those that did not answer
 *   the previous ping (instead of two timers and a listener per socket);
 * - the upgrade request is not kept.
 */
export function serveGraphqlWs(
  options: ServerOptions<ConnectionInitMessage['payload'], Extra>,
  wss: WebSocketServer,
  keepAliveMs: number,
  logger: Logger,
  /** The client's address from the upgrade request (a proxy may stand between). */
  clientAddressOf: (request: IncomingMessage) => string,
) {
  const fail = (socket: WebSocket, error: unknown) => {
    if (error instanceof SocketClosed || socket.readyState !== socket.OPEN) return;
    logger.error({ err: error }, 'websocket message handling failed');
    socket.close(CloseCode.InternalServerError, 'Internal server error');
  };
  const server = makeServer(options);
  wss.options.handleProtocols = handleProtocols;

  // Sockets that answered since the last round of pings.
  const alive = new WeakSet<WebSocket>();
  function markAlive(this: WebSocket) {
    alive.add(this);
  }
  const keepAlive =
    keepAliveMs > 0 && Number.isFinite(keepAliveMs)
      ? setInterval(() => {
          for (const socket of wss.clients) {
            if (socket.readyState !== socket.OPEN) continue;
            if (!alive.has(socket)) {
              socket.terminate();
              continue;
            }
            alive.delete(socket);
            socket.ping();
          }
        }, keepAliveMs)
      : null;
  keepAlive?.unref();

  wss.on('connection', (socket, request) => {
    // Log lines of each message's work carry `<socket id>.<n>` (see src/logging.ts).
    const socketId = requestIdOf(request.headers['x-request-id']);
    let messages = 0;
    socket.once('error', (error) => {
      // A frame ws refused (too large, malformed): ws has sent its close code and stopped
      // reading, so the closing handshake cannot finish; end the connection now instead of
      // after ws's 30 s close timeout.
      if (socket.readyState === socket.CLOSING) socket.terminate();
      else fail(socket, error);
    });
    alive.add(socket);
    socket.on('pong', markAlive);
    const raw = rawOf(socket);
    /** Frames sent since the socket last wrote. */
    let corkedFrames = 0;
    const write = () => {
      corkedFrames = 0;
      raw?.uncork();
    };

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send(data) {
          if (socket.readyState !== socket.OPEN) return Promise.reject(new SocketClosed());
          if (!raw) return void socket.send(data);
          if (raw.writableCorked === 0) {
            raw.cork();
            process.nextTick(write);
          }
          socket.send(data);
          if (socket.bufferedAmount >= HIGH_WATER_BYTES) {
            write();
            return drained(raw);
          }
          if (++corkedFrames < FRAMES_PER_TURN) return;
          write();
          return new Promise<void>((resolve) => setImmediate(resolve));
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            // The text, not the frame's buffer, is what the closure below keeps: a subscribe
            // message's handling lasts as long as its subscription.
            const text = String(data);
            requestScope.run({ reqId: `${socketId}.${++messages}` }, async () => {
              try {
                await handle(text);
              } catch (error) {
                fail(socket, error);
              }
            });
          }),
      },
      { socket, clientAddress: clientAddressOf(request) },
    );

    socket.once('close', (code, reason) => {
      alive.delete(socket);
      void closed(code, String(reason));
    });
  });

  return {
    async dispose() {
      if (keepAlive) clearInterval(keepAlive);
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) =>
        wss.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
