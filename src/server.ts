import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createYoga } from 'graphql-yoga';
import { type Logger, pino } from 'pino';
import { WebSocketServer } from 'ws';
import type { ChatDeps } from './chat/deps.js';
import { createInboxHub } from './chat/inbox/hub.js';
import type { InboxItem } from './chat/inbox/item.js';
import { createPresence } from './chat/presence.js';
import { createRateLimits, noRateLimits } from './chat/rate-limits.js';
import { createRecentMessages } from './chat/recent-messages.js';
import { ensureDefaultRoom } from './chat/rooms.js';
import { createTokenIssuer, resolveJwtSecret } from './chat/tokens.js';
import type { Config } from './config.js';
import { openDatabase } from './db/client.js';
import { exampleSession } from './example-session.js';
import { clientAddressOf } from './http/client-address.js';
import { serveGraphqlPosts } from './http/graphql-post.js';
import { createMetrics } from './metrics.js';
import { useSharedSubscriptions } from './plugins/shared-subscriptions.js';
import { createMemoryPubSub } from './pubsub/memory.js';
import { createRedisPresenceStore } from './pubsub/presence-redis.js';
import { createMemoryPresenceStore, type PresenceStore } from './pubsub/presence-store.js';
import {
  createMemoryRateCounter,
  createRedisRateCounter,
  type RateCounter,
} from './pubsub/rate-counter.js';
import { createRedisPubSub } from './pubsub/redis.js';
import type { PubSub } from './pubsub/types.js';
import { checkReadiness } from './readiness.js';
import { bearerToken, createContext, type Viewer } from './schema/context.js';
import { schema } from './schema/index.js';
import { prefetchReplayPage } from './schema/loaders.js';
import { createMaskError, useContractErrorCodes } from './schema/mask-error.js';
import { serveWebSockets } from './websocket/serve.js';
import { useCompiledQueries } from './yoga-jit.js';

export interface App {
  deps: ChatDeps;
  /** Listens on `port` (0 = any free port); resolves with the base URL. */
  start(port?: number, host?: string): Promise<string>;
  /** Graceful: stop accepting, close sockets, drain requests, close the database. */
  stop(): Promise<void>;
  /** Open WebSocket connections (tests count leaks with it). */
  webSocketCount(): number;
  /** HTTP requests the fast path answered without yoga's HTTP layer (tests check the path). */
  httpFastPathAnswers(): number;
}

