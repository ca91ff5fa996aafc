/**
 * Chat-specific benchmark (the measurements of the benchmark issue that the fan-out
 * harness does not cover):
 *   1. inbox replay of 10,000 events vs a bare ws push of the same frames;
 *   2. a 50-row history page at 1,000,000 messages vs its raw SQL;
 *   3. persisted sends/s with 16 senders vs bare single-row INSERTs;
 *   4. unreadCounts over 500 unread conversations vs its raw SQL;
 *   5. searchMessages over 1,000,000 messages (common, rare, Chinese words) vs its raw SQL;
 *   6. message retention removing 1,000,000 messages, and the sends waiting meanwhile.
 *
 *   npx tsx bench/extras/run.ts            # full: 3 rounds (~3 min), writes results + docs
 *   npx tsx bench/extras/run.ts --quick    # smoke: 1 round, small sizes, no docs
 *   npx tsx bench/extras/run.ts --quick --only history,unread   # some measurements only
 *
 * Needs PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test,
 * a fresh database is made and dropped) and `redis-server` and `taskset` on the PATH.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { type ChatServer, startChatServer } from './chat-server.ts';
import { writeDocsSection } from './docs-section.ts';
import type { ExtrasResults } from './extras-results.ts';
import { GraphqlHttpClient } from './graphql-http-client.ts';
import { collectMachineInfo, pinThisProcess } from './machine.ts';
import { renderExtrasMarkdown } from './markdown-report.ts';
import { measureHistoryPage, seedHistory } from './measure-history-page.ts';
import { measureInboxReplay, seedReplayInbox } from './measure-inbox-replay.ts';
import { measureRetention, seedRetention } from './measure-retention.ts';
import { measureSearch, seedSearch } from './measure-search.ts';
import { measureSendThroughput, seedSendTargets } from './measure-send-throughput.ts';
import { measureUnreadCounts, seedUnread } from './measure-unread-counts.ts';
import { type PrivateRedis, startPrivateRedis } from './private-redis.ts';
import { createScratchDatabase } from './scratch-database.ts';
import {
  FULL_PLAN,
  LOAD_CORE,
  POSTGRES_SERVER_URL,
  QUICK_PLAN,
  REQUEST_TIMEOUT_MS,
  SERVER_CORE,
  SERVER_READY_TIMEOUT_MS,
} from './settings.ts';
import { tokenSigner } from './tokens.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The whole run, set-up to clean-up, must end by then (a full run takes about 20 minutes). */
const RUN_TIMEOUT_MS = 45 * 60_000;

const log = (line: string): void => {
  process.stderr.write(`[extras] ${line}\n`);
};

/** Undo steps, newest first; run once whether the run ends, fails or is interrupted. */
const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | null = null;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      await step().catch((error: unknown) => log(`clean-up step failed: ${String(error)}`));
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}
const watchdog = setTimeout(() => {
  log(`still running after ${RUN_TIMEOUT_MS / 60_000} min: giving up`);
  void cleanUp().finally(() => process.exit(1));
}, RUN_TIMEOUT_MS);
watchdog.unref();

const MEASUREMENTS = ['replay', 'history', 'send', 'unread', 'search', 'retention'] as const;
type Measurement = (typeof MEASUREMENTS)[number];

