/**
 * Seeds measurement 5's data (1,000,000 messages, the viewer in 50 of 2,000 rooms) into a
 * database that is kept, so search plans can be read with EXPLAIN (ANALYZE, BUFFERS) while
 * iterating, without the 1,000,000-row seed of every bench run:
 *
 *   npx tsx bench/extras/seed-search-scratch.ts [database] [messages]   # default search_scratch
 *   psql -h 127.0.0.1 -U postgres search_scratch
 *
 * Running it again on a seeded database only applies new migrations (timing them on the
 * large table). Drop the database yourself when done.
 */
import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.js';
import { seedSearch } from './measure-search.ts';
import { POSTGRES_SERVER_URL } from './settings.ts';

const name = process.argv[2] ?? 'search_scratch';
const count = Number(process.argv[3] ?? 1_000_000);
if (!/^[a-z_][a-z0-9_]*$/.test(name) || name === 'test') {
  throw new Error(`not a scratch database name: ${name}`);
}
if (!Number.isInteger(count) || count < 1 || count > 10_000_000) {
  throw new Error(`messages must be 1..10,000,000: ${process.argv[3]}`);
}

const admin = postgres(POSTGRES_SERVER_URL, { max: 1, onnotice: () => {} });
const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
if (!exists) await admin.unsafe(`create database ${name}`);
await admin.end();
const url = new URL(POSTGRES_SERVER_URL);
url.pathname = `/${name}`;

let started = performance.now();
const migrated = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 1 });
await migrated.close();
console.log(`migrations applied in ${Math.round(performance.now() - started)} ms`);

const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
try {
  const [seeded] = await sql`select 1 from users where username = 'search1'`;
  if (!seeded) {
    started = performance.now();
    const fixture = await seedSearch(sql, count);
    await sql`vacuum (analyze)`;
    await sql`checkpoint`;
    console.log(
      `seeded in ${Math.round((performance.now() - started) / 1000)} s:`,
      JSON.stringify(fixture),
    );
  }
} finally {
  await sql.end();
}
