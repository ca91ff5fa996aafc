/**
 * PostgreSQL's own CPU per send, by fan-out, next to a bare INSERT into the same table:
 * the part of a send no server code can remove. A fresh database gets the migrations and
 * users in a direct conversation, a room of 10 and a room of 200. One connection then runs
 * `chat_send_message` N times, one transaction each, and reads the backend's CPU time from
 * /proc/self/schedstat before and after (on the database host, as a superuser), so the
 * figure is the backend's on-CPU time, not wall time on a busy machine. The WAL writer's
 * share of a commit is not in it.
 *
 *   npx tsx bench/tools/pg-send-cost.ts [N=500]
 *   BENCH_POSTGRES_ADMIN_URL   admin connection (default postgres://postgres@127.0.0.1:5432/test)
 */
import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.js';

const N = Number(process.argv[2] ?? 500);
const adminUrl = process.env.BENCH_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const name = `pg_send_cost_${process.pid}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
try {
  // Migrates it, as the server does at start.
  await (await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 1 })).close();
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await sql.unsafe(`
    insert into users (username, display_name, password_hash)
      select 'u' || g, 'U ' || g, 'x' from generate_series(1, 202) g;
    insert into inbox_counters (user_id) select id from users;
    insert into conversations (kind, title, member_count, direct_key)
      values ('DIRECT', null, 2, '201:202'), ('ROOM', 'ten', 10, null), ('ROOM', 'two hundred', 200, null);
    insert into members (conversation_id, user_id) select 1, id from users where id in (201, 202);
    insert into members (conversation_id, user_id) select 2, id from users where id <= 10;
    insert into members (conversation_id, user_id) select 3, id from users where id <= 200;
    create sequence bare_seq start 1000000;`);
  await sql.unsafe('vacuum analyze');
  const body = `'${'b'.repeat(64)}'`;
  const cpuNs = async () =>
    Number(
      (await sql`select split_part(pg_read_file('/proc/self/schedstat'), ' ', 1) as ns`)[0]?.ns,
    );
  /** Backend CPU µs per call of `statement`, each call its own transaction. */
  const perCall = async (statement: string, calls: number) => {
    const before = await cpuNs();
    await sql.unsafe(
      `do $$ begin for i in 1..${calls} loop ${statement}; commit; end loop; end $$`,
    );
    return ((await cpuNs()) - before) / 1000 / calls;
  };
  const send = (sender: number, conversation: number) =>
    `perform chat_send_message(${sender}, ${conversation}, null, 'TEXT', ${body}, null, null, null, 10000)`;
  const cases: [string, string, number][] = [
    [
      'bare INSERT into messages',
      `insert into messages (conversation_id, seq, sender_id, kind, body, created_at)
        values (1, nextval('bare_seq'), 201, 'TEXT', ${body}, now())`,
      N,
    ],
    ['send, direct (2 inboxes)', send(201, 1), N],
    ['send, room of 10', send(1, 2), N],
    ['send, room of 200', send(1, 3), Math.max(20, Math.round(N / 10))],
  ];
  console.log(`PostgreSQL backend CPU per call (${N} calls; the room of 200: ${cases[3]?.[2]})`);
  for (const [label, statement, calls] of cases) {
    await perCall(statement, Math.max(10, Math.round(calls / 10))); // warm-up
    console.log(`  ${label.padEnd(28)} ${(await perCall(statement, calls)).toFixed(0)} µs`);
  }
  await sql.end();
} finally {
  await admin.unsafe(`drop database ${name} with (force)`);
  await admin.end();
}
