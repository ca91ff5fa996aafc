/**
 * Benchmark orchestrator (`npm run bench` = `tsx bench/run.ts`).
 *
 * For every round, every selected peer runs once (interleaved, so drift in
 * the machine hits all peers alike). Per peer and round:
 *   1. fresh server on core 0 -> generator on core 1 runs the workloads
 *      (saturation + fixed-rate latency for each room layout);
 *   2. fresh server on core 0 -> generator opens the idle connections
 *      (connect rate, RSS per connection against a clean baseline).
 * A peer with a `scope` (the extra chat rows, socketio-persisted) runs only part of
 * this, in fewer rounds, with shorter phases (lib/peer-plan.ts).
 * Then writes bench/results/<date>.json and the markdown tables into
 * docs/BENCHMARKS.md.
 */

import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type BenchPlan,
  type GeneratorJob,
  type GeneratorMode,
  RESULT_LINE_PREFIX,
} from './lib/bench-config.ts';
import { parseCliOptions } from './lib/cli-options.ts';
import { INBOX_DOCUMENTS } from './lib/client-documents.ts';
import { compiledEntry } from './lib/compiled-entry.ts';
import { pickFreePort } from './lib/free-port.ts';
import { issueTargets } from './lib/issue-targets.ts';
import { collectMachineInfo } from './lib/machine-info.ts';
import { type ReportContext, renderReport, writeReportIntoDocs } from './lib/markdown-report.ts';
import { describeScope, planForPeer, runsIdleConnections, runsInRound } from './lib/peer-plan.ts';
import { PinnedProcess } from './lib/pinned-process.ts';
import { type PrivateRedis, startPrivateRedis } from './lib/private-redis.ts';
import { allowedCpuList, openFileLimit, postgresBackendPids } from './lib/proc-stats.ts';
import type { IdleConnectionsResult, PeerRoundResult, WorkloadResult } from './lib/result-types.ts';
import { summarize } from './lib/summary.ts';
import type { PeerDefinition } from './peers/peer-types.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_CORE = 0;
const GENERATOR_CORE = 1;
const HOST = '127.0.0.1';
const SERVER_READY_TIMEOUT_MS = 30_000;
/** Slack on top of the planned phase time for connecting, draining and process start-up. */
const GENERATOR_SLACK_MS = 90_000;
/** Per workload on top: sign-ups, joins and priming (chat: ~50 ms of scrypt per user, slower on a busy machine). */
const WORKLOAD_SETUP_SLACK_MS = 60_000;

const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

/** Everything we started, so an error or Ctrl-C never leaves a pinned process behind. */
const liveProcesses = new Set<PinnedProcess>();
process.on('exit', () => {
  for (const child of liveProcesses) child.killNow();
});
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

/**
 * BENCH_SERVER_CPU_PROF=<dir>: servers run with `node --cpu-prof` and write a
 * .cpuprofile into <dir> when they stop (for finding where server time goes;
 * the profiler costs a few % CPU, so do not mix such runs into the docs).
 */
