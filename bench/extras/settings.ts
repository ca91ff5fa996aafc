/**
 * Sizes, durations and placement of the chat-specific benchmark (bench/extras/run.ts).
 * One place, so the report can quote exactly what was run.
 */

export interface ExtrasPlan {
  rounds: number;
  /** Events in the replayed inbox (measurement 1). */
  replayEvents: number;
  /** Stored messages under the history page (measurement 2). */
  historyMessages: number;
  historyPageSize: number;
  /** Sequential requests per latency sample (measurements 2 and 4), after the warm-up ones. */
  latencyRequests: number;
  latencyWarmupRequests: number;
  /** Concurrent senders and how long they send (measurement 3). */
  senders: number;
  sendDurationMs: number;
  sendWarmupMs: number;
  /** Conversations with unread messages of the unreadCounts user (measurement 4). */
  unreadConversations: number;
  /** Stored messages searched (measurement 5), and sequential searches per kind and round. */
  searchMessages: number;
  searchRequests: number;
  /** Messages past retention that one run removes (measurement 6). */
  retentionMessages: number;
}

export const FULL_PLAN: ExtrasPlan = {
  rounds: 3,
  replayEvents: 10_000,
  historyMessages: 1_000_000,
  historyPageSize: 50,
  latencyRequests: 200,
  latencyWarmupRequests: 20,
  senders: 16,
  sendDurationMs: 10_000,
  sendWarmupMs: 1_000,
  unreadConversations: 500,
  searchMessages: 1_000_000,
  searchRequests: 100,
  retentionMessages: 1_000_000,
};

/** Smoke run while editing the harness: same shape, small sizes; never written into the docs. */
export const QUICK_PLAN: ExtrasPlan = {
  ...FULL_PLAN,
  rounds: 1,
  historyMessages: 100_000,
  searchMessages: 100_000,
  retentionMessages: 100_000,
  latencyRequests: 50,
  sendDurationMs: 2_000,
  sendWarmupMs: 500,
};

/** The chat server, the bare-push server and redis-server share core 0; every client runs on core 1. */
export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

/** Message bodies in every measurement: the size the fan-out harness uses too. */
export const BODY_BYTES = 64;

export const POSTGRES_SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Upper bounds, so a wedged server or client ends the run instead of hanging it. */
export const SERVER_READY_TIMEOUT_MS = 30_000;
export const REPLAY_TIMEOUT_MS = 120_000;
export const REQUEST_TIMEOUT_MS = 30_000;
