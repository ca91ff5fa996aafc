import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { type ContentFilterMode, parseWordList } from './chat/content-filter.js';
import { parseRateLimitRules, type RateLimitRules } from './chat/rate-limits.js';

const flag = z
  .enum(['on', 'off', 'true', 'false', '1', '0'])
  .transform((v) => v === 'on' || v === 'true' || v === '1');

const positiveInt = z.coerce.number().int().positive();

/**
 * Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer delay becomes 1 ms, so a
 * setInterval meant to run rarely would run every millisecond.
 */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
const timerSeconds = <T extends z.ZodCoercedNumber>(schema: T): T =>
  schema.max(
    MAX_TIMER_SECONDS,
    `at most ${MAX_TIMER_SECONDS} seconds (Node's timers cannot wait longer)`,
  ) as T;

/** Every environment variable the server reads, with its default. The README lists them. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  NODE_ENV: z.string().default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL')
    .optional(),
  /** Prefix of every Redis key and channel, so several deployments (or test runs) share one Redis. */
  REDIS_PREFIX: z.string().default('chat:'),
  DATA_DIR: z.string().default('./data'),
  JWT_SECRET: z
    .string()
    .refine((s) => Buffer.byteLength(s) >= 32, 'JWT_SECRET must be at least 32 bytes')
    .optional(),
  JWT_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),
  /** `iss` of the tokens we issue (and check). */
  JWT_ISSUER: z.string().min(1).default('chat-backend'),
  /** `aud` every accepted token must carry, ours and an identity provider's. */
  JWT_AUDIENCE: z.string().min(1).default('chat-api'),
  /** An identity provider's (or gateway's) key set: its tokens are accepted too. */
  JWT_JWKS_URL: z
    .url({ protocol: /^https?$/, error: 'JWT_JWKS_URL must be an http(s):// URL' })
    .optional(),
  /** `iss` of the identity provider's tokens. */
  JWT_JWKS_ISSUER: z.string().min(1).optional(),
  ADMIN_USERNAMES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((u) => u.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** `off`, `on` (the defaults), or overrides of some: `send=240/10s,searchMessages=30/1m`. */
  RATE_LIMITS: z
    .string()
    .default('on')
    .transform((value, ctx) => {
      if (['off', 'false', '0'].includes(value)) return null;
      try {
        return parseRateLimitRules(['on', 'true', '1'].includes(value) ? '' : value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** Proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDR blocks. */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const list = new BlockList();
      for (const entry of value
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean)) {
        const [address = '', bits] = entry.split('/');
        const family = isIP(address);
        const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
        if (
          !family ||
          !Number.isInteger(prefix) ||
          prefix < 0 ||
          prefix > (family === 6 ? 128 : 32)
        ) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" is not an address or CIDR block` });
          return z.NEVER;
        }
        list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
      }
      return list;
    }),
  /** Subscriptions one socket may hold open at once; the next gets an error, the socket stays. */
  WS_MAX_SUBSCRIPTIONS: positiveInt.default(50),
  /** Sockets one user may hold open on one instance; the next closes with 4429. */
  WS_MAX_SOCKETS_PER_USER: positiveInt.default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Pool size of the PostgreSQL client. */
  DATABASE_POOL_SIZE: positiveInt.default(10),
  /** Query limits (graphql-armor). */
  MAX_QUERY_DEPTH: positiveInt.default(10),
  MAX_QUERY_TOKENS: positiveInt.default(2000),
  MAX_QUERY_ALIASES: positiveInt.default(20),
  /** Values an answer may hold, each connection's fields counted once per item of its page. */
  MAX_QUERY_COST: positiveInt.default(10_000),
  /** Largest HTTP request body; a larger one is answered 413. */
  MAX_REQUEST_BYTES: positiveInt.default(128 * 1024),
  /** Largest WebSocket message; a larger one closes its socket with 1009. */
  MAX_WS_MESSAGE_BYTES: positiveInt.default(128 * 1024),
  /** Total length (characters) of the query texts whose parsed documents are cached. */
  DOCUMENT_CACHE_CHARS: positiveInt.default(2_000_000),
  /** Introspection and field suggestions; off by default when NODE_ENV=production. */
  GRAPHQL_INTROSPECTION: flag.optional(),
  /** Seconds between graphql-ws keep-alive pings; a dead socket is noticed after about two. */
  WS_KEEPALIVE_SECONDS: timerSeconds(positiveInt).default(20),
  /** Seconds a graceful shutdown waits for requests in flight. */
  SHUTDOWN_GRACE_SECONDS: timerSeconds(positiveInt).default(10),
  INBOX_RETENTION_DAYS: z.coerce.number().positive().default(7),
  INBOX_MAX_EVENTS: positiveInt.default(10_000),
  /** Seconds between catch-up reads of each live inbox (delivers events whose doorbell was lost). */
  INBOX_CATCHUP_SECONDS: timerSeconds(z.coerce.number().positive()).default(3),
  /** Seconds a presence lease lives without a heartbeat (a crashed instance's users go offline after it). */
  PRESENCE_LEASE_SECONDS: timerSeconds(positiveInt).default(45),
  DEFAULT_ROOM: z.string().default('lobby'),
  /** Seconds after sending during which the sender may edit a message. */
  EDIT_WINDOW_SECONDS: positiveInt.default(900),
  /** Seconds after sending during which the sender may recall a message. */
  RECALL_WINDOW_SECONDS: positiveInt.default(120),
  /** Messages older than this many days are removed (with their files and events); unset or 0: kept forever. */
  MESSAGE_RETENTION_DAYS: z.coerce.number().min(0).default(0),
  /** Seconds between retention runs. */
  MESSAGE_RETENTION_EVERY_SECONDS: timerSeconds(positiveInt).default(3600),
  /** Messages removed per transaction (a send to one of their conversations waits for one batch). */
  MESSAGE_RETENTION_BATCH: positiveInt.default(500),
  /** Largest uploaded file, in bytes (counted while it streams in). */
  MAX_UPLOAD_BYTES: positiveInt.default(10 * 1024 * 1024),
  /** Where clients reach this server (file URLs are absolute): `https://chat.example.com`. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'PUBLIC_URL must be an http(s):// URL' })
    .optional(),
  /** Seconds a signed file URL works. */
  FILE_URL_TTL_SECONDS: positiveInt.default(3600),
  /** A file of words and phrases (one a line) users may not write. */
  CONTENT_FILTER_WORDS_FILE: z.string().min(1).optional(),
  /** `mask` (the words become `***`) or `reject` (BAD_USER_INPUT). */
  CONTENT_FILTER_MODE: z.enum(['mask', 'reject']).default('mask'),
  /** `off` sends every HTTP request through yoga (to compare with the fast path). */
  HTTP_FAST_PATH: flag.default(true),
  /** Fault switch for `npm run chaos`: the chance that a send kills the process after its commit, before its publish. */
  CHAT_FAULT_CRASH_AFTER_COMMIT: z.coerce.number().min(0).max(1).default(0),
});

