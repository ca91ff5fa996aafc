/**
 * Renders the summary as markdown and splices it into docs/BENCHMARKS.md
 * between `<!-- bench:start -->` and `<!-- bench:end -->`, so hand-written
 * prose around the markers survives re-runs.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchPlan } from './bench-config.ts';
import type { InboxDocument } from './client-documents.ts';
import type { TargetRow } from './issue-targets.ts';
import type { MachineInfo } from './machine-info.ts';
import { GENERATOR_BOUND_CORE_SHARE, MAX_SENDER_LAG_P99_MS } from './result-types.ts';
import type { Spread } from './round-stats.ts';
import { BASELINE_PEER, type PeerSummary } from './summary.ts';

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

export interface ReportContext {
  date: string;
  command: string;
  quick: boolean;
  plan: BenchPlan;
  machine: MachineInfo;
  peerDescriptions: Array<{
    letter: string;
    name: string;
    description: string;
    /** What part of the plan the peer ran, '' for all of it. */
    scope: string;
    skipped?: string;
  }>;
  /** The inbox documents the chat peers subscribe with, printed so readers see what was measured. */
  documents: InboxDocument[];
  targets: TargetRow[];
  resultsFile: string;
  durationSeconds: number;
}

type Format = (value: number) => string;

const count: Format = (v) =>
  v >= 1e6
    ? `${(v / 1e6).toFixed(2)}M`
    : v >= 1e4
      ? `${Math.round(v / 1e3)}k`
      : v >= 1e3
        ? `${(v / 1e3).toFixed(1)}k`
        : v.toFixed(0);
const ms: Format = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const micros: Format = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const percent: Format = (v) => `${Math.round(v * 100)}%`;
const bytes: Format = (v) =>
  Math.abs(v) >= 1024 ? `${(v / 1024).toFixed(1)} KiB` : `${Math.round(v)} B`;
const ratio: Format = (v) => `${v.toFixed(2)}×`;

