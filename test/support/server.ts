import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type Config, type Env, loadConfig } from '../../src/config.js';
import { type App, buildApp } from '../../src/server.js';
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

export interface TestServer {
  app: App;
  config: Config;
  url: string;
  httpUrl: string;
  wsUrl: string;
  stop(): Promise<void>;
}

const quiet = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A real server on an ephemeral port, on the given storage (a new one when absent). */
export async function startServer(
  env: Env = {},
  storage?: Storage,
  /** `now`: the clock rate limits refill by, for specs that move time. */
  options: { now?: () => number } = {},
): Promise<TestServer & { storage: Storage }> {
  const own = storage ?? (await createStorage());
  // Tests sign up many users from one address; the rate-limit spec turns limits back on.
  const config = loadConfig({
    JWT_SECRET: 'test-secret-of-at-least-32-bytes!!',
    RATE_LIMITS: 'off',
    ...own.env,
    ...env,
  });
  if (own.pgliteDump) config.pgliteDump = own.pgliteDump;
  const app = await buildApp(config, { logger: quiet, now: options.now });
  const base = await app.start(0, '127.0.0.1');
  return {
    app,
    config,
    url: base,
    httpUrl: `${base}/graphql`,
    wsUrl: `${base.replace('http', 'ws')}/graphql`,
    storage: own,
    async stop() {
      await app.stop();
      if (!storage) await own.drop();
    },
  };
}