/** The environment as strings, as a process sees it. */
export type Env = { [K in keyof z.input<typeof envSchema>]?: string };

export interface Config {
  port: number;
  host: string;
  production: boolean;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  redisPrefix: string;
  dataDir: string;
  jwtSecret: string | undefined;
  jwtTtlSeconds: number;
  jwtIssuer: string;
  jwtAudience: string;
  /** Tokens of an external identity provider: its key set and its `iss`. */
  jwtExternal: { jwksUrl: URL; issuer: string } | undefined;
  adminUsernames: string[];
  /** Token bucket rules, or null when RATE_LIMITS=off. */
  rateLimits: RateLimitRules | null;
  /** Proxies whose X-Forwarded-For names the client (empty: none). */
  trustedProxies: BlockList;
  wsMaxSubscriptions: number;
  wsMaxSocketsPerUser: number;
  logLevel: string;
  databasePoolSize: number;
  maxQueryDepth: number;
  maxQueryTokens: number;
  maxQueryAliases: number;
  maxQueryCost: number;
  maxRequestBytes: number;
  maxWsMessageBytes: number;
  documentCacheChars: number;
  /** Introspection (`__schema`, `__type`) and "Did you mean" suggestions in errors. */
  introspection: boolean;
  wsKeepAliveMs: number;
  shutdownGraceMs: number;
  inboxRetentionMs: number;
  /** Null: messages are kept forever. */
  messageRetention: { retentionMs: number; everyMs: number; batchSize: number } | null;
  inboxMaxEvents: number;
  inboxCatchupMs: number;
  presenceLeaseMs: number;
  defaultRoom: string;
  editWindowMs: number;
  recallWindowMs: number;
  /** JSON POSTs of queries and mutations answered without yoga (src/http/graphql-post.ts). */
  httpFastPath: boolean;
  maxUploadBytes: number;
  fileUrlTtlMs: number;
  /** Where clients reach the server; absent: where it listens. */
  publicUrl: string | undefined;
  /** Words users may not write (read from CONTENT_FILTER_WORDS_FILE; empty: no filter). */
  contentFilter: { words: string[]; mode: ContentFilterMode };
  /** Chance (0–1) that a committed send kills the process before its doorbell (chaos runs only). */
  faultCrashAfterCommit: number;
  /** For tests: an embedded database loaded from this dump instead of DATA_DIR. */
  pgliteDump?: Blob;
}