/** `--only history,unread`: run (and seed) just those; a partial run never writes the docs. */
function selectedMeasurements(argv: string[]): Set<Measurement> {
  const at = argv.indexOf('--only');
  if (at === -1) return new Set(MEASUREMENTS);
  const names = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !(MEASUREMENTS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`--only takes a comma-separated list of ${MEASUREMENTS.join(', ')}`);
  }
  return new Set(names as Measurement[]);
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = selectedMeasurements(process.argv);
  const plan = quick ? QUICK_PLAN : FULL_PLAN;
  const startedAt = performance.now();
  const loadPinned = pinThisProcess(LOAD_CORE);
  if (!loadPinned) log(`could not pin the load process to core ${LOAD_CORE}: figures share cores`);

  const database = await createScratchDatabase(POSTGRES_SERVER_URL);
  cleanups.push(() => database.drop());
  log(`database ${database.name}`);
  const setupSql = postgres(database.url, { max: 1, onnotice: () => {} });
  cleanups.push(() => setupSql.end({ timeout: 5 }));

  const seedStarted = performance.now();
  const replayFixture = only.has('replay')
    ? await seedReplayInbox(setupSql, plan.replayEvents)
    : null;
  const historyFixture = only.has('history')
    ? await seedHistory(setupSql, plan.historyMessages)
    : null;
  const unreadFixture = only.has('unread')
    ? await seedUnread(setupSql, plan.unreadConversations)
    : null;
  const searchFixture = only.has('search') ? await seedSearch(setupSql, plan.searchMessages) : null;
  const retentionFixture = only.has('retention')
    ? await seedRetention(setupSql, plan.retentionMessages)
    : null;
  const sendFixture = only.has('send') ? await seedSendTargets(setupSql, plan.senders) : null;
  // Settle the bulk load before anything is timed: otherwise autovacuum of the 1M new rows
  // and the checkpoint their WAL triggers land inside the measured windows.
  await setupSql`vacuum (analyze)`;
  await setupSql`checkpoint`;
  log(`seeded in ${Math.round((performance.now() - seedStarted) / 1000)} s`);

  const redis: PrivateRedis = await startPrivateRedis(
    SERVER_CORE,
    REPO_ROOT,
    SERVER_READY_TIMEOUT_MS,
  );
  cleanups.push(() => redis.child.stop());
  const server: ChatServer = await startChatServer({
    repoRoot: REPO_ROOT,
    core: SERVER_CORE,
    databaseUrl: database.url,
    redisUrl: redis.url,
    readyTimeoutMs: SERVER_READY_TIMEOUT_MS,
  });
  cleanups.push(() => server.child.stop());
  log(`chat server at ${server.url}`);

  const sign = tokenSigner(server.jwtSecret);
  const client = new GraphqlHttpClient(server.url, plan.senders, REQUEST_TIMEOUT_MS);
  cleanups.push(async () => client.close());
  // Baseline connections live in this (load) process, as the brief asks.
  const latencySql = postgres(database.url, { max: 1, onnotice: () => {} });
  const insertSql = postgres(database.url, { max: plan.senders, onnotice: () => {} });
  cleanups.push(
    () => latencySql.end({ timeout: 5 }),
    () => insertSql.end({ timeout: 5 }),
  );

  const inboxReplay =
    replayFixture &&
    (await measureInboxReplay({
      serverUrl: server.url,
      token: await sign(replayFixture.userId),
      fixture: replayFixture,
      rounds: plan.rounds,
      serverCore: SERVER_CORE,
      repoRoot: REPO_ROOT,
      log,
    }));
  const latencyPlan = {
    rounds: plan.rounds,
    requests: plan.latencyRequests,
    warmupRequests: plan.latencyWarmupRequests,
    log,
  };
  const historyPage =
    historyFixture &&
    (await measureHistoryPage({
      ...latencyPlan,
      client,
      sql: latencySql,
      token: await sign(historyFixture.viewerId),
      fixture: historyFixture,
      pageSize: plan.historyPageSize,
    }));
  const unreadCounts =
    unreadFixture &&
    (await measureUnreadCounts({
      ...latencyPlan,
      client,
      sql: latencySql,
      token: await sign(unreadFixture.userId),
      fixture: unreadFixture,
    }));
  const search =
    searchFixture &&
    (await measureSearch({
      ...latencyPlan,
      requests: plan.searchRequests,
      client,
      sql: latencySql,
      token: await sign(searchFixture.viewerId),
      fixture: searchFixture,
    }));
  // Last: it adds rows to the messages table the other measurements read.
  const sendThroughput =
    sendFixture &&
    (await measureSendThroughput({
      client,
      sql: insertSql,
      tokens: await Promise.all(sendFixture.senderIds.map(sign)),
      fixture: sendFixture,
      rounds: plan.rounds,
      durationMs: plan.sendDurationMs,
      warmupMs: plan.sendWarmupMs,
      log,
    }));

  // Last but one: it removes the old messages it seeded, and sends new ones.
  const retention =
    retentionFixture &&
    (await measureRetention({
      client,
      databaseUrl: database.url,
      tokens: await Promise.all(retentionFixture.senders.map((s) => sign(s.userId))),
      fixture: retentionFixture,
      log,
    }));
  if (!inboxReplay || !historyPage || !sendThroughput || !unreadCounts || !search || !retention) {
    // A partial run (--only) writes no results file and no docs: only what it measured.
    const measured = { inboxReplay, historyPage, sendThroughput, unreadCounts, search, retention };
    process.stdout.write(`${JSON.stringify(measured, null, 2)}\n`);
    return;
  }
  const date = new Date().toISOString().slice(0, 10);
  const resultsFile = `bench/results/${date}-extras${quick ? '-quick' : ''}.json`;
  const results: ExtrasResults = {
    date,
    resultsFile,
    command: `npx tsx bench/extras/run.ts${quick ? ' --quick' : ''}`,
    durationSeconds: Math.round((performance.now() - startedAt) / 1000),
    quick,
    machine: await collectMachineInfo(REPO_ROOT, setupSql),
    loadPinned,
    plan,
    inboxReplay,
    historyPage,
    sendThroughput,
    unreadCounts,
    search,
    retention,
  };
  mkdirSync(path.join(REPO_ROOT, 'bench/results'), { recursive: true });
  writeFileSync(path.join(REPO_ROOT, resultsFile), `${JSON.stringify(results, null, 2)}\n`);
  log(`raw results: ${resultsFile}`);
  const markdown = renderExtrasMarkdown(results);
  // A smoke run's small sizes must not stand in the docs as the figures.
  if (!quick) writeDocsSection(path.join(REPO_ROOT, 'docs/BENCHMARKS.md'), markdown);
  process.stdout.write(`${markdown}\n`);
}

try {
  await main();
} catch (error) {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
