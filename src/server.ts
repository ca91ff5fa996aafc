import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { type Clock, systemClock } from './chat/clock.js';
import { createContentFilter } from './chat/content-filter.js';
import type { ChatDeps } from './chat/deps.js';
import { releaseFiles } from './chat/files/release.js';
import { createFileUrls } from './chat/files/urls.js';
import { createInboxHub } from './chat/inbox/hub.js';
import type { InboxItem } from './chat/inbox/item.js';
import { type Retention, startRetention } from './chat/messages/retention.js';
import { createTyping } from './chat/people/typing.js';
import { createPresence } from './chat/presence.js';
import { createRateLimits, noRateLimits } from './chat/rate-limits.js';
import { createRecentMessages } from './chat/recent-messages.js';
import { ensureDefaultRoom } from './chat/rooms.js';
import { createSessions } from './chat/sessions.js';
import { readStats, rollUpStats } from './chat/stats.js';
import { createTokenIssuer, resolveJwtSecret } from './chat/tokens.js';
import type { Config } from './config.js';
import { openDatabase } from './db/client.js';
import { isDatabaseFailure } from './db/errors.js';
import { exampleSession } from './example-session.js';
import { createDiskFileStore } from './files/disk.js';
import { clientAddressOf } from './http/client-address.js';
import { serveFiles } from './http/files.js';
import { serveGraphqlPosts } from './http/graphql-post.js';
import { isMultipart, serveUploads } from './http/uploads.js';
import { serveWebClient } from './http/web-client.js';
import { createLogger, requestIdOf, requestScope, yogaLogging } from './logging.js';
import { createMetrics } from './metrics.js';
import { createDocumentCache } from './plugins/document-cache.js';
import { useNoIntrospection } from './plugins/introspection.js';
import { useQueryCost } from './plugins/query-cost.js';
import { useSharedSubscriptions } from './plugins/shared-subscriptions.js';
import { useTextInputs } from './plugins/text-inputs.js';
import { useTokenExpiry } from './plugins/token-expiry.js';
import type { ListenerSet } from './pubsub/listeners.js';
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
import { checkReadiness, readinessResponse } from './readiness.js';
import { bearerToken, createContext, type Viewer } from './schema/context.js';
import { schema } from './schema/index.js';
import { prefetchReplayPage } from './schema/loaders.js';
import { createMaskError, useContractErrorCodes } from './schema/mask-error.js';
import { serveWebSockets } from './websocket/serve.js';
import { useCompiledQueries } from './yoga-jit.js';

/** How often statistics are rolled up (src/chat/stats.ts). */
const STATS_ROLLUP_EVERY_MS = 10_000;

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
  /** Message retention, when MESSAGE_RETENTION_DAYS is set. */
  retention: Retention | null;
}

export interface BuildOptions {
  /** Should come from createLogger (request ids, redaction). */
  logger?: Logger;
  /** More envelop plugins, after ours (every transport runs them: HTTP, SSE, WebSocket). */
  plugins?: Plugin[];
  /** What token expiry and the edit and recall windows read; tests pass one they move. */
  clock?: Clock;
  /** The clock rate limits refill by, when not `clock`'s (tests move it). */
  now?: () => number;
  /** How often delivered positions are written (1 s; tests flush by hand instead). */
  deliveredFlushMs?: number;
  /** Deletes the files of messages retention removed (see ChatDeps.removeMessageFiles). */
  removeMessageFiles?: ChatDeps['removeMessageFiles'];
}

