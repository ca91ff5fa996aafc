/**
 * What `stats` costs over a big database: a fresh PostgreSQL database seeded with <messages>
 * messages (default 1,000,000) from 10,000 users in 100 rooms over the last 60 days, then
 *   - the first rollup (every message folded into per-day rows, once),
 *   - `stats` for the last 30 days (what the resolver runs), <runs> times, rolled up,
 *   - the same with 5,000 messages younger than the rollup (the live tail it counts),
 *   - the rollup with nothing old enough to fold past that tail (a busy server's every 10 s).
 *
 *   npx tsx bench/tools/stats-cost.ts [messages] [runs]
 */
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { systemClock } from '../../src/chat/clock.ts';
import type { ChatDeps } from '../../src/chat/deps.ts';
import { readStats, rollUpStats } from '../../src/chat/stats.ts';
import { openDatabase } from '../../src/db/client.ts';
import { createScratchDatabase } from '../extras/scratch-database.ts';

const MESSAGES = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 200);
const USERS = 10_000;
const ROOMS = 100;
const DAYS = 60;
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const scratch = await createScratchDatabase(serverUrl);
const database = await openDatabase({ databaseUrl: scratch.url, dataDir: '', poolSize: 4 });
const ms = (from: number) => Number((performance.now() - from).toFixed(1));

try {
  let t = performance.now();
  await database.rows(sql`insert into users (username, display_name, password_hash, created_at)
    select 'u' || n, 'User ' || n, 'x', now() - make_interval(days => ${DAYS}) + n * interval '5 minutes'
    from generate_series(1, ${USERS}) n`);
  await database.rows(sql`insert into conversations (kind, title, member_count, last_seq)
    select 'ROOM', 'room ' || n, 0, ${Math.ceil(MESSAGES / ROOMS)} from generate_series(1, ${ROOMS}) n`);
  // Spread over DAYS days, oldest first (ids follow time, as they do when sent).
  await database.rows(sql`insert into messages (conversation_id, seq, sender_id, kind, body, created_at)
    select (select min(id) from conversations where kind = 'ROOM' and title like 'room %') + (n % ${ROOMS}),
      n / ${ROOMS} + 1, 1 + (n::bigint * 7919) % ${USERS}, 'TEXT', 'message ' || n,
      now() - make_interval(days => ${DAYS}) + (n::float8 / ${MESSAGES}) * make_interval(days => ${DAYS - 1})
    from generate_series(0, ${MESSAGES - 1}) n`);
  await database.rows(sql`analyze`);
  console.log(`seeded ${MESSAGES} messages, ${USERS} users in ${ms(t)} ms`);

  t = performance.now();
  const folded = await rollUpStats(database);
  console.log(`first rollup: ${folded} rows folded in ${ms(t)} ms`);

  const deps = {
    database,
    clock: systemClock,
    presence: { onlineUserIds: async () => [] as number[] },
    logger: pino({ level: 'silent' }),
  } as unknown as ChatDeps;

  /** Runs `run` RUNS times; its p50, p95 and max in ms. */
  async function timed(run: () => Promise<void>): Promise<string> {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) =>
      (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(2);
    return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms over ${RUNS} runs`;
  }

  async function measure(label: string) {
    let last: Awaited<ReturnType<typeof readStats>> | undefined;
    const times = await timed(async () => {
      last = await readStats(deps, {});
    });
    console.log(
      `${label}: ${times} ` +
        `(messages ${last?.messages}, days ${last?.days.length}, today ${JSON.stringify(last?.days.at(-1))})`,
    );
  }

  await measure('stats, rolled up');
  // 5,000 messages just now: younger than the rollup keeps back, counted live.
  await database.rows(sql`insert into messages (conversation_id, seq, sender_id, kind, body, created_at)
    select (select min(id) from conversations where kind = 'ROOM' and title like 'room %'),
      ${MESSAGES} + n, 1 + n % 500, 'TEXT', 'fresh ' || n, now()
    from generate_series(1, 5000) n`);
  await measure('stats, with a 5,000-message live tail');

  // What a busy server's rollup pays every 10 s when nothing is old enough to fold.
  const rollups = await timed(async () => {
    const folded = await rollUpStats(database);
    if (folded !== 0)
      throw new Error(`the rollup folded ${folded} rows younger than it keeps back`);
  });
  console.log(`rollup with nothing settled past a 5,000-message tail: ${rollups}`);
} finally {
  await database.close();
  await scratch.drop();
}
