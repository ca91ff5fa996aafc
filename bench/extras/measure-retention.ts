/**
 * Measurement 6: message retention over 1,000,000 messages past MESSAGE_RETENTION_DAYS
 * (issue 13): how long one run takes to remove them (and their inbox events), and how long
 * sends into the same conversations wait meanwhile, against the same sends without it.
 */
import { pino } from 'pino';
import type { ChatDeps } from '../../src/chat/deps.js';
import { runRetention } from '../../src/chat/messages/retention.js';
import { noMeters } from '../../src/chat/meters.js';
import { openDatabase } from '../../src/db/client.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { type Db, seedUsers } from './fixtures.ts';
import type { GraphqlHttpClient } from './graphql-http-client.ts';
import { percentile } from './latency-stats.ts';
import { BODY_BYTES } from './settings.ts';

const SEND_MUTATION = `mutation Send($input: SendInput!) { send(input: $input) { id } }`;
const CONVERSATIONS = 2_000;
const MEMBERS = 4;
const RETENTION_DAYS = 30;
const BATCH_SIZE = 500;
const SENDERS = 8;
/** Closed-loop sends before retention starts (the comparison). */
const BASELINE_MS = 10_000;

export interface RetentionFixture {
  messages: number;
  events: number;
  /** A sender per conversation they send into (conversations with old messages). */
  senders: { userId: number; conversationId: number }[];
}

/**
 * 2,000 rooms of four members, `count` messages 40 days old (1 ms apart, taking turns over
 * the rooms, every fourth with an attachment) and one MESSAGE event per message in its
 * sender's inbox.
 */
export async function seedRetention(sql: Db, count: number): Promise<RetentionFixture> {
  const users = await seedUsers(sql, 'retention', 400);
  await sql`
    insert into conversations (kind, title, owner_id, member_count)
    select 'ROOM', 'retention ' || i, ${users[0] ?? null}, ${MEMBERS}
    from generate_series(1, ${CONVERSATIONS}::int) i order by i`;
  const rooms = (
    await sql<
      { id: string }[]
    >`select id from conversations where title like 'retention %' order by id`
  ).map((r) => Number(r.id));
  await sql`
    insert into members (conversation_id, user_id)
    select c.id, (${users}::bigint[])[1 + (k * ${MEMBERS}::int + j) % ${users.length}::int]
    from unnest(${rooms}::bigint[]) with ordinality as c(id, k),
      generate_series(0, ${MEMBERS - 1}::int) j
    on conflict do nothing`;
  await sql`
    insert into messages (conversation_id, seq, sender_id, kind, body, attachment, created_at)
    select r.id, 1 + (i - 1) / ${CONVERSATIONS}::int,
      (${users}::bigint[])[1 + (r.k * ${MEMBERS}::int + i % ${MEMBERS}::int) % ${users.length}::int],
      'TEXT', rpad('old message ' || i || ' ', ${BODY_BYTES}::int, 'lorem ipsum dolor sit amet '),
      case when i % 4 = 0 then jsonb_build_object('url', 'https://files.example/' || i) end,
      now() - interval '40 days' + i * interval '1 millisecond'
    from generate_series(1, ${count}::int) i
    join unnest(${rooms}::bigint[]) with ordinality as r(id, k)
      on r.k = 1 + (i - 1) % ${CONVERSATIONS}::int
    order by i`;
  await sql`
    insert into inbox_events (user_id, seq, kind, conversation_id, message_id, created_at)
    select sender_id, row_number() over (partition by sender_id order by id), 'MESSAGE',
      conversation_id, id, created_at
    from messages where conversation_id = any(${rooms}::bigint[])`;
  await sql`
    update inbox_counters c set last_seq = e.n, delivered_seq = e.n
    from (select user_id, count(*) as n from inbox_events group by user_id) e
    where e.user_id = c.user_id`;
  await sql`
    update conversations c set last_seq = m.seq, last_message_id = m.id, last_activity_at = m.created_at
    from (select distinct on (conversation_id) conversation_id, seq, id, created_at from messages
      where conversation_id = any(${rooms}::bigint[]) order by conversation_id, seq desc) m
    where m.conversation_id = c.id`;
  const senders = await sql<{ user_id: string; conversation_id: string }[]>`
    select distinct on (conversation_id) user_id, conversation_id from members
    where conversation_id = any(${rooms.filter((_, i) => i % 50 === 0)}::bigint[])
    order by conversation_id, user_id limit ${SENDERS}`;
  return {
    messages: count,
    events: count,
    senders: senders.map((s) => ({
      userId: Number(s.user_id),
      conversationId: Number(s.conversation_id),
    })),
  };
}

export interface SendWaits {
  sends: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface RetentionResult {
  storedMessages: number;
  storedEvents: number;
  batchSize: number;
  senders: number;
  removedMessages: number;
  removedEvents: number;
  totalSeconds: number;
  /** Sends for BASELINE_MS before the run. */
  without: SendWaits;
  /** Sends while the run went on. */
  during: SendWaits;
}

const waits = (ms: number[]): SendWaits => ({
  sends: ms.length,
  p50Ms: percentile(ms, 50),
  p99Ms: percentile(ms, 99),
  maxMs: Math.max(...ms),
});

export async function measureRetention(options: {
  client: GraphqlHttpClient;
  databaseUrl: string;
  tokens: string[];
  fixture: RetentionFixture;
  log: (line: string) => void;
}): Promise<RetentionResult> {
  const { fixture } = options;
  let phase: 'without' | 'during' | 'done' = 'without';
  const samples = { without: [] as number[], during: [] as number[] };
  const loops = fixture.senders.map(async (sender, i) => {
    const conversationId = encodeGlobalId('Conversation', sender.conversationId);
    for (let n = 0; phase !== 'done'; n++) {
      const at = phase;
      const started = performance.now();
      await options.client.query(options.tokens[i] as string, SEND_MUTATION, {
        input: { conversationId, body: `new message ${n} from sender ${i}` },
      });
      if (at === 'during' || phase === at) samples[at].push(performance.now() - started);
    }
  });
  await new Promise((resolve) => setTimeout(resolve, BASELINE_MS));
  phase = 'during';
  // Retention as an instance runs it, from this process (its own connections).
  const database = await openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: '',
    poolSize: 2,
  });
  const deps = {
    database,
    clock: { now: () => Date.now(), at: () => () => {} },
    logger: pino({ level: 'silent' }),
    meters: noMeters,
    editWindowMs: 900_000,
    removeMessageFiles: async () => {},
  } as unknown as ChatDeps;
  const started = performance.now();
  const run = await runRetention(deps, {
    retentionMs: RETENTION_DAYS * 86_400_000,
    batchSize: BATCH_SIZE,
  });
  const totalSeconds = (performance.now() - started) / 1000;
  phase = 'done';
  await Promise.all(loops);
  await database.close();
  options.log(
    `retention: ${run.messages} messages, ${run.events} events in ${totalSeconds.toFixed(1)} s`,
  );
  return {
    storedMessages: fixture.messages,
    storedEvents: fixture.events,
    batchSize: BATCH_SIZE,
    senders: fixture.senders.length,
    removedMessages: run.messages,
    removedEvents: run.events,
    totalSeconds,
    without: waits(samples.without),
    during: waits(samples.during),
  };
}
