import type { IncomingMessage } from 'node:http';
import { type ExecutionArgs, type GraphQLError, getOperationAST } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { createGraphQLError, type YogaServerInstance } from 'graphql-yoga';
import type { WebSocket, WebSocketServer } from 'ws';
import type { ChatDeps } from '../chat/deps.js';
import { bearerToken, type Viewer, viewerOf } from '../schema/context.js';
import { withContractCode } from '../schema/mask-error.js';
import { sharingQueryTexts } from './shared-texts.js';
import { serveGraphqlWs } from './transport.js';

/** setTimeout's limit; a longer wait is re-armed. */
const MAX_TIMER_MS = 2_147_483_647;

/** Close codes of ours, beside graphql-ws's (4403 for a bad or expired token). */
export enum ChatCloseCode {
  /** The user already holds WS_MAX_SOCKETS_PER_USER sockets on this instance. */
  TooManySockets = 4429,
}

interface SocketState {
  viewer?: Viewer;
  expiry?: NodeJS.Timeout;
  releasePresence?: () => Promise<void>;
  /** Ids of this socket's subscription operations, maybe some that ended (see onSubscribe). */
  subscriptions: Set<string>;
}

export interface WebSocketOptions {
  /** How often sockets are pinged; one that missed the last ping is dropped. */
  keepAliveMs: number;
  /** Subscriptions one socket may hold; the next one is refused with an error frame. */
  maxSubscriptions: number;
  /** Sockets one user may hold on this instance; the next one is closed with 4429. */
  maxSocketsPerUser: number;
  /** The client's address from the upgrade request. */
  clientAddress: (request: IncomingMessage) => string;
}

interface EnvelopedArgs extends ExecutionArgs {
  rootValue: {
    execute: (args: ExecutionArgs) => unknown;
    subscribe: (args: ExecutionArgs) => unknown;
  };
}

/**
 * graphql-transport-ws on the HTTP server's /graphql path. Every operation goes through
 * yoga's envelop, so query limits, error masking and auth apply to WebSocket traffic too.
 * A missing, bad or expired token closes the socket with 4403, and so does the token
 * expiring while the socket is open.
 */
export function serveWebSockets(
  wss: WebSocketServer,
  // biome-ignore lint/suspicious/noExplicitAny: the server context type is yoga's
  yoga: YogaServerInstance<any, any>,
  deps: ChatDeps,
  options: WebSocketOptions,
) {
  const state = new WeakMap<object, SocketState>();
  const socketsOf = new Map<number, Set<WebSocket>>();

  // A user's sessions changed on some instance (logOut, password, suspension): each of their
  // sockets here whose token no longer holds closes with 4403, as an expired one does.
  const detachSessions = deps.sessions.onChange((userId) => {
    const sockets = socketsOf.get(userId);
    if (!sockets) return;
    for (const socket of sockets) {
      const token = state.get(socket)?.viewer?.token;
      if (!token) continue;
      deps.sessions.problem(token).then(
        (problem) => {
          if (problem) socket.close(CloseCode.Forbidden, 'Session ended');
        },
        (error) => deps.logger.warn({ err: error, userId }, 'session re-check failed'),
      );
    }
  });

  const served = serveGraphqlWs(
    {
      jsonMessageReviver: sharingQueryTexts(),
      execute: (args) => (args as EnvelopedArgs).rootValue.execute(args) as never,
      subscribe: (args) => (args as EnvelopedArgs).rootValue.subscribe(args) as never,
      onConnect: async (ctx) => {
        const token = bearerToken(null, ctx.connectionParams);
        const verified = token ? await deps.tokens.verify(token) : null;
        if (!verified) return false;
        const socket = ctx.extra.socket;
        const sockets = socketsOf.get(verified.userId) ?? new Set<WebSocket>();
        if (sockets.size >= options.maxSocketsPerUser) {
          // Closed before graphql-ws would close it with 4403: the token was fine.
          socket.close(ChatCloseCode.TooManySockets, 'Too many connections for this user');
          return false;
        }
        sockets.add(socket);
        socketsOf.set(verified.userId, sockets);
        const mine: SocketState = {
          viewer: viewerOf(verified),
          subscriptions: new Set(),
        };
        state.set(socket, mine);
        const closeAtExpiry = () => {
          const left = verified.expiresAt - Date.now();
          if (left <= 0) socket.close(CloseCode.Forbidden, 'Token expired');
          else mine.expiry = setTimeout(closeAtExpiry, Math.min(left, MAX_TIMER_MS));
        };
        closeAtExpiry();
        mine.releasePresence = await deps.presence.connect(verified.userId);
        // The socket may have closed while presence was being recorded.
        if (socket.readyState !== socket.OPEN) await release(mine, socket);
        return true;
      },
      onClose: async (ctx) => {
        const mine = state.get(ctx.extra.socket);
        if (mine) await release(mine, ctx.extra.socket);
      },
      onComplete: (ctx, id) => {
        state.get(ctx.extra.socket)?.subscriptions.delete(id);
      },
      onSubscribe: async (ctx, id, params) => {
        const mine = state.get(ctx.extra.socket);
        const viewer = mine?.viewer ?? null;
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          // Resolved from the upgrade request (and a trusted proxy's X-Forwarded-For) once.
          clientAddress: ctx.extra.clientAddress,
          socket: ctx.extra.socket,
          params,
          wsViewer: viewer,
        });
        let document: ReturnType<typeof parse>;
        let errors: readonly GraphQLError[];
        try {
          document = parse(params.query);
          // graphql-armor's limits throw from validation rather than return their error.
          errors = validate(schema, document);
        } catch (error) {
          return [withContractCode(error as GraphQLError)];
        }
        if (errors.length > 0) return errors.map(withContractCode);
        if (mine && getOperationAST(document, params.operationName)?.operation === 'subscription') {
          // An operation that failed as it started ends without onComplete: what graphql-ws
          // no longer holds is gone.
          for (const held of mine.subscriptions)
            if (!(held in ctx.subscriptions)) mine.subscriptions.delete(held);
          if (mine.subscriptions.size >= options.maxSubscriptions) {
            return [
              createGraphQLError(
                `Too many subscriptions on this socket: at most ${options.maxSubscriptions}`,
                { extensions: { code: 'RATE_LIMITED' } },
              ),
            ];
          }
          mine.subscriptions.add(id);
        }
        const args: EnvelopedArgs = {
          schema,
          operationName: params.operationName ?? null,
          document,
          variableValues: params.variables ?? null,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        return args;
      },
    },
    wss,
    options.keepAliveMs,
    deps.logger,
    options.clientAddress,
  );
  return {
    ...served,
    async dispose() {
      detachSessions();
      await served.dispose();
    },
  };

  async function release(mine: SocketState, socket: WebSocket) {
    clearTimeout(mine.expiry);
    const userId = mine.viewer?.id;
    const sockets = userId === undefined ? undefined : socketsOf.get(userId);
    if (sockets?.delete(socket) && sockets.size === 0) socketsOf.delete(userId as number);
    const releasePresence = mine.releasePresence;
    mine.releasePresence = undefined;
    await releasePresence?.();
  }
}