function serverArgv(entry: string): string[] {
  const compiled = compiledEntry(REPO_ROOT, entry);
  const profileDir = process.env.BENCH_SERVER_CPU_PROF;
  if (!profileDir) return [process.execPath, compiled];
  return [process.execPath, '--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`, compiled];
}

/** --expose-gc: the generator collects garbage between phases (see settleBeforePhase). */
const GENERATOR_NODE_FLAGS = ['--expose-gc'];

/** Upper bound for one generator run, derived from the plan so every run stops by itself. */
function generatorTimeoutMs(plan: BenchPlan, mode: GeneratorMode): number {
  const t = plan.timings;
  if (mode === 'idle-connections') return GENERATOR_SLACK_MS;
  const perRate = t.fixedRateWarmupMs + t.fixedRateMeasureMs + t.drainTimeoutMs;
  const perWorkload =
    WORKLOAD_SETUP_SLACK_MS +
    t.saturationWarmupMs +
    t.saturationMeasureMs +
    t.drainTimeoutMs +
    plan.fixedRates.length * perRate;
  return plan.workloads.length * perWorkload + GENERATOR_SLACK_MS;
}

/**
 * PostgreSQL is shared and not started by us, so the kernel would run the bench
 * database's backends on either core - often on the generator's, where they
 * show up as sender lag. Unless BENCH_PIN_POSTGRES=0, every backend of the
 * instance's database is moved to the server core (as the private Redis is):
 * the system under test gets core 0, the generator core 1. Backends appear
 * lazily (connection pool), so this re-checks every PIN_POSTGRES_EVERY_MS.
 * The cluster's shared processes (WAL writer, checkpointer) are not moved.
 */
const PIN_POSTGRES = process.env.BENCH_PIN_POSTGRES !== '0';
const PIN_POSTGRES_EVERY_MS = 200;

function pinPostgresBackends(database: string): () => void {
  const pinned = new Set<number>();
  const pin = (): void => {
    for (const pid of postgresBackendPids(database)) {
      if (pinned.has(pid) || allowedCpuList(pid) === String(SERVER_CORE)) continue;
      pinned.add(pid);
      execFile('taskset', ['-p', '-c', String(SERVER_CORE), String(pid)], (error) => {
        if (error) log(`could not pin postgres backend ${pid}: ${error.message}`);
      });
    }
  };
  pin();
  const timer = setInterval(pin, PIN_POSTGRES_EVERY_MS);
  return () => clearInterval(timer);
}

interface RunningServer {
  pid: number;
  port: number;
  postgresDatabase: string | undefined;
}

async function withServer<T>(
  peer: PeerDefinition,
  redis: PrivateRedis | undefined,
  use: (server: RunningServer) => Promise<T>,
): Promise<T> {
  const port = await pickFreePort();
  const resources = await peer.server.provision?.();
  try {
    const server = new PinnedProcess({
      label: `${peer.name} server`,
      core: SERVER_CORE,
      cwd: REPO_ROOT,
      argv: serverArgv(peer.server.entry),
      env: { ...peer.server.env({ port, redisUrl: redis?.url ?? '' }), ...resources?.env },
      onStderrLine: (line) => log(`${peer.name} server: ${line}`),
    });
    liveProcesses.add(server);
    try {
      await server.waitForLine(peer.server.readyPattern, SERVER_READY_TIMEOUT_MS);
      const database = resources?.postgresDatabase;
      const stopPinning =
        database !== undefined && PIN_POSTGRES ? pinPostgresBackends(database) : undefined;
      try {
        return await use({ pid: server.pid, port, postgresDatabase: database });
      } finally {
        stopPinning?.();
      }
    } finally {
      await server.stop();
      liveProcesses.delete(server);
    }
  } finally {
    await resources
      ?.release()
      .catch((error: unknown) =>
        log(`${peer.name}: releasing server resources failed: ${String(error)}`),
      );
  }
}

async function runGenerator(job: GeneratorJob): Promise<unknown> {
  const generator = new PinnedProcess({
    label: `${job.peer} generator`,
    core: GENERATOR_CORE,
    cwd: REPO_ROOT,
    argv: [
      process.execPath,
      ...GENERATOR_NODE_FLAGS,
      '--import',
      'tsx',
      'bench/generator.ts',
      JSON.stringify(job),
    ],
    onStderrLine: (line) => process.stderr.write(`${line}\n`),
  });
  liveProcesses.add(generator);
  try {
    const code = await generator.waitForExit(generatorTimeoutMs(job.plan, job.mode));
    const resultLine = generator.stdoutLines.find((line) => line.startsWith(RESULT_LINE_PREFIX));
    if (code !== 0 || resultLine === undefined) {
      throw new Error(`generator exited with ${code}\n${generator.outputTail}`);
    }
    return JSON.parse(resultLine.slice(RESULT_LINE_PREFIX.length));
  } finally {
    liveProcesses.delete(generator);
  }
}

async function runPeerRound(
  peer: PeerDefinition,
  round: number,
  plan: BenchPlan,
  redis: PrivateRedis | undefined,
): Promise<PeerRoundResult> {
  const result: PeerRoundResult = { peer: peer.name, round };
  const peerRedis = peer.usesRedis ? redis : undefined;
  const peerPlan = planForPeer(plan, peer.scope);
  const jobFor = (mode: GeneratorMode, server: RunningServer): GeneratorJob => ({
    peer: peer.name,
    mode,
    host: HOST,
    port: server.port,
    serverPid: server.pid,
    redisPid: peerRedis?.process.pid,
    postgresDatabase: server.postgresDatabase,
    plan: peerPlan,
  });
  try {
    result.workloads = (await withServer(peer, peerRedis, (server) =>
      runGenerator(jobFor('workloads', server)),
    )) as WorkloadResult[];
    if (runsIdleConnections(peer.scope)) {
      result.idleConnections = (await withServer(peer, peerRedis, (server) =>
        runGenerator(jobFor('idle-connections', server)),
      )) as IdleConnectionsResult;
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`${peer.name} round ${round} FAILED: ${result.error}`);
  }
  return result;
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const argv = process.argv.slice(2);
  const options = parseCliOptions(argv);
  const { plan } = options;

  const skipped = new Map<string, string>();
  const peers = options.peers.filter((peer) => {
    try {
      peer.assertAvailable();
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      skipped.set(peer.name, reason);
      log(`NOTE: skipping (${peer.letter}) ${peer.name}: ${reason}`);
      return false;
    }
  });
  if (peers.length === 0) throw new Error('no runnable peer selected');

  // Server and generator inherit this limit and each hold one fd per connection.
  const fdLimit = openFileLimit();
  if (fdLimit < plan.idleConnections + 512) {
    throw new Error(
      `ulimit -n is ${fdLimit}; need at least ${plan.idleConnections + 512} for ${plan.idleConnections} connections`,
    );
  }

  const machine = collectMachineInfo(REPO_ROOT);
  const redis = peers.some((peer) => peer.usesRedis)
    ? await startPrivateRedis(SERVER_CORE, REPO_ROOT)
    : undefined;
  if (redis) {
    liveProcesses.add(redis.process);
    log(
      `private redis-server on port ${redis.port} (pid ${redis.process.pid}, core ${SERVER_CORE})`,
    );
  }

  const results: PeerRoundResult[] = [];
  try {
    for (let round = 1; round <= plan.rounds; round++) {
      for (const peer of peers.filter((p) => runsInRound(p.scope, round))) {
        log(`round ${round}/${plan.rounds}: ${peer.name}`);
        results.push(await runPeerRound(peer, round, plan, redis));
      }
    }
  } finally {
    if (redis) {
      await redis.process.stop();
      liveProcesses.delete(redis.process);
    }
  }

  const date = new Date().toISOString().slice(0, 10);
  const resultsFile = options.out ?? `bench/results/${date}${options.quick ? '-quick' : ''}.json`;
  const command = `npx tsx bench/run.ts${argv.length > 0 ? ` ${argv.join(' ')}` : ''}`;
  const summary = summarize(
    peers.map((peer) => peer.name),
    results,
  );
  const targets = issueTargets(results);
  const resultsPath = path.resolve(REPO_ROOT, resultsFile);
  mkdirSync(path.dirname(resultsPath), { recursive: true });
  writeFileSync(
    resultsPath,
    `${JSON.stringify({ date, command, quick: options.quick, machine, plan, skipped: Object.fromEntries(skipped), results, summary, targets }, null, 2)}\n`,
  );

  const context: ReportContext = {
    date,
    command,
    quick: options.quick,
    plan,
    machine,
    resultsFile,
    durationSeconds: (performance.now() - startedAt) / 1000,
    peerDescriptions: options.peers.map((peer) => ({
      letter: peer.letter,
      name: peer.name,
      description: peer.description,
      scope: describeScope(plan, peer.scope),
      skipped: skipped.get(peer.name),
    })),
    documents: Object.values(INBOX_DOCUMENTS),
    targets,
  };
  const markdown = renderReport(context, summary);
  process.stdout.write(`${markdown}\n`);
  log(`raw results: ${resultsFile}`);
  if (options.writeDocs) {
    writeReportIntoDocs(path.join(REPO_ROOT, 'docs/BENCHMARKS.md'), markdown);
    log('updated docs/BENCHMARKS.md');
  } else {
    log('docs/BENCHMARKS.md left unchanged (quick run; pass --docs to write it)');
  }
  if (results.some((r) => r.error !== undefined)) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
