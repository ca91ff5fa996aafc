/**
 * Measurement 2: one 50-row history page (`messages(last: 50, before:)`) at a random
 * place in a conversation of 1,000,000 messages, through GraphQL over HTTP, against the
 * SQL the server runs for it sent straight from the load process with `postgres`.
 */
import { encodeCursor } from '../../src/chat/cursors.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { type Db, seedDirect, seedMessages, seedUsers } from './fixtures.ts';
import type { GraphqlHttpClient } from './graphql-http-client.ts';
import { type LatencyPairResult, measureLatencyPair } from './latency-pair.ts';
import { seededIntegers } from './seeded-random.ts';

const HISTORY_QUERY = `query Page($conversationId: ID!, $last: Int!, $before: String!) {
  messages(conversationId: $conversationId, last: $last, before: $before) {
    edges { cursor node { id body createdAt sender { username } } }
    pageInfo { hasPreviousPage }
  }
}`;

interface PageData {
  messages: { edges: { cursor: string }[]; pageInfo: { hasPreviousPage: boolean } };
}

export interface HistoryFixture {
  viewerId: number;
  conversationId: number;
  messages: number;
}

/** Two users and one DIRECT conversation of `count` messages, the two taking turns. */
export async function seedHistory(sql: Db, count: number): Promise<HistoryFixture> {
  const [viewer, other] = await seedUsers(sql, 'history', 2);
  if (viewer === undefined || other === undefined) throw new Error('seedUsers returned too few');
  const conversationId = await seedDirect(sql, viewer, other);
  await seedMessages(sql, conversationId, count, [viewer, other]);
  return { viewerId: viewer, conversationId, messages: count };
}

export interface HistoryResult extends LatencyPairResult {
  storedMessages: number;
  pageSize: number;
}

export async function measureHistoryPage(options: {
  client: GraphqlHttpClient;
  sql: Db;
  token: string;
  fixture: HistoryFixture;
  pageSize: number;
  rounds: number;
  requests: number;
  warmupRequests: number;
  log: (line: string) => void;
}): Promise<HistoryResult> {
  const { fixture, pageSize } = options;
  const perRound = options.requests + options.warmupRequests;
  // A full page lies before every position: seq pageSize+1 .. the newest.
  const positions = (round: number, salt: number) =>
    seededIntegers(round * 1_000 + salt, perRound, pageSize + 2, fixture.messages);
  const oursAt = Array.from({ length: options.rounds }, (_, r) => positions(r + 1, 1));
  // Other positions for the baseline, so neither side reads pages the other just warmed.
  const baselineAt = Array.from({ length: options.rounds }, (_, r) => positions(r + 1, 2));
  const conversationId = encodeGlobalId('Conversation', fixture.conversationId);

  const result = await measureLatencyPair({
    name: 'history page',
    rounds: options.rounds,
    requests: options.requests,
    warmupRequests: options.warmupRequests,
    log: options.log,
    ours: async (round, i) => {
      const before = oursAt[round - 1]?.[i] as number;
      const data = await options.client.query<PageData>(options.token, HISTORY_QUERY, {
        conversationId,
        last: pageSize,
        before: encodeCursor('m', before),
      });
      const { edges, pageInfo } = data.messages;
      if (edges.length !== pageSize || edges.at(-1)?.cursor !== encodeCursor('m', before - 1)) {
        throw new Error(`history page before ${before}: wrong rows`);
      }
      if (!pageInfo.hasPreviousPage)
        throw new Error(`history page before ${before}: no previous page`);
    },
    baseline: async (round, i) => {
      const before = baselineAt[round - 1]?.[i] as number;
      const rows = await options.sql`select * from messages
        where conversation_id = ${fixture.conversationId} and seq < ${before}
        order by seq desc limit ${pageSize + 1}`;
      if (rows.length !== pageSize + 1)
        throw new Error(`raw page before ${before}: ${rows.length} rows`);
    },
  });
  return { ...result, storedMessages: fixture.messages, pageSize };
}
