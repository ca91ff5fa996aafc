/**
 * Measurement 1: a user reconnects with `inbox(after: <cursor of event 0>)` and 10,000
 * stored MessageEvents are replayed. Timed on the client from `subscribe` to the last
 * `next`. Baseline: the bare-push server writing the same frames over one socket.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inboxCursor } from '../../src/chat/inbox/item.js';
import { compiledEntry } from '../lib/compiled-entry.ts';
import { pickFreePort } from '../lib/free-port.ts';
import { type Db, seedDirect, seedMessages, seedUsers } from './fixtures.ts';
import {
  closeGraphqlWs,
  connectGraphqlWs,
  type TimedFrames,
  timeSubscription,
} from './graphql-ws-client.ts';
import { type Spread, spread } from './latency-stats.ts';
import { PinnedChild } from './pinned-child.ts';
import { REPLAY_TIMEOUT_MS, SERVER_READY_TIMEOUT_MS } from './settings.ts';

const INBOX_SUBSCRIPTION = `subscription Replay($after: String) {
  inbox(after: $after) { cursor ... on MessageEvent { message { id body createdAt } } }
}`;
const CONNECT_TIMEOUT_MS = 10_000;

export interface ReplayFixture {
  userId: number;
  events: number;
}

/** One DIRECT conversation of `events` messages, each one MessageEvent in the receiver's inbox. */
export async function seedReplayInbox(sql: Db, events: number): Promise<ReplayFixture> {
  const [receiver, sender] = await seedUsers(sql, 'replay', 2);
  if (receiver === undefined || sender === undefined) throw new Error('seedUsers returned too few');
  const conversationId = await seedDirect(sql, receiver, sender);
  await seedMessages(sql, conversationId, events, [sender]);
  await sql`
    insert into inbox_events (user_id, seq, kind, conversation_id, message_id, created_at)
    select ${receiver}, seq, 'MESSAGE', conversation_id, id, created_at
    from messages where conversation_id = ${conversationId}`;
  await sql`update inbox_counters set last_seq = ${events} where user_id = ${receiver}`;
  return { userId: receiver, events };
}

export interface ReplayRound {
  oursMs: number;
  bareMs: number;
  /** ours ÷ bare: how many times longer the replay takes than pushing its bytes. */
  ratio: number;
  eventsPerSecond: number;
}

export interface ReplayResult {
  events: number;
  meanFrameBytes: number;
  rounds: ReplayRound[];
  oursMs: Spread;
  bareMs: Spread;
  ratio: Spread;
}

interface ReplayTarget {
  wsUrl: string;
  token: string;
  fixture: ReplayFixture;
}

async function replayOnce(target: ReplayTarget, keepFrames: boolean): Promise<TimedFrames> {
  const { fixture } = target;
  const socket = await connectGraphqlWs(target.wsUrl, target.token, CONNECT_TIMEOUT_MS);
  try {
    return await timeSubscription(
      socket,
      { query: INBOX_SUBSCRIPTION, variables: { after: inboxCursor(fixture.userId, 0) } },
      fixture.events,
      { timeoutMs: REPLAY_TIMEOUT_MS, keepFrames },
    );
  } finally {
    await closeGraphqlWs(socket);
  }
}

/** The replay must end exactly at the last stored event: no gap, no duplicate, nothing after. */
function checkEndsAtLastEvent(run: TimedFrames, fixture: ReplayFixture): void {
  const last = JSON.parse(run.lastFrame) as { payload: { data: { inbox: { cursor: string } } } };
  const expected = inboxCursor(fixture.userId, fixture.events);
  if (last.payload.data.inbox.cursor !== expected) {
    throw new Error(`replay ended at ${last.payload.data.inbox.cursor}, expected ${expected}`);
  }
}

export async function measureInboxReplay(options: {
  serverUrl: string;
  token: string;
  fixture: ReplayFixture;
  rounds: number;
  serverCore: number;
  repoRoot: string;
  log: (line: string) => void;
}): Promise<ReplayResult> {
  const ours: ReplayTarget = {
    wsUrl: `${options.serverUrl.replace(/^http/, 'ws')}/graphql`,
    token: options.token,
    fixture: options.fixture,
  };
  // The warm-up replay also captures the frames the baseline will push.
  const warmup = await replayOnce(ours, true);
  checkEndsAtLastEvent(warmup, options.fixture);
  options.log(`replay warm-up: ${Math.round(warmup.elapsedMs)} ms`);

  const framesDir = mkdtempSync(path.join(tmpdir(), 'bench-extras-'));
  const framesFile = path.join(framesDir, 'frames.json');
  writeFileSync(framesFile, JSON.stringify(warmup.frames));
  const port = await pickFreePort();
  const bareServer = new PinnedChild(
    'bare-push server',
    options.serverCore,
    [
      process.execPath,
      compiledEntry(options.repoRoot, 'bench/extras/bare-push-server.ts'),
      String(port),
      framesFile,
    ],
    { cwd: options.repoRoot },
  );
  try {
    await bareServer.waitUntil(() => bareServer.printed(/^READY/), SERVER_READY_TIMEOUT_MS);
    const bare: ReplayTarget = { ...ours, wsUrl: `ws://127.0.0.1:${port}/` };
    await replayOnce(bare, false);

    const rounds: ReplayRound[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const oursRun = await replayOnce(ours, false);
      checkEndsAtLastEvent(oursRun, options.fixture);
      const bareRun = await replayOnce(bare, false);
      rounds.push({
        oursMs: oursRun.elapsedMs,
        bareMs: bareRun.elapsedMs,
        ratio: oursRun.elapsedMs / bareRun.elapsedMs,
        eventsPerSecond: options.fixture.events / (oursRun.elapsedMs / 1000),
      });
      options.log(
        `replay round ${round}: ours ${Math.round(oursRun.elapsedMs)} ms, bare ${Math.round(bareRun.elapsedMs)} ms`,
      );
    }
    return {
      events: options.fixture.events,
      meanFrameBytes: Math.round(warmup.bytes / options.fixture.events),
      rounds,
      oursMs: spread(rounds.map((r) => r.oursMs)),
      bareMs: spread(rounds.map((r) => r.bareMs)),
      ratio: spread(rounds.map((r) => r.ratio)),
    };
  } finally {
    await bareServer.stop();
    rmSync(framesDir, { recursive: true, force: true });
  }
}
