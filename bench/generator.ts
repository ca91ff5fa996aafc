/**
 * Load generator process (the runner starts it pinned to core 1).
 *
 * Holds every receiving connection AND the senders, so send and receive
 * timestamps come from one clock. Takes one GeneratorJob as JSON in argv[2],
 * logs progress to stderr and prints exactly one `RESULT {...}` line.
 */
import { type GeneratorJob, RESULT_LINE_PREFIX } from './lib/bench-config.ts';
import { runIdleConnections } from './lib/idle-connections.ts';
import type { IdleConnectionsResult, WorkloadResult } from './lib/result-types.ts';
import { runWorkload } from './lib/workload-phases.ts';
import { findPeer } from './peers/index.ts';

const job = JSON.parse(process.argv[2] ?? '') as GeneratorJob;
const log = (line: string): void => {
  process.stderr.write(`[generator ${job.peer}] ${line}\n`);
};

async function main(): Promise<WorkloadResult[] | IdleConnectionsResult> {
  const client = findPeer(job.peer).createClient({ host: job.host, port: job.port });
  if (job.mode === 'idle-connections') {
    const result = await runIdleConnections(client, job);
    log(
      `${result.connections} connections: ${Math.round(result.connectsPerSecond)}/s, ${Math.round(result.rssPerConnectionBytes)} B RSS each`,
    );
    return result;
  }
  const results: WorkloadResult[] = [];
  for (const spec of job.plan.workloads) results.push(await runWorkload(client, spec, job, log));
  await client.dispose();
  return results;
}

try {
  const result = await main();
  process.stdout.write(`${RESULT_LINE_PREFIX}${JSON.stringify(result)}\n`, () => process.exit(0));
} catch (error) {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
