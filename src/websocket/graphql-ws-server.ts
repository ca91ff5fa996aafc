import {
  CloseCode,
  type ConnectionInitMessage,
  handleProtocols,
  makeServer,
  type ServerOptions,
  type Context as WsContext,
} from 'graphql-ws';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';
import { requestIdOf, requestScope } from '../logging.js';

export interface Extra {
  socket: WebSocket;
  /** The peer's address; the upgrade request itself is not kept (memory per socket). */
  clientAddress: string;
}

export type SocketContext = WsContext<ConnectionInitMessage['payload'], Extra>;

/**
 * Returns true when it served the message itself; graphql-ws handles everything else.
 * Only asked for messages of acknowledged connections.
 */
export type Interceptor = (ctx: SocketContext, data: string) => boolean;

/**
 * graphql-ws's `useServer` for ws, with three differences: an interceptor sees each
 * message of an acknowledged connection first; one timer pings every socket each
 * keep-alive period and drops those that did not answer the previous ping (instead of
 * two timers and a listener per socket); the upgrade request is not kept.
 */
export function serveGraphqlWs(
  options: ServerOptions<ConnectionInitMessage['payload'], Extra>,
  wss: WebSocketServer,
  keepAliveMs: number,
  intercept: Interceptor,
  logger: Logger,
) {
  const fail = (socket: WebSocket, error: unknown) => {
    logger.error({ err: error }, 'websocket message handling failed');
    socket.close(CloseCode.InternalServerError, 'Internal server error');
  };
  const contexts = new WeakMap<WebSocket, SocketContext>();
  const server = makeServer<ConnectionInitMessage['payload'], Extra>({
    ...options,
    onConnect: async (ctx) => {
      const permitted = await options.onConnect?.(ctx);
      if (permitted !== false) contexts.set(ctx.extra.socket, ctx);
      return permitted;
    },
  });
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
    socket.once('error', (error) => fail(socket, error));
    alive.add(socket);
    socket.on('pong', markAlive);

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (raw) =>
            requestScope.run({ reqId: `${socketId}.${++messages}` }, async () => {
              const data = String(raw);
              try {
                const ctx = contexts.get(socket);
                if (ctx?.acknowledged && intercept(ctx, data)) return;
                await handle(data);
              } catch (error) {
                fail(socket, error);
              }
            }),
          ),
      },
      { socket, clientAddress: request.socket.remoteAddress ?? 'unknown' },
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