export class ConfigError extends Error {}

/** Parses and validates the environment; throws a ConfigError that names every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.JWT_SECRET) {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
  }
  if (production && e.JWT_JWKS_URL?.startsWith('http:')) {
    // Whoever can alter the key set in transit can sign in as anyone.
    throw new ConfigError('JWT_JWKS_URL must be https:// when NODE_ENV=production');
  }
  let filterWords: string[] = [];
  if (e.CONTENT_FILTER_WORDS_FILE) {
    try {
      filterWords = parseWordList(readFileSync(e.CONTENT_FILTER_WORDS_FILE, 'utf8'));
    } catch (error) {
      throw new ConfigError(
        `CONTENT_FILTER_WORDS_FILE: cannot read ${e.CONTENT_FILTER_WORDS_FILE}: ${(error as Error).message}`,
      );
    }
  }
  return {
    port: e.PORT,
    host: e.HOST,
    production,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    dataDir: e.DATA_DIR,
    jwtSecret: e.JWT_SECRET,
    jwtTtlSeconds: e.JWT_TTL_SECONDS,
    jwtIssuer: e.JWT_ISSUER,
    jwtAudience: e.JWT_AUDIENCE,
    jwtExternal: e.JWT_JWKS_URL
      ? { jwksUrl: new URL(e.JWT_JWKS_URL), issuer: e.JWT_JWKS_ISSUER ?? e.JWT_ISSUER }
      : undefined,
    adminUsernames: e.ADMIN_USERNAMES,
    rateLimits: e.RATE_LIMITS,
    trustedProxies: e.TRUSTED_PROXIES,
    wsMaxSubscriptions: e.WS_MAX_SUBSCRIPTIONS,
    wsMaxSocketsPerUser: e.WS_MAX_SOCKETS_PER_USER,
    logLevel: e.LOG_LEVEL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    maxQueryDepth: e.MAX_QUERY_DEPTH,
    maxQueryTokens: e.MAX_QUERY_TOKENS,
    maxQueryAliases: e.MAX_QUERY_ALIASES,
    maxQueryCost: e.MAX_QUERY_COST,
    maxRequestBytes: e.MAX_REQUEST_BYTES,
    maxWsMessageBytes: e.MAX_WS_MESSAGE_BYTES,
    documentCacheChars: e.DOCUMENT_CACHE_CHARS,
    introspection: e.GRAPHQL_INTROSPECTION ?? !production,
    wsKeepAliveMs: e.WS_KEEPALIVE_SECONDS * 1000,
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    inboxRetentionMs: e.INBOX_RETENTION_DAYS * 86_400_000,
    messageRetention:
      e.MESSAGE_RETENTION_DAYS > 0
        ? {
            retentionMs: e.MESSAGE_RETENTION_DAYS * 86_400_000,
            everyMs: e.MESSAGE_RETENTION_EVERY_SECONDS * 1000,
            batchSize: e.MESSAGE_RETENTION_BATCH,
          }
        : null,
    inboxMaxEvents: e.INBOX_MAX_EVENTS,
    inboxCatchupMs: e.INBOX_CATCHUP_SECONDS * 1000,
    presenceLeaseMs: e.PRESENCE_LEASE_SECONDS * 1000,
    defaultRoom: e.DEFAULT_ROOM,
    editWindowMs: e.EDIT_WINDOW_SECONDS * 1000,
    recallWindowMs: e.RECALL_WINDOW_SECONDS * 1000,
    httpFastPath: e.HTTP_FAST_PATH,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    fileUrlTtlMs: e.FILE_URL_TTL_SECONDS * 1000,
    publicUrl: e.PUBLIC_URL,
    contentFilter: { words: filterWords, mode: e.CONTENT_FILTER_MODE },
    faultCrashAfterCommit: e.CHAT_FAULT_CRASH_AFTER_COMMIT,
  };
}
