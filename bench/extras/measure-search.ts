/**
 * Measurement 5: `searchMessages` over 1,000,000 messages for a user in 50 of 2,000
 * conversations, for common words, rare words and Chinese, through GraphQL over HTTP,
 * against the same SQL sent straight from the load process (issue 13: p99 under 50 ms).
 */
import { gramQuery, gramQueryIsExact } from '../../src/chat/messages/unspaced-grams.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import type { Db } from './fixtures.ts';
import { seedUsers } from './fixtures.ts';
import type { GraphqlHttpClient } from './graphql-http-client.ts';
import { type LatencyPairResult, measureLatencyPair } from './latency-pair.ts';

const SEARCH_QUERY = `query Search($query: String!, $first: Int) {
  searchMessages(query: $query, first: $first) {
    edges { cursor highlights { offset length } node { id body createdAt sender { id username } conversation { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface SearchData {
  searchMessages: { edges: { highlights: unknown[] }[] };
}

/** Conversations in all, and how many of them the searching user is in. */
const CONVERSATIONS = 2_000;
const VIEWER_CONVERSATIONS = 50;
const MEMBERS_PER_CONVERSATION = 4;
const PAGE_SIZE = 20;

// English words, most frequent first: a message picks them skewed toward the start, so the
// first few are in a large share of all messages (common) and the tail in few.
const ENGLISH = (
  'the meeting project update team please thanks today review report budget client design ' +
  'release deadline schedule call notes draft plan issue feature test deploy server data ' +
  'customer feedback question answer friday monday lunch coffee office remote travel invoice ' +
  'contract proposal agenda minutes slides demo launch marketing sales support ticket bug ' +
  'fix merge branch build pipeline metrics dashboard onboarding hiring interview candidate ' +
  'vacation holiday weekend birthday party dinner weather train flight hotel conference'
).split(' ');
// Two-character Chinese words, written without spaces as Chinese is.
const CHINESE = (
  '会议 项目 进度 今天 明天 预算 客户 设计 发布 测试 问题 计划 报告 团队 同事 午饭 ' +
  '周末 出差 合同 方案 数据 需求 上线 周报 面试 假期 天气 晚上 早上 文件'
).split(' ');

/** Queries per kind; each request takes the next one of its kind. */
export const SEARCH_QUERIES = {
  common: ['meeting', 'the project', 'update', 'team'],
  rare: ['zephyr', 'quasar', 'zephyr meeting'],
  chinese: ['会议', '项目进度', '预算', '进度报告'],
  // A two-character word in few messages: no trigram holds it; its pair is in the gram
  // index (src/chat/messages/unspaced-grams.ts).
  chineseRare2: ['麒麟'],
} as const;
export type SearchKind = keyof typeof SEARCH_QUERIES;

export interface SearchFixture {
  viewerId: number;
  messages: number;
  conversations: number;
  viewerConversations: number;
  /** Messages in the viewer's conversations. */
  viewerMessages: number;
}

const sqlArray = (words: string[]) => `array[${words.map((w) => `'${w}'`).join(',')}]`;

/**
 * 2,000 rooms of four members; the viewer is in every 40th. `count` messages, taking
 * turns over the rooms in time order (ids grow with time, as sent), 1 s apart over the
 * last weeks. 80% English (6–10 skewed words), 20% Chinese (4–7 words, no spaces); one in
 * ~10,000 has a rare word ("zephyr", "quasar", "麒麟").
 */
export async function seedSearch(sql: Db, count: number): Promise<SearchFixture> {
  const users = await seedUsers(sql, 'search', 201);
  const [viewerId, ...others] = users;
  if (viewerId === undefined) throw new Error('seedUsers returned too few');
  await sql`
    insert into conversations (kind, title, owner_id, member_count)
    select 'ROOM', 'search ' || i, ${others[0] ?? null}, ${MEMBERS_PER_CONVERSATION}
    from generate_series(1, ${CONVERSATIONS}::int) i order by i`;
  const conversationIds = (
    await sql<
      { id: string }[]
    >`select id from conversations where title like 'search %' order by id`
  ).map((r) => Number(r.id));
  const step = CONVERSATIONS / VIEWER_CONVERSATIONS;
  // Room k's members: the viewer when k is a multiple of `step`, and others otherwise.
  await sql`
    insert into members (conversation_id, user_id)
    select c.id, case when k % ${step}::int = 0 and j = 0 then ${viewerId}::bigint
      else (${others}::bigint[])[1 + (k * 7 + j * 13) % ${others.length}::int] end
    from unnest(${conversationIds}::bigint[]) with ordinality as c(id, k),
      generate_series(0, ${MEMBERS_PER_CONVERSATION - 1}::int) j
    on conflict do nothing`;
  await sql.unsafe(`
    insert into messages (conversation_id, seq, sender_id, kind, body, created_at)
    select c.id, 1 + (i - 1) / ${CONVERSATIONS}, mb.user_id, 'TEXT', b.body,
      now() - (${count} - i) * interval '1 second'
    from generate_series(1, ${count}) i
    join lateral (select ${sqlArray(conversationIds.map(String))}::bigint[] as ids) a on true
    join lateral (select a.ids[1 + (i - 1) % ${CONVERSATIONS}] as id) c on true
    join lateral (select m.user_id from members m where m.conversation_id = c.id
      order by m.user_id offset (i % ${MEMBERS_PER_CONVERSATION}) limit 1) mb on true
    join lateral (
      select case
        when random() < 0.2 then (
          select string_agg(w.v[1 + floor(power(random(), 1.5) * array_length(w.v, 1))::int], '')
          from (select ${sqlArray(CHINESE)} as v) w, generate_series(1, 4 + i % 4) k
        ) || case when i % 10009 = 0 then '麒麟' else '' end
        else (
          select string_agg(w.v[1 + floor(power(random(), 2.5) * array_length(w.v, 1))::int], ' ')
          from (select ${sqlArray(ENGLISH)} as v) w, generate_series(1, 6 + i % 5) k
        ) || case when i % 10007 = 0 then ' zephyr' when i % 10037 = 0 then ' quasar' else '' end
      end as body
    ) b on true
    order by i`);
  await sql`
    update conversations c set last_seq = m.seq, last_message_id = m.id, last_activity_at = m.created_at
    from (select distinct on (conversation_id) conversation_id, seq, id, created_at from messages
      order by conversation_id, seq desc) m
    where m.conversation_id = c.id`;
  const [mine] = await sql<{ n: string }[]>`
    select count(*) as n from messages
    where conversation_id in (select conversation_id from members where user_id = ${viewerId})`;
  return {
    viewerId,
    messages: count,
    conversations: CONVERSATIONS,
    viewerConversations: VIEWER_CONVERSATIONS,
    viewerMessages: Number(mine?.n),
  };
}

export interface SearchKindResult extends LatencyPairResult {
  queries: readonly string[];
}

export interface SearchResult {
  storedMessages: number;
  conversations: number;
  viewerConversations: number;
  viewerMessages: number;
  pageSize: number;
  kinds: Record<SearchKind, SearchKindResult>;
}

export async function measureSearch(options: {
  client: GraphqlHttpClient;
  sql: Db;
  token: string;
  fixture: SearchFixture;
  rounds: number;
  requests: number;
  warmupRequests: number;
  log: (line: string) => void;
}): Promise<SearchResult> {
  const { fixture } = options;
  const kinds = {} as Record<SearchKind, SearchKindResult>;
  for (const kind of Object.keys(SEARCH_QUERIES) as SearchKind[]) {
    const queries = SEARCH_QUERIES[kind];
    const queryAt = (i: number) => queries[i % queries.length] as string;
    const result = await measureLatencyPair({
      name: `search (${kind})`,
      rounds: options.rounds,
      requests: options.requests,
      warmupRequests: options.warmupRequests,
      log: options.log,
      ours: async (_round, i) => {
        const data = await options.client.query<SearchData>(options.token, SEARCH_QUERY, {
          query: queryAt(i),
          first: PAGE_SIZE,
        });
        const edges = data.searchMessages.edges;
        if (kind === 'common' && edges.length !== PAGE_SIZE) {
          throw new Error(`search "${queryAt(i)}": ${edges.length} results`);
        }
        if (edges.some((e) => e.highlights.length === 0)) {
          throw new Error(`search "${queryAt(i)}": a result without highlights`);
        }
      },
      // What src/chat/messages/search.ts asks PostgreSQL for a query of that kind.
      baseline: async (_round, i) => {
        // The server reads the viewer's conversations first, then the page.
        const rows = await options.sql<{ id: string }[]>`
          select mb.conversation_id as id from members mb
          join conversations c on c.id = mb.conversation_id
          where mb.user_id = ${fixture.viewerId} and c.archived_at is null`;
        // In a transaction with the server's planner settings, as the server sends it.
        await options.sql.begin(async (tx) => {
          await tx`select set_config('plan_cache_mode', 'force_custom_plan', true),
            set_config('max_parallel_workers_per_gather', '0', true)`;
          await tx.unsafe(
            baselineSql(
              queryAt(i),
              rows.map((r) => Number(r.id)),
            ),
            [PAGE_SIZE + 1],
          );
        });
      },
    });
    kinds[kind] = { ...result, queries };
  }
  const encoded = encodeGlobalId('User', fixture.viewerId);
  options.log(`search: viewer ${encoded}, ${fixture.viewerMessages} messages in reach`);
  return {
    storedMessages: fixture.messages,
    conversations: fixture.conversations,
    viewerConversations: fixture.viewerConversations,
    viewerMessages: fixture.viewerMessages,
    pageSize: PAGE_SIZE,
    kinds,
  };
}

/** The server's statement for a query (words are the bench's own: no escaping needed). */
function baselineSql(query: string, conversationIds: readonly number[]): string {
  const words = query.split(' ');
  const latin = words.filter((w) => /^[a-z]+$/.test(w));
  const others = words.filter((w) => !/^[a-z]+$/.test(w));
  const conditions = [
    `conversation_id = any('{${conversationIds.join(',')}}'::bigint[])`,
    'deleted_at is null',
    ...(latin.length > 0
      ? [
          `to_tsvector('simple', body) @@ to_tsquery('simple', '${latin.map((w) => `''${w}''`).join(' & ')}')`,
        ]
      : []),
    ...(others.length > 0
      ? [
          `array_to_tsvector(unspaced_script_grams(body)) @@ '${others.map((w) => `(${gramQuery(w).replaceAll("'", "''")})`).join(' & ')}'::tsquery`,
        ]
      : []),
    ...others.filter((w) => !gramQueryIsExact(w)).map((w) => `body like '%${w}%'`),
  ];
  return `select * from messages where ${conditions.join(' and ')} order by id desc limit $1`;
}