/** "median (min–max)", or just the value for a single round, or "–" when nothing was measured. */
function cell(value: Spread | undefined, format: Format): string {
  if (value === undefined || value.n === 0) return '–';
  if (value.n === 1 || format(value.min) === format(value.max)) return format(value.median);
  return `${format(value.median)} (${format(value.min)}–${format(value.max)})`;
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function header(ctx: ReportContext): string {
  const { machine, plan } = ctx;
  const t = plan.timings;
  const packages = Object.entries(machine.packages)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  return [
    `## ${ctx.quick ? 'Quick smoke run' : 'Run'} of ${ctx.date}`,
    '',
    `- Command: \`${ctx.command}\` (took ${Math.round(ctx.durationSeconds)} s; raw results: \`${ctx.resultsFile}\`)`,
    `- Machine: ${machine.nproc} cores (\`nproc\`), ${machine.cpuModel}, ${machine.memoryGiB} GiB RAM, ${machine.kernel}`,
    `- Software: Node ${machine.node}; ${machine.redisServer.split(' ').slice(0, 3).join(' ')}; ${packages}`,
    `- Placement: every peer server runs in its own process pinned to core 0 (\`taskset -c 0\`), together with a private`,
    `  redis-server (no persistence); the load generator (all receivers + senders, one clock) is pinned to core 1.`,
    `- ${plan.rounds} interleaved round(s) (every peer once per round); figures are median (min–max) over rounds.`,
    `- Workloads: ${plan.workloads.map((w) => `${w.name} (fan-out ${w.receiversPerRoom})`).join('; ')}; one sender per room; 64-byte bodies.`,
    `- Saturation: closed loop with ${plan.saturationWindowDeliveries.toLocaleString('en-US')} deliveries in flight, ` +
      `${t.saturationWarmupMs / 1000} s warm-up + ${t.saturationMeasureMs / 1000} s measured. ` +
      `Fixed rates: open loop, ${t.fixedRateWarmupMs / 1000} s warm-up + ${t.fixedRateMeasureMs / 1000} s measured; ` +
      `latency is from each message's intended send time (includes sender lag).`,
    `- Server/Redis CPU: sum of /proc/<pid>/task/*/schedstat (ns resolution); RSS: /proc/<pid>/status VmRSS.`,
    `- Postgres CPU (peers backed by PostgreSQL): same, summed over the backends of the peer's fresh database plus the`,
    `  postmaster and its auxiliary processes (WAL writer, checkpointer, ...). PostgreSQL is not pinned: it runs on either core.`,
    '',
    '### Peers',
    '',
    ...ctx.peerDescriptions.map(
      (p) =>
        `- (${p.letter}) \`${p.name}\`: ${p.description}${p.scope ? ` (${p.scope})` : ''}${p.skipped ? ` — **skipped**: ${p.skipped}` : ''}`,
    ),
  ].join('\n');
}

function documentsSection(documents: InboxDocument[]): string {
  return documents
    .map((d) => {
      const same = documents.find((other) => other !== d && other.text === d.text);
      const sameEarlier = same && documents.indexOf(same) < documents.indexOf(d);
      return sameEarlier
        ? `**${d.name}** — ${d.origin}: character for character the **${same.name}** text above.`
        : [`**${d.name}** — ${d.origin}:`, '', '```graphql', d.text, '```'].join('\n');
    })
    .join('\n\n');
}

const targetFormats: Record<TargetRow['unit'], Format> = {
  ratio,
  ms: (v) => `${ms(v)} ms`,
  count: (v) => v.toFixed(0),
};

function targetsTable(rows: TargetRow[]): string {
  if (rows.length === 0) return '_No targets: run the chat peers together with their references._';
  return table(
    ['target', 'compared', 'measured', 'goal', 'met'],
    rows.map((r) => [
      r.target,
      r.subject,
      cell(r.measured, targetFormats[r.unit]),
      r.goal,
      r.met === undefined ? '–' : r.met ? 'yes' : '**no**',
    ]),
  );
}

function saturationTable(peers: PeerSummary[]): string {
  const rows = peers.flatMap((peer) =>
    peer.workloads.map((w) => [
      peer.peer,
      w.workload,
      cell(w.saturation.deliveriesPerSecond, count),
      cell(w.saturation.deliveriesPerServerCpuSecond, count),
      cell(w.saturation.deliveriesPerServerAndRedisCpuSecond, count),
      cell(w.saturation.deliveriesPerBackendCpuSecond, count),
      cell(w.saturation.serverCpuMicrosPerMessage, micros),
      cell(w.saturation.postgresCpuMicrosPerMessage, micros),
      `${cell(w.saturation.generatorCoreShare, percent)}${w.saturation.generatorBoundRounds > 0 ? ' ⚠' : ''}`,
    ]),
  );
  return table(
    [
      'peer',
      'workload',
      'deliveries/s',
      'deliveries / server CPU-s',
      'deliveries / (server+Redis) CPU-s',
      'deliveries / (server+Redis+Postgres) CPU-s',
      'server CPU µs/msg',
      'Postgres CPU µs/msg',
      'generator CPU',
    ],
    rows,
  );
}

function latencyTable(peers: PeerSummary[]): string {
  const rows = peers.flatMap((peer) =>
    peer.workloads.flatMap((w) =>
      w.fixedRates.map((f) => [
        peer.peer,
        w.workload,
        `${count(f.targetDeliveriesPerSecond)}/s${f.senderLaggedRounds > 0 ? ` (${f.senderLaggedRounds} lagged round(s) excluded)` : ''}`,
        cell(f.p50, ms),
        cell(f.p90, ms),
        cell(f.p99, ms),
        cell(f.max, ms),
        cell(f.senderLagP99, ms),
        cell(f.serverCpuMicrosPerMessage, micros),
        cell(f.postgresCpuMicrosPerMessage, micros),
        cell(f.serverCpuMicrosPerDelivery, micros),
        cell(f.redisCpuMicrosPerMessage, micros),
        cell(f.generatorCoreShare, percent),
      ]),
    ),
  );
  return table(
    [
      'peer',
      'workload',
      'rate (deliveries)',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      'sender lag p99 ms',
      'server CPU µs/msg',
      'Postgres CPU µs/msg',
      'server CPU µs/delivery',
      'Redis CPU µs/msg',
      'generator CPU',
    ],
    rows,
  );
}

function connectionTable(peers: PeerSummary[]): string {
  const measured = peers.filter((peer) => peer.idle !== undefined);
  if (measured.length === 0) return '_No peer of this run ran the idle-connection test._';
  const rows = measured.map((peer) => [
    peer.peer,
    cell(peer.idle?.connectsPerSecond, count),
    cell(peer.idle?.rssPerConnectionBytes, bytes),
    cell(peer.idle?.serverCpuMicrosPerConnection, micros),
    cell(peer.idle?.postgresCpuMicrosPerConnection, micros),
    cell(peer.idle?.generatorCoreShare, percent),
  ]);
  return table(
    [
      'peer',
      'connect+subscribe /s',
      'server RSS / connection',
      'server CPU µs / connection',
      'Postgres CPU µs / connection',
      'generator CPU',
    ],
    rows,
  );
}

function ratioTable(peers: PeerSummary[]): string {
  const metrics = [...new Set(peers.flatMap((p) => Object.keys(p.ratiosToBaseline)))];
  const others = peers.filter((p) => p.peer !== BASELINE_PEER);
  if (others.length === 0 || metrics.length === 0)
    return `_No ratios: run \`${BASELINE_PEER}\` together with other peers._`;
  return table(
    ['metric', ...others.map((p) => p.peer)],
    metrics.map((metric) => [
      metric,
      ...others.map((p) => cell(p.ratiosToBaseline[metric], ratio)),
    ]),
  );
}

function flags(peers: PeerSummary[], plan: BenchPlan): string {
  const lines: string[] = [];
  for (const peer of peers) {
    const i = peer.integrity;
    lines.push(
      `- \`${peer.peer}\`: lost ${i.lost}` +
        (peer.lostInUndrainedPhases > 0
          ? ` (${peer.lostInUndrainedPhases} of them in phases cut off undrained: still queued or in flight at the drain timeout)`
          : '') +
        `, duplicated ${i.duplicated}, reordered ${i.reordered}, misrouted ${i.misrouted}, stale ${i.stale}` +
        ` (all phases, all rounds)${peer.failedRounds > 0 ? `; **${peer.failedRounds} failed round(s)**` : ''}`,
    );
    for (const w of peer.workloads) {
      if (w.saturation.generatorBoundRounds > 0) {
        lines.push(
          `  - ${w.workload} saturation was generator-bound in ${w.saturation.generatorBoundRounds} round(s) ` +
            `(generator > ${percent(GENERATOR_BOUND_CORE_SHARE)} of its core): the server may be able to do more.`,
        );
      }
      for (const f of w.fixedRates) {
        if (f.undrainedRounds > 0) {
          lines.push(
            `  - ${w.workload} @${count(f.targetDeliveriesPerSecond)}/s did not drain within ${plan.timings.drainTimeoutMs / 1000} s in ${f.undrainedRounds} round(s): the peer cannot sustain that rate.`,
          );
        }
      }
    }
  }
  return lines.join('\n');
}

export function renderReport(ctx: ReportContext, peers: PeerSummary[]): string {
  return [
    header(ctx),
    '',
    '### Inbox documents of the chat peers',
    '',
    documentsSection(ctx.documents),
    '',
    "### Targets of issue 10 (PostgreSQL + Redis, Apollo's document; per-round ratio, median (min–max))",
    '',
    targetsTable(ctx.targets),
    '',
    'Plain ws is shown both ways: `ws-inproc` (fan-out in process) and `ws-redis` (through Redis, like a scaled-out chat server).',
    '',
    '### Throughput at saturation',
    '',
    saturationTable(peers),
    '',
    `⚠ = generator CPU above ${percent(GENERATOR_BOUND_CORE_SHARE)} of its core in at least one round (generator-bound).`,
    '',
    '### Latency at fixed delivery rates',
    '',
    latencyTable(peers),
    '',
    `Rounds whose sender lag p99 exceeded ${MAX_SENDER_LAG_P99_MS} ms are excluded from the latency columns.`,
    '',
    `### Connections (${ctx.plan.idleConnections.toLocaleString('en-US')} idle connections, each joined to one room of ${ctx.plan.idleRoomSize}, ${ctx.plan.connectConcurrency} connecting at a time)`,
    '',
    connectionTable(peers),
    '',
    `### Ratios to \`${BASELINE_PEER}\` (per-round ratio, median (min–max))`,
    '',
    ratioTable(peers),
    '',
    '### Delivery integrity and flags',
    '',
    flags(peers, ctx.plan),
  ].join('\n');
}

const NEW_FILE_PREAMBLE = `# Benchmarks

Fan-out benchmark of this chat backend against reference peers (issue 5).
Produced by \`npm run bench\` (\`tsx bench/run.ts\`); the section between the markers
below is rewritten by every full run, edit outside it.
`;

export function writeReportIntoDocs(docsFile: string, markdown: string): void {
  const block = `${START_MARKER}\n${markdown}\n${END_MARKER}`;
  mkdirSync(path.dirname(docsFile), { recursive: true });
  if (!existsSync(docsFile)) {
    writeFileSync(docsFile, `${NEW_FILE_PREAMBLE}\n${block}\n`);
    return;
  }
  const current = readFileSync(docsFile, 'utf8');
  const start = current.indexOf(START_MARKER);
  const end = current.indexOf(END_MARKER);
  const updated =
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + END_MARKER.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(docsFile, updated);
}