/** Builds the whole server from a config: storage, pub/sub, schema, HTTP and WebSocket. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  // Token expiry and the edit and recall windows read it; tests pass one they move.
  const clock = options.clock ?? systemClock;
  // Read when scraped, by which time everything below exists.
  const { registry: metrics, meters } = createMetrics({
    webSockets: () => wss.clients.size,
    inboxStreams: () => inbox.stats().streams,
    presenceSubscriptions: () => listeners.count('presence'),
    deliveredEvents: () => inbox.deliveredCount(),
    stats: () => readStats(deps, {}),
  });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    pgliteDump: config.pgliteDump,
  });
  let pubsub: PubSub;
  let presenceStore: PresenceStore;
  let rateCounter: RateCounter;
  let listeners: ListenerSet;
  if (config.redisUrl) {
    const redis = await createRedisPubSub({
      url: config.redisUrl,
      prefix: config.redisPrefix,
      logger,
      onError: (during) => meters.redisError(during),
    });
    pubsub = redis;
    listeners = redis.listeners;
    presenceStore = createRedisPresenceStore(redis.commands, config.redisPrefix);
    rateCounter = createRedisRateCounter(redis.commands, config.redisPrefix);
  } else {
    const memory = createMemoryPubSub();
    pubsub = memory;
    listeners = memory.listeners;
    presenceStore = createMemoryPresenceStore();
    rateCounter = createMemoryRateCounter();
  }
  const sessions = createSessions({ database, pubsub, clock, logger });
  const secret = await resolveJwtSecret(database, config.jwtSecret);
  const tokens = createTokenIssuer(database, {
    sessions,
    secret,
    ttlSeconds: config.jwtTtlSeconds,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    external: config.jwtExternal,
    clock,
    logger,
  });
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
    maxEvents: config.inboxMaxEvents,
    ...(options.deliveredFlushMs ? { deliveredFlushMs: options.deliveredFlushMs } : {}),
    meters,
  });
  const limits = config.rateLimits
    ? createRateLimits({
        counter: rateCounter,
        rules: config.rateLimits,
        logger,
        meters,
        now: options.now ?? (() => clock.now()),
      })
    : noRateLimits;
  const typing = createTyping({ database, pubsub, limits, clock, logger });
  const deps: ChatDeps = {
    database,
    pubsub,
    tokens,
    sessions,
    presence,
    typing,
    inbox,
    recentMessages,
    limits,
    logger,
    defaultRoom: config.defaultRoom,
    faultCrashAfterCommit: config.faultCrashAfterCommit,
    inboxMaxEvents: config.inboxMaxEvents,
    adminUsernames: config.adminUsernames,
    clock,
    editWindowMs: config.editWindowMs,
    recallWindowMs: config.recallWindowMs,
    files: createDiskFileStore(join(config.dataDir, 'files')),
    fileUrls: createFileUrls({
      secret,
      ttlMs: config.fileUrlTtlMs,
      clock,
      base: config.publicUrl,
    }),
    maxUploadBytes: config.maxUploadBytes,
    contentFilter: createContentFilter(config.contentFilter.words, config.contentFilter.mode),
    meters,
    removeMessageFiles: options.removeMessageFiles ?? ((gone) => releaseFiles(deps, gone)),
  };
  await ensureDefaultRoom(deps);
  // Statistics are rolled up in the background (one instance at a time), not on the send path.
  let rollingUp: Promise<unknown> = Promise.resolve();
  const rollUp = () => {
    rollingUp = rollUpStats(database).catch((error) => {
      meters.databaseError('background');
      logger.warn({ err: error }, 'stats rollup failed');
    });
  };
  const statsTimer = setInterval(rollUp, STATS_ROLLUP_EVERY_MS);
  statsTimer.unref();
  rollUp();
  const retention = config.messageRetention ? startRetention(deps, config.messageRetention) : null;
  const maskError = createMaskError(logger, meters);

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
    // GraphiQL's scripts and styles inlined from npm (pinned), not from a CDN: the page works
    // offline and in an air-gapped network. Loaded on the first page view: the bundle is 9 MB
    // (~0.3 s and ~50 MB to load) that a server nobody opens GraphiQL on never needs.
    renderGraphiQL: async (options) =>
      (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    logging: yogaLogging(logger),
    // Parse errors are not cached: yoga marks one as the request's (GRAPHQL_PARSE_FAILED, status
    // 400) only when an HTTP request parses it, and the socket and the document cache parse
    // outside requests. Cached unmarked, it answered later HTTP requests with 200.
    parserAndValidationCache: {
      documentCache: createDocumentCache(config.documentCacheChars),
      errorCache: { get: () => undefined, set: () => {} },
    },
    maxRequestBodySize: config.maxRequestBytes,
    // Uploads are src/http/uploads.ts's: yoga's parser would hold each file whole in memory.
    multipart: false,
    maskedErrors: { maskError },
    plugins: [
      useContractErrorCodes(),
      useTextInputs(),
      EnvelopArmorPlugin({
        maxDepth: { n: config.maxQueryDepth },
        maxTokens: { n: config.maxQueryTokens },
        maxAliases: { n: config.maxQueryAliases },
        // Weighs fields by depth, not by page size: useQueryCost counts what pages may hold.
        costLimit: { enabled: false },
        blockFieldSuggestion: { enabled: !config.introspection },
      }),
      useQueryCost({ maxCost: config.maxQueryCost }),
      ...(config.introspection ? [] : [useNoIntrospection()]),
      useCompiledQueries(logger),
      useSharedSubscriptions({
        shareKeyOf: (event) => (event as InboxItem).bell,
        onCompileError: (errors) => logger.warn({ errors }, 'graphql-jit could not compile'),
        isTransient: isDatabaseFailure,
        maskError,
      }),
      useTokenExpiry(clock, sessions),
      ...(options.plugins ?? []),
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
    maxBodyBytes: config.maxRequestBytes,
    fallback: (req, res) => yoga.handle(req, res),
    maskError,
  });
  const uploads = serveUploads({ yoga, maxFileBytes: config.maxUploadBytes, maskError });
  const files = serveFiles(deps);
  const serveGraphql = config.httpFastPath
    ? graphqlPosts.handle
    : (req: IncomingMessage, res: ServerResponse) => yoga.handle(req, res);
  // The web chat at `/` (npm start builds it into web/dist); GraphiQL stays at /graphql.
  const webClient = serveWebClient();
  if (!webClient) logger.debug('web client not built (web/dist): only /graphql is served');
  // ws closes a socket whose message is larger with 1009 (message too big), before parsing it.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxWsMessageBytes });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (path === '/readyz') {
      const readiness = await checkReadiness({
        database: { kind: database.kind, required: true, ping: () => database.ping() },
        pubsub: { kind: pubsub.kind, required: false, ping: () => pubsub.ping() },
      });
      if (readiness.failures.database) meters.databaseError('readiness');
      if (readiness.status !== 'ready') {
        logger.warn(
          { parts: readiness.parts, err: Object.values(readiness.failures)[0] },
          'not ready',
        );
      }
      const answer = readinessResponse(readiness);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    } else if (path === '/metrics') {
      res.writeHead(200, { 'content-type': metrics.contentType }).end(await metrics.metrics());
    } else if (path?.startsWith('/files/')) {
      await files(req, res);
    } else if (
      // Every other GET is the web client's (its pages fall back to index.html).
      webClient &&
      path !== '/graphql' &&
      (req.method === 'GET' || req.method === 'HEAD')
    ) {
      webClient(req, res);
    } else if (isMultipart(req)) {
      await uploads(req, res);
    } else {
      await serveGraphql(req, res);
    }
  }

  /** The request's id, echoed to the client; the header now holds the id the server uses. */
  const identify = (req: IncomingMessage): string => {
    const reqId = requestIdOf(req.headers['x-request-id']);
    req.headers['x-request-id'] = reqId;
    return reqId;
  };

  const server = createServer((req, res) => {
    // A body without a length may be refused part-read (413): what is left of it is still on
    // the connection, which then cannot carry another request. Close it after the answer.
    if (req.headers['transfer-encoding']) res.setHeader('connection', 'close');
    const reqId = identify(req);
    res.setHeader('x-request-id', reqId);
    requestScope.run({ reqId }, () =>
      handle(req, res).catch((error) => {
        logger.error({ err: error }, 'request failed');
        if (!res.headersSent) res.writeHead(500).end();
      }),
    );
  });
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').split('?')[0] !== '/graphql') {
      socket.destroy();
      return;
    }
    // The socket's id; each message on it is served as `<socket id>.<n>` (graphql-ws-server.ts).
    identify(req);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  wss.on('headers', (headers, req) => headers.push(`x-request-id: ${req.headers['x-request-id']}`));
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
    retention,
    start(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
          // File URLs are absolute: PUBLIC_URL, or where this server listens.
          if (!config.publicUrl) deps.fileUrls.setBase(url);
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
        clearInterval(statsTimer);
        await rollingUp;
        await retention?.stop();
        await inbox.stop();
        typing.stop();
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
