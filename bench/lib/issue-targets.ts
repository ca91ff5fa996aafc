/**
 * The targets of issue 10, computed from the raw rounds: each ratio is taken per round (both
 * peers measured minutes apart at most), then median (min–max) over rounds, like the ratios
 * to ws-inproc. A target is "met" when its median meets it (integrity: every round); the
 * spread says how firmly.
 */
import type { FixedRateResult, PeerRoundResult, WorkloadResult } from './result-types.ts';
import { type Spread, spread } from './round-stats.ts';

export const ROOMS_OF_10 = '20 rooms x 10';
export const ROOM_OF_200 = '1 room x 200';
const APOLLO_PEERS = ['chat-apollo-ws', 'chat-apollo-http'];
const PLAIN_WS_PEERS = ['ws-inproc', 'ws-redis'];
const PERSISTED_PEER = 'socketio-persisted';
const MINIMAL_PEER = 'chat-minimal-ws';
const APOLLO_SOCKET_PEER = 'chat-apollo-ws';
const P99_RATE = 5_000;
const P99_GOAL_MS = 25;

export interface TargetRow {
  target: string;
  /** What is compared, e.g. `chat-apollo-ws / ws-inproc, 20 rooms x 10`. */
  subject: string;
  measured: Spread;
  unit: 'ratio' | 'ms' | 'count';
  goal: string;
  /** Undefined when nothing was measured (a peer missing from the run). */
  met: boolean | undefined;
}

type Pick = (workload: WorkloadResult) => number | undefined;

function workloadOf(round: PeerRoundResult, name: string): WorkloadResult | undefined {
  return round.error === undefined ? round.workloads?.find((w) => w.workload === name) : undefined;
}

/** Per round: pick(peer) / pick(reference), for rounds where both ran. */
function roundRatios(
  results: PeerRoundResult[],
  peer: string,
  reference: string,
  workload: string,
  pick: Pick,
): Spread {
  const values: number[] = [];
  for (const round of results.filter((r) => r.peer === peer)) {
    const other = results.find((r) => r.peer === reference && r.round === round.round);
    const ours = workloadOf(round, workload);
    const theirs = other && workloadOf(other, workload);
    const a = ours && pick(ours);
    const b = theirs && pick(theirs);
    if (a !== undefined && b !== undefined && b > 0) values.push(a / b);
  }
  return spread(values);
}

function fixedRate(workload: WorkloadResult, rate: number): FixedRateResult | undefined {
  return workload.fixedRates.find((f) => f.targetDeliveriesPerSecond === rate);
}

function row(
  target: string,
  subject: string,
  measured: Spread,
  unit: TargetRow['unit'],
  goal: { text: string; ok: (measured: Spread) => boolean },
): TargetRow {
  return {
    target,
    subject,
    measured,
    unit,
    goal: goal.text,
    met: measured.n === 0 ? undefined : goal.ok(measured),
  };
}

const atLeast = (x: number) => ({ text: `≥ ${x.toFixed(2)}×`, ok: (s: Spread) => s.median >= x });
const atMost = (x: number, suffix: string) => ({
  text: `≤ ${x}${suffix}`,
  ok: (s: Spread) => s.median <= x,
});
/** Every round, not the median: one lost message is a failure. */
const none = { text: '0 in every round', ok: (s: Spread) => s.max === 0 };

export function issueTargets(results: PeerRoundResult[]): TargetRow[] {
  const ran = new Set(results.map((r) => r.peer));
  const apollo = APOLLO_PEERS.filter((p) => ran.has(p));
  const rows: TargetRow[] = [];
  const serverCpu: Pick = (w) => w.saturation.deliveriesPerServerCpuSecond;
  const backendCpu: Pick = (w) => w.saturation.deliveriesPerBackendCpuSecond;
  const speed: Pick = (w) => w.saturation.deliveriesPerSecond;

  for (const peer of apollo) {
    for (const [workload, goal] of [
      [ROOMS_OF_10, 0.2],
      [ROOM_OF_200, 0.35],
    ] as const) {
      for (const plain of PLAIN_WS_PEERS.filter((p) => ran.has(p))) {
        rows.push(
          row(
            'deliveries per server CPU-s vs plain ws',
            `${peer} / ${plain}, ${workload}`,
            roundRatios(results, peer, plain, workload, serverCpu),
            'ratio',
            atLeast(goal),
          ),
        );
      }
    }
  }
  if (ran.has(PERSISTED_PEER)) {
    for (const peer of apollo) {
      for (const workload of [ROOMS_OF_10, ROOM_OF_200]) {
        rows.push(
          row(
            'deliveries per (server+Redis+PostgreSQL) CPU-s vs persisted Socket.IO',
            `${peer} / ${PERSISTED_PEER}, ${workload}`,
            roundRatios(results, peer, PERSISTED_PEER, workload, backendCpu),
            'ratio',
            atLeast(0.5),
          ),
        );
      }
    }
  }
  if (ran.has(MINIMAL_PEER) && ran.has(APOLLO_SOCKET_PEER)) {
    for (const workload of [ROOMS_OF_10, ROOM_OF_200]) {
      for (const [what, pick] of [
        ['deliveries/s', speed],
        ['deliveries per server CPU-s', serverCpu],
      ] as const) {
        rows.push(
          row(
            `minimal document vs Apollo's, ${what}`,
            `${MINIMAL_PEER} / ${APOLLO_SOCKET_PEER}, ${workload}`,
            roundRatios(results, MINIMAL_PEER, APOLLO_SOCKET_PEER, workload, pick),
            'ratio',
            atMost(1.3, '×'),
          ),
        );
      }
    }
  }
  for (const peer of apollo) {
    const phases = results
      .filter((r) => r.peer === peer)
      .flatMap((r) => {
        const w = workloadOf(r, ROOMS_OF_10);
        const f = w && fixedRate(w, P99_RATE);
        return f ? [f] : [];
      });
    if (phases.length === 0) continue;
    const subject = `${peer}, ${ROOMS_OF_10} @${P99_RATE / 1000}k/s`;
    rows.push(
      row(
        `p99 at ${P99_RATE.toLocaleString('en-US')} deliveries/s (rounds with sender lag left out)`,
        subject,
        spread(phases.filter((f) => !f.senderLagged).map((f) => f.latencyMs.p99)),
        'ms',
        atMost(P99_GOAL_MS, ' ms'),
      ),
    );
    const faults = phases.map(
      (f) => f.integrity.lost + f.integrity.duplicated + f.integrity.reordered,
    );
    rows.push(
      row(
        'lost + duplicated + reordered at that rate (per round)',
        subject,
        spread(faults),
        'count',
        none,
      ),
    );
  }
  return rows;
}
