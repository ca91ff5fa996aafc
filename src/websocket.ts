import type { ExecutionArgs, GraphQLError } from 'graphql';
import { CloseCode, MessageType, parseMessage, type SubscribeMessage } from 'graphql-ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { WebSocketServer } from 'ws';
import type { ChatDeps } from './chat/deps.js';
import type { DocumentCache } from './compiled-documents.js';
import { bearerToken, socketContext, type Viewer } from './context.js';
import { createMaskError, withContractCode } from './mask-error.js';
import { type SocketContext, serveGraphqlWs } from './websocket/graphql-ws-server.js';
import { InboxDelivery } from './websocket/inbox-delivery.js';
import { OperationRun } from './websocket/operation-run.js';

/** setTimeout's limit; a longer wait is re-armed. */
const MAX_TIMER_MS = 2_147_483_647;

interface SocketState {
  viewer?: Viewer;
  expiry?: NodeJS.Timeout;
  releasePresence?: () => Promise<void>;
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
  /** Shared with the HTTP fast path: a document is prepared once, whichever way it came. */
  documents: DocumentCache,
) {
  const state = new WeakMap<object, SocketState>();
  const { schema } = yoga.getEnveloped({});
  const delivery = {
    schema,
    maskError: createMaskError(deps.logger, deps.meters),
    logger: deps.logger,
  };

  /**
   * Serves valid queries, mutations and `inbox` subscriptions itself; graphql-ws answers
   * invalid documents (with yoga's error codes) and any other subscription.
   */
  const interceptOperation = (ctx: SocketContext, data: string): boolean => {
    if (!data.includes('"subscribe"')) return false;
    let message: SubscribeMessage;
    try {
      const parsed = parseMessage(data);
      if (parsed.type !== MessageType.Subscribe) return false;
      message = parsed;
    } catch {
      return false;
    }
    // A duplicate id is graphql-ws's to refuse (it closes the socket).
    if (message.id in ctx.subscriptions) return false;
    const prepared = documents.get(message.payload.query, message.payload.operationName);
    if (prepared.kind === 'invalid' || prepared.kind === 'other') return false;
    const viewer = state.get(ctx.extra.socket)?.viewer ?? null;
    const { socket, clientAddress } = ctx.extra;
    const subscriptions = ctx.subscriptions as Record<string, unknown>;
    const { id, payload } = message;
    if (prepared.kind === 'inbox') {
      const context = socketContext(deps, viewer, clientAddress, true);
      new InboxDelivery(
        delivery,
        socket,
        subscriptions,
        id,
        prepared.inbox,
        payload.variables,
        context,
      );
    } else {
      const context = socketContext(deps, viewer, clientAddress);
      new OperationRun(
        delivery,
        socket,
        subscriptions,
        id,
        prepared.plain,
        payload.variables,
        context,
      );
    }
    return true;
  };

  return serveGraphqlWs(
    {
      execute: (args) => (args as EnvelopedArgs).rootValue.execute(args) as never,
      subscribe: (args) => (args as EnvelopedArgs).rootValue.subscribe(args) as never,
      onConnect: async (ctx) => {
        const token = bearerToken(null, ctx.connectionParams);
        const verified = token ? await deps.tokens.verify(token) : null;
        if (!verified) return false;
        const socket = ctx.extra.socket;
        const mine: SocketState = {
          viewer: { id: verified.userId, tokenExpiresAt: verified.expiresAt },
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
        if (socket.readyState !== socket.OPEN) await release(mine);
        return true;
      },
      onClose: async (ctx) => {
        const mine = state.get(ctx.extra.socket);
        if (mine) await release(mine);
      },
      onSubscribe: async (ctx, _id, params) => {
        const viewer = state.get(ctx.extra.socket)?.viewer ?? null;
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          // The yoga context reads the peer's address from it.
          req: { socket: { remoteAddress: ctx.extra.clientAddress } },
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
    deps.config.wsKeepAliveMs,
    interceptOperation,
    deps.logger,
  );

  async function release(mine: SocketState) {
    clearTimeout(mine.expiry);
    const releasePresence = mine.releasePresence;
    mine.releasePresence = undefined;
    await releasePresence?.();
  }
}
