/**
 * Measurement 4: `unreadCounts` for a user in 500 conversations that all have unread
 * messages, against the one SQL query the domain's unreadCounts() runs for it.
 */
import { type Db, seedMessages, seedRoom, seedUsers } from './fixtures.ts';
import type { GraphqlHttpClient } from './graphql-http-client.ts';
import { type LatencyPairResult, measureLatencyPair } from './latency-pair.ts';

const UNREAD_QUERY = `query Unread {
  unreadCounts { total conversations { count conversation { id } } }
}`;

interface UnreadData {
  unreadCounts: { total: number; conversations: { count: number; conversation: { id: string } }[] };
}

export interface UnreadFixture {
  userId: number;
  conversations: number;
  totalUnread: number;
}

/**
 * The reader and a writer share `count` rooms; room i holds 1 + i % 5 messages from the
 * writer, none read by the reader. Rooms are made one by one: 500 small statements
 * take well under a few seconds and reuse the generic seeding.
 */
export async function seedUnread(sql: Db, count: number): Promise<UnreadFixture> {
  const [reader, writer] = await seedUsers(sql, 'unread', 2);
  if (reader === undefined || writer === undefined) throw new Error('seedUsers returned too few');
  let totalUnread = 0;
  for (let i = 1; i <= count; i++) {
    const roomId = await seedRoom(sql, `unread ${i}`, [writer, reader]);
    const messages = 1 + (i % 5);
    await seedMessages(sql, roomId, messages, [writer]);
    totalUnread += messages;
  }
  return { userId: reader, conversations: count, totalUnread };
}

export interface UnreadResult extends LatencyPairResult {
  conversations: number;
}

export async function measureUnreadCounts(options: {
  client: GraphqlHttpClient;
  sql: Db;
  token: string;
  fixture: UnreadFixture;
  rounds: number;
  requests: number;
  warmupRequests: number;
  log: (line: string) => void;
}): Promise<UnreadResult> {
  const { fixture } = options;
  const result = await measureLatencyPair({
    name: 'unreadCounts',
    rounds: options.rounds,
    requests: options.requests,
    warmupRequests: options.warmupRequests,
    log: options.log,
    ours: async () => {
      const { unreadCounts } = await options.client.query<UnreadData>(
        options.token,
        UNREAD_QUERY,
        {},
      );
      if (
        unreadCounts.total !== fixture.totalUnread ||
        unreadCounts.conversations.length !== fixture.conversations
      ) {
        throw new Error(
          `unreadCounts: ${unreadCounts.total} in ${unreadCounts.conversations.length}`,
        );
      }
    },
    // The counts part of what src/chat/reads.ts unreadCounts() asks PostgreSQL (it reads the
    // conversation rows in the same statement; the baseline keeps to ids and counts).
    baseline: async () => {
      const rows = await options.sql`
        select m.conversation_id, (c.last_seq - m.read_seq)::int as count
        from members m join conversations c on c.id = m.conversation_id
        where m.user_id = ${fixture.userId} and c.last_seq > m.read_seq
        order by c.last_activity_at desc, c.id desc`;
      if (rows.length !== fixture.conversations) throw new Error(`raw unread: ${rows.length} rows`);
    },
  });
  return { ...result, conversations: fixture.conversations };
}
