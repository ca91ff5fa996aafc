import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type DestinationStream, pino } from 'pino';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type Config, type Env, loadConfig } from '../../src/config.js';
import { pgliteExtensions } from '../../src/db/client.js';
import { createLogger } from '../../src/logging.js';
import { type App, type BuildOptions, buildApp } from '../../src/server.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './services.js';

export const backend = (process.env.CHAT_TEST_BACKEND ?? 'embedded') as 'embedded' | 'services';
export const onServices = backend === 'services';

/** Where a test's data lives: one fresh database (and Redis prefix) shared by its servers. */
export interface Storage {
  env: Env;
  pgliteDump?: Blob;
  drop(): Promise<void>;
}

/** A fresh PostgreSQL database and Redis prefix, or a fresh embedded database. */
export async function createStorage(): Promise<Storage> {
  if (!onServices) {
    const bytes = readFileSync(inject('pgliteTemplate'));
    return { env: {}, pgliteDump: new Blob([bytes]), drop: async () => {} };
  }
  const name = `chat_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `${name}:` },
    async drop() {
      const cleanup = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * Storage that outlives a server, so a restarted one finds every row: on the embedded backend
 * a data directory seeded from the migrated template (no initdb), else a fresh database.
 */
export async function createDurableStorage(): Promise<Storage> {
  if (onServices) return createStorage();
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-durable-'));
  const seed = new PGlite(dataDir, {
    extensions: pgliteExtensions,
    loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]),
  });
  await seed.waitReady;
  await seed.close();
  return {
    env: { DATA_DIR: dataDir },
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export interface TestServer {
  app: App;
  config: Config;
  url: string;
  httpUrl: string;
  wsUrl: string;
  stop(): Promise<void>;
}

export interface LogOptions {
  /** Where the server's log lines go (stdout when absent). */
  logTo?: DestinationStream;
  /** Its level; TEST_LOG_LEVEL or silent when absent. */
  logLevel?: string;
}

/**
 * TEST_LOG_FILE: every server of the run appends its log there (CI greps the whole suite's
 * log for tokens, password hashes and the test password; see .ci/run).
 */
let suiteLogFile: DestinationStream | undefined;
export function suiteLog(): DestinationStream | undefined {
  const path = process.env.TEST_LOG_FILE;
  if (!path) return undefined;
  // Synchronous: a test worker may exit without flushing an asynchronous stream.
  suiteLogFile ??= pino.destination({ dest: path, append: true, sync: true });
  return suiteLogFile;
}

/**
 * A real server on the given storage (a new one when absent), on an ephemeral port unless
 * `port` is given (a restart on the port the clients know); with a `clock`, token expiry
 * follows it instead of the system's.
 */
export async function startServer(
  env: Env = {},
  storage?: Storage,
  options: Omit<BuildOptions, 'logger'> & LogOptions & { port?: number } = {},
): Promise<TestServer & { storage: Storage }> {
  const own = storage ?? (await createStorage());
  // Uploaded files go under DATA_DIR: a directory of this server's unless the test gives one.
  const filesDir =
    own.env.DATA_DIR || env.DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'chat-data-'));
  // Tests sign up many users from one address; the rate-limit spec turns limits back on.
  const config = loadConfig({
    JWT_SECRET: 'test-secret-of-at-least-32-bytes!!',
    RATE_LIMITS: 'off',
    ...(filesDir ? { DATA_DIR: filesDir } : {}),
    ...own.env,
    ...env,
  });
  if (own.pgliteDump) config.pgliteDump = own.pgliteDump;
  // The server's own logger (request ids, redaction), quiet unless asked.
  const { logTo, logLevel, port = 0, ...build } = options;
  const logger = createLogger(
    logLevel ?? process.env.TEST_LOG_LEVEL ?? 'silent',
    logTo ?? suiteLog(),
  );
  const app = await buildApp(config, { ...build, logger });
  const base = await app.start(port, '127.0.0.1');
  return {
    app,
    config,
    url: base,
    httpUrl: `${base}/graphql`,
    wsUrl: `${base.replace('http', 'ws')}/graphql`,
    storage: own,
    async stop() {
      await app.stop();
      if (filesDir) rmSync(filesDir, { recursive: true, force: true });
      if (!storage) await own.drop();
    },
  };
}
