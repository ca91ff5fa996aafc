import type { IncomingMessage } from 'node:http';
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

export interface Extra {
  socket: WebSocket;
  request: IncomingMessage;
}

export type SocketContext = WsContext<ConnectionInitMessage['payload'], Extra>;

/**
 * Returns true when it served the message itself; graphql-ws handles everything else.
 * Only asked for messages of acknowledged connections.
 */
export type Interceptor = (ctx: SocketContext, data: string) => boolean;

/**
 * graphql-ws's `useServer` for ws, with one difference: an interceptor sees each message
 * of an acknowledged connection first. Keep-alive pings and error handling are as in
 * graphql-ws/use/ws.
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

  wss.on('connection', (socket, request) => {
    socket.once('error', (error) => fail(socket, error));
    let pongWait: NodeJS.Timeout | null = null;
    const pingInterval =
      keepAliveMs > 0 && Number.isFinite(keepAliveMs)
        ? setInterval(() => {
            if (socket.readyState !== socket.OPEN) return;
            pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
            socket.once('pong', () => {
              if (pongWait) clearTimeout(pongWait);
              pongWait = null;
            });
            socket.ping();
          }, keepAliveMs)
        : null;

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
          socket.on('message', async (raw) => {
            const data = String(raw);
            try {
              const ctx = contexts.get(socket);
              if (ctx?.acknowledged && intercept(ctx, data)) return;
              await handle(data);
            } catch (error) {
              fail(socket, error);
            }
          }),
      },
      { socket, request },
    );

    socket.once('close', (code, reason) => {
      if (pongWait) clearTimeout(pongWait);
      if (pingInterval) clearInterval(pingInterval);
      void closed(code, String(reason));
    });
  });

  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) =>
        wss.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