/** Builds the whole server from a config: storage, pub/sub, schema, HTTP and WebSocket. */
export async function buildApp(
  config: Config,
  /** `now`: the clock rate limits refill by (tests move it). */
  options: { logger?: Logger; now?: () => number } = {},
): Promise<App> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    pgliteDump: config.pgliteDump,
  });
  let pubsub: PubSub;
  let presenceStore: PresenceStore;
  let rateCounter: RateCounter;
  if (config.redisUrl) {
    const redis = await createRedisPubSub({
      url: config.redisUrl,
      prefix: config.redisPrefix,
      logger,
    });
    pubsub = redis;
    presenceStore = createRedisPresenceStore(redis.commands, config.redisPrefix);
    rateCounter = createRedisRateCounter(redis.commands, config.redisPrefix);
  } else {
    pubsub = createMemoryPubSub();
    presenceStore = createMemoryPresenceStore();
    rateCounter = createMemoryRateCounter();
  }
  const tokens = createTokenIssuer(
    await resolveJwtSecret(database, config.jwtSecret),
    config.jwtTtlSeconds,
  );
  const presence = createPresence({
    store: presenceStore,
    pubsub,
    database,
    logger,
    leaseMs: config.presenceLeaseMs,
  });
  const recentMessages = createRecentMessages();
  const inbox = createInboxHub({
    prefetch: (items) => prefetchReplayPage(deps, items),
    database,
    pubsub,
    logger,
    catchupMs: config.inboxCatchupMs,
    retentionMs: config.inboxRetentionMs,
  });
  const limits = config.rateLimits
    ? createRateLimits({ counter: rateCounter, rules: config.rateLimits, logger, now: options.now })
    : noRateLimits;
  const deps: ChatDeps = {
    database,
    pubsub,
    tokens,
    presence,
    inbox,
    recentMessages,
    limits,
    logger,
    defaultRoom: config.defaultRoom,
    inboxMaxEvents: config.inboxMaxEvents,
    adminUsernames: config.adminUsernames,
  };
  await ensureDefaultRoom(deps);
  const maskError = createMaskError(logger);

  const yoga = createYoga<{
    req?: IncomingMessage;
    wsViewer?: Viewer | null;
    /** A socket's client address, resolved once when it connected. */
    clientAddress?: string;
    connectionParams?: Record<string, unknown>;
  }>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Chat', defaultQuery: exampleSession },
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    // Parse errors are not cached: yoga marks one as the request's (GRAPHQL_PARSE_FAILED, status
    // 400) only when an HTTP request parses it, and the socket and the document cache parse
    // outside requests. Cached unmarked, it answered later HTTP requests with 200.
    parserAndValidationCache: { errorCache: { get: () => undefined, set: () => {} } },
    maskedErrors: { maskError },
    plugins: [
      useContractErrorCodes(),
      EnvelopArmorPlugin({
        maxDepth: { n: config.maxQueryDepth },
        maxTokens: { n: config.maxQueryTokens },
        maxAliases: { n: config.maxQueryAliases },
        costLimit: { maxCost: 20_000 },
        blockFieldSuggestion: { enabled: config.production },
      }),
      useCompiledQueries(logger),
      useSharedSubscriptions({
        shareKeyOf: (event) => (event as InboxItem).bell,
        onCompileError: (errors) => logger.warn({ errors }, 'graphql-jit could not compile'),
      }),
    ],
    context: async (initial) => {
      const clientAddress =
        initial.clientAddress ??
        clientAddressOf(
          initial.req?.socket.remoteAddress,
          initial.req?.headers?.['x-forwarded-for'],
          config.trustedProxies,
        );
      if (initial.wsViewer !== undefined) {
        return createContext(deps, null, clientAddress, initial.wsViewer);
      }
      return createContext(
        deps,
        bearerToken(
          initial.request?.headers.get('authorization') ?? initial.req?.headers?.authorization,
        ),
        clientAddress,
      );
    },
  });

  const graphqlPosts = serveGraphqlPosts({
    yoga,
    fallback: (req, res) => yoga.handle(req, res),
    maskError,
  });
  const serveGraphql = config.httpFastPath
    ? graphqlPosts.handle
    : (req: IncomingMessage, res: ServerResponse) => yoga.handle(req, res);
  const wss = new WebSocketServer({ noServer: true });
  const metrics = createMetrics({
    webSockets: () => wss.clients.size,
    inboxStreams: () => inbox.stats().streams,
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (path === '/readyz') {
      const readiness = await checkReadiness({
        database: { kind: database.kind, ping: () => database.ping() },
        pubsub: { kind: pubsub.kind, ping: () => pubsub.ping() },
      });
      res
        .writeHead(readiness.ready ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: readiness.ready ? 'ready' : 'unavailable', ...readiness }));
    } else if (path === '/metrics') {
      res.writeHead(200, { 'content-type': metrics.contentType }).end(await metrics.metrics());
    } else {
      await serveGraphql(req, res);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      logger.error({ err: error }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').split('?')[0] !== '/graphql') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  // ws re-emits server errors (EADDRINUSE); without a listener the process would die.
  wss.on('error', (error) => logger.error({ err: error }, 'websocket server error'));
  const wsServer = serveWebSockets(wss, yoga, deps, {
    keepAliveMs: config.wsKeepAliveMs,
    maxSubscriptions: config.wsMaxSubscriptions,
    maxSocketsPerUser: config.wsMaxSocketsPerUser,
    clientAddress: (req) =>
      clientAddressOf(
        req.socket.remoteAddress,
        req.headers['x-forwarded-for'],
        config.trustedProxies,
      ),
  });

  let stopping: Promise<void> | null = null;
  return {
    deps,
    webSocketCount: () => wss.clients.size,
    httpFastPathAnswers: () => graphqlPosts.answered(),
    start(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
          logger.info(
            { url: `${url}/graphql`, database: database.kind, pubsub: pubsub.kind },
            'chat server listening',
          );
          resolve(url);
        });
      });
    },
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const client of wss.clients) client.close(1001, 'Server shutting down');
        await wsServer.dispose();
        // Keep-alive connections go idle as their last response ends: close each then.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.closeIdleConnections();
        const grace = new Promise<void>((resolve) =>
          setTimeout(resolve, config.shutdownGraceMs).unref(),
        );
        await Promise.race([closed, grace]);
        clearInterval(sweep);
        server.closeAllConnections();
        await inbox.stop();
        recentMessages.stop();
        await presence.stop();
        await pubsub.close().catch((error) => logger.warn({ err: error }, 'pub/sub close failed'));
        await database.close();
        logger.info('chat server stopped');
      })();
      return stopping;
    },
  };
}
