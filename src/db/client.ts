import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as tables from './tables.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof tables>;
/** A transaction or the database itself: queries take either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Runs raw SQL and returns its rows, whichever driver is underneath. */
  rows<T>(query: SQL, tx?: Tx): Promise<T[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Extensions the migrations create (PostgreSQL has them in contrib; PGlite loads them). */
export const pgliteExtensions = { pg_trgm };

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
/** Any constant: instances starting together take turns migrating. */
const MIGRATION_LOCK = 7_270_001;

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize: number;
  /** Boot the embedded database in memory from this dump (tests). */
  pgliteDump?: Blob | undefined;
}

/** Opens PostgreSQL when a URL is given, embedded PGlite otherwise, and applies migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize)
    : openPglite(options);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const migrator = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrator`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres(migrator), { migrationsFolder });
    await migrator`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await migrator.end();
  }
  const client = preparing(postgres(url, { max: poolSize, onnotice: () => {} }));
  const db = drizzlePostgres(client, { schema: tables, casing: 'snake_case' }) as unknown as Db;
  return wrap(db, 'postgres', () => client.end({ timeout: 5 }));
}

type UnsafeOptions = { prepare?: boolean; simple?: boolean };
type Unsafe = (query: string, args?: unknown[], options?: UnsafeOptions) => unknown;

/**
 * drizzle sends every query unnamed, so PostgreSQL parses and plans it every time.
 * postgres.js can name each distinct query text once per connection and reuse it: ask it
 * to, for queries with parameters, on the pool and on every transaction's connection.
 */
function preparing<T extends postgres.Sql>(sql: T): T {
  const withPrepare = (target: { unsafe: Unsafe }) => {
    const unsafe = target.unsafe.bind(target) as Unsafe;
    target.unsafe = (query, args = [], options = {}) =>
      unsafe(query, args, args.length > 0 ? { ...options, prepare: true } : options);
  };
  withPrepare(sql as unknown as { unsafe: Unsafe });
  const begin = sql.begin.bind(sql) as (...args: unknown[]) => unknown;
  (sql as unknown as { begin: unknown }).begin = (...args: unknown[]) => {
    const fn = args.pop() as (tx: { unsafe: Unsafe }) => unknown;
    return begin(...args, (tx: { unsafe: Unsafe }) => {
      withPrepare(tx);
      return fn(tx);
    });
  };
  return sql;
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  let client: PGlite;
  if (options.pgliteDump) {
    client = new PGlite({ loadDataDir: options.pgliteDump, extensions: pgliteExtensions });
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    client = new PGlite(options.dataDir, { extensions: pgliteExtensions });
  }
  await client.waitReady;
  const db = drizzlePglite(client, { schema: tables, casing: 'snake_case' }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  return wrap(db, 'pglite', () => client.close());
}

function wrap(db: Db, kind: Database['kind'], close: () => Promise<void>): Database {
  return {
    db,
    kind,
    async rows<T>(query: SQL, tx: Tx = db) {
      const result = (await tx.execute(query)) as unknown as T[] | { rows: T[] };
      return Array.isArray(result) ? result : result.rows;
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    close,
  };
}

/** Dumps a freshly migrated embedded database, so tests boot in well under a second. */
export async function makePgliteTemplate(): Promise<Blob> {
  const client = new PGlite({ extensions: pgliteExtensions });
  await migratePglite(drizzlePglite(client), { migrationsFolder });
  const dump = await client.dumpDataDir('none');
  await client.close();
  return dump;
}
