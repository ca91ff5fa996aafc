/**
 * A fresh PostgreSQL database per server start for the peers backed by PostgreSQL
 * (`bench_<random>`, created through BENCH_POSTGRES_ADMIN_URL, default
 * postgres://postgres@127.0.0.1:5432/test, dropped after the server stops), unless
 * BENCH_DATABASE_URL is set (then that database is used as is). The runner pins the
 * backends of the returned database to the server core and reports their CPU.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { ServerInstanceResources } from '../peers/peer-types.ts';

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Throws when BENCH_DATABASE_URL is set but is not a postgres:// URL. */
export function assertDatabaseSettings(): void {
  const explicit = process.env.BENCH_DATABASE_URL;
  if (explicit !== undefined && !/^postgres(ql)?:\/\//.test(explicit)) {
    throw new Error('BENCH_DATABASE_URL must be a postgres:// URL');
  }
}

/**
 * Creates the database and returns its URL in DATABASE_URL, plus REDIS_PREFIX so instances
 * sharing the runner's Redis never see each other's keys.
 */
export async function provisionBenchDatabase(): Promise<ServerInstanceResources> {
  const tag = randomBytes(5).toString('hex');
  const redisPrefix = `bench-${tag}:`;
  const explicit = process.env.BENCH_DATABASE_URL;
  if (explicit) {
    return {
      env: { DATABASE_URL: explicit, REDIS_PREFIX: redisPrefix },
      postgresDatabase: new URL(explicit).pathname.slice(1) || undefined,
      release: async () => {},
    };
  }
  const adminUrl = process.env.BENCH_POSTGRES_ADMIN_URL ?? DEFAULT_ADMIN_URL;
  const name = `bench_${tag}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    throw new Error(
      `cannot create a database through ${adminUrl} (set BENCH_POSTGRES_ADMIN_URL or BENCH_DATABASE_URL): ${String(error)}`,
    );
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), REDIS_PREFIX: redisPrefix },
    postgresDatabase: name,
    async release() {
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/**
 * Gathers the planner's statistics of a bench database (a tool's ANALYZE=1). Without them, on
 * a PostgreSQL without autovacuum, a fresh database's plans follow size guesses from column
 * widths: a column added to `members` flipped chat_send_message's recipient join between a
 * hash join over every inbox counter and a nested loop that way, +0.7 ms per message in a
 * room of 200. The bench itself does not analyze: statistics taken once at setup, while
 * messages and inbox events are still empty, made its rooms of 10 slower than none at all.
 */
export async function analyzeBenchDatabase(name: string | undefined): Promise<void> {
  if (name === undefined) return;
  const url = new URL(
    process.env.BENCH_DATABASE_URL ?? process.env.BENCH_POSTGRES_ADMIN_URL ?? DEFAULT_ADMIN_URL,
  );
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe('analyze');
  } finally {
    await sql.end();
  }
}
