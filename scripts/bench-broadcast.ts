// Times an everyone-broadcast to 100,000 users on a real PostgreSQL, on a fresh database
// that is dropped afterwards:  npx tsx scripts/bench-broadcast.ts
// BENCH_DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/test);
// BENCH_USERS the number of users.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import postgres from 'postgres';
import { broadcast } from '../src/chat/broadcast.js';
import type { ChatDeps } from '../src/chat/deps.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createMemoryPubSub } from '../src/pubsub/memory.js';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const userCount = Number(process.env.BENCH_USERS ?? 100_000);
const name = `chat_bench_${randomBytes(6).toString('hex')}`;

const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;

const config = loadConfig({});
const database = await openDatabase({
  databaseUrl: url.toString(),
  dataDir: config.dataDir,
  poolSize: 4,
});
try {
  const seedStarted = performance.now();
  await database.rows(sql`insert into users (username, display_name, password_hash, role)
    select 'bench' || i, 'Bench ' || i, 'dummy-hash', case when i = 1 then 'ADMIN' else 'USER' end
    from generate_series(1, ${userCount}) as i`);
  await database.rows(sql`insert into inbox_counters (user_id) select id from users`);
  await database.rows(sql`analyze users; analyze inbox_counters`);
  const [adminRow] = await database.rows<{ id: string | number }>(
    sql`select id from users where role = 'ADMIN'`,
  );
  if (!adminRow) throw new Error('no admin seeded');
  console.log(
    `seeded ${userCount.toLocaleString('en')} users in ${Math.round(performance.now() - seedStarted)} ms`,
  );

  // broadcast() touches only the database and the pub/sub (its doorbells); the rest of
  // ChatDeps (tokens, presence, the inbox hub) belongs to a running server.
  const pubsub = createMemoryPubSub();
  const deps = { database, pubsub, logger: pino({ level: 'warn' }) } as Pick<
    ChatDeps,
    'database' | 'pubsub' | 'logger'
  > as ChatDeps;

  const started = performance.now();
  const recipients = await broadcast(
    deps,
    Number(adminRow.id),
    'Scheduled maintenance tonight',
    null,
  );
  const ms = performance.now() - started;

  const [{ count } = { count: 0 }] = await database.rows<{ count: number }>(
    sql`select count(*)::int as count from inbox_events where kind = 'BROADCAST'`,
  );
  console.log(`recipients: ${recipients.toLocaleString('en')}`);
  const perSecond = Math.round(recipients / (ms / 1000));
  console.log(
    `broadcast:  ${Math.round(ms).toLocaleString('en')} ms (${perSecond.toLocaleString('en')} events/s)`,
  );
  console.log(`inbox_events written: ${Number(count).toLocaleString('en')}`);
  if (recipients !== userCount || Number(count) !== userCount) {
    console.error(`expected ${userCount} recipients and inbox events`);
    process.exitCode = 1;
  }
  await pubsub.close();
} finally {
  await database.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
