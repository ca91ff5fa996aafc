/**
 * Measurement 3: persisted sends per second, 16 senders each as fast as its answers
 * come back (closed loop), through the `send` mutation over HTTP, against 16 PostgreSQL
 * connections doing single-row autocommit INSERTs into the same messages table.
 *
 * Two layouts of ours: 16 DMs (sender i writes to receiver i; no two senders share a
 * conversation, like the bare INSERTs; the target applies to this one) and one room of
 * 16 (every send locks the same room row and appends to 16 inboxes).
 */
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { runClosedLoop } from './closed-loop.ts';
import { type Db, seedDirect, seedRoom, seedUsers } from './fixtures.ts';
import type { GraphqlHttpClient } from './graphql-http-client.ts';
import { type Spread, spread } from './latency-stats.ts';
import { BODY_BYTES } from './settings.ts';

const SEND_MUTATION = `mutation Send($input: SendInput!) { send(input: $input) { id } }`;

export interface SendFixture {
  senderIds: number[];
  /** directIds[i]: sender i's DM with its own receiver. */
  directIds: number[];
  roomId: number;
  /** bareIds[i]: the conversation bare INSERT connection i numbers its rows in. */
  bareIds: number[];
}

export async function seedSendTargets(sql: Db, senders: number): Promise<SendFixture> {
  const senderIds = await seedUsers(sql, 'sender', senders);
  const receiverIds = await seedUsers(sql, 'receiver', senders);
  const directIds: number[] = [];
  const bareIds: number[] = [];
  for (const [i, sender] of senderIds.entries()) {
    directIds.push(await seedDirect(sql, sender, receiverIds[i] as number));
    bareIds.push(await seedRoom(sql, `bare insert ${i + 1}`, [sender]));
  }
  const roomId = await seedRoom(sql, 'senders', senderIds);
  return { senderIds, directIds, roomId, bareIds };
}

/** A 64-byte body that says who sent it, like a real one differs per message. */
function body(worker: number, n: number): string {
  return `send ${worker}.${n} `.padEnd(BODY_BYTES, 'lorem ipsum dolor sit amet ');
}

export interface SendRound {
  directPerSecond: number;
  roomPerSecond: number;
  barePerSecond: number;
  /** ours (16 DMs) ÷ bare INSERT. */
  directRatio: number;
  /** ours (room of 16) ÷ bare INSERT. */
  roomRatio: number;
}

export interface SendResult {
  senders: number;
  durationMs: number;
  rounds: SendRound[];
  directPerSecond: Spread;
  roomPerSecond: Spread;
  barePerSecond: Spread;
  directRatio: Spread;
  roomRatio: Spread;
}

export async function measureSendThroughput(options: {
  client: GraphqlHttpClient;
  /** A client with one connection per sender. */
  sql: Db;
  tokens: string[];
  fixture: SendFixture;
  rounds: number;
  durationMs: number;
  warmupMs: number;
  log: (line: string) => void;
}): Promise<SendResult> {
  const { fixture, tokens } = options;
  const senders = fixture.senderIds.length;
  const directGlobalIds = fixture.directIds.map((id) => encodeGlobalId('Conversation', id));
  const roomGlobalId = encodeGlobalId('Conversation', fixture.roomId);
  // Each bare connection numbers its own conversation, continuing across rounds.
  const bareSeq = fixture.bareIds.map(() => 0);

  const sendVia =
    (conversationOf: (worker: number) => string) => async (worker: number, n: number) => {
      await options.client.query(tokens[worker] as string, SEND_MUTATION, {
        input: { conversationId: conversationOf(worker), body: body(worker, n) },
      });
    };
  const direct = sendVia((worker) => directGlobalIds[worker] as string);
  const room = sendVia(() => roomGlobalId);
  const bare = async (worker: number, n: number) => {
    bareSeq[worker] = (bareSeq[worker] as number) + 1;
    await options.sql`insert into messages (conversation_id, seq, sender_id, kind, body, created_at)
      values (${fixture.bareIds[worker] as number}, ${bareSeq[worker] as number},
        ${fixture.senderIds[worker] as number}, 'TEXT', ${body(worker, n)}, now())`;
  };

  for (const operation of [direct, room, bare]) {
    await runClosedLoop(senders, options.warmupMs, operation);
  }
  const rounds: SendRound[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const directRun = await runClosedLoop(senders, options.durationMs, direct);
    const roomRun = await runClosedLoop(senders, options.durationMs, room);
    const bareRun = await runClosedLoop(senders, options.durationMs, bare);
    rounds.push({
      directPerSecond: directRun.perSecond,
      roomPerSecond: roomRun.perSecond,
      barePerSecond: bareRun.perSecond,
      directRatio: directRun.perSecond / bareRun.perSecond,
      roomRatio: roomRun.perSecond / bareRun.perSecond,
    });
    options.log(
      `sends round ${round}: 16 DMs ${Math.round(directRun.perSecond)}/s, room ${Math.round(roomRun.perSecond)}/s, bare INSERT ${Math.round(bareRun.perSecond)}/s`,
    );
  }
  return {
    senders,
    durationMs: options.durationMs,
    rounds,
    directPerSecond: spread(rounds.map((r) => r.directPerSecond)),
    roomPerSecond: spread(rounds.map((r) => r.roomPerSecond)),
    barePerSecond: spread(rounds.map((r) => r.barePerSecond)),
    directRatio: spread(rounds.map((r) => r.directRatio)),
    roomRatio: spread(rounds.map((r) => r.roomRatio)),
  };
}
