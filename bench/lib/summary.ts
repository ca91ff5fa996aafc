/**
 * Folds interleaved rounds into median (min–max) per peer, workload and rate,
 * plus ratios to ws-inproc computed per round (both measured minutes apart at
 * most), then the median of those ratios.
 */
import type { DeliveryIntegrity } from './delivery-tracker.ts';
import type {
  FixedRateResult,
  PeerRoundResult,
  SaturationResult,
  WorkloadResult,
} from './result-types.ts';
import { type Spread, spread } from './round-stats.ts';

export const BASELINE_PEER = 'ws-inproc';

export interface SaturationSummary {
  deliveriesPerSecond: Spread;
  deliveriesPerServerCpuSecond: Spread;
  deliveriesPerServerAndRedisCpuSecond: Spread;
  deliveriesPerBackendCpuSecond: Spread;
  /** Per message delivered in the measured window (deliveries / fan-out). */
  serverCpuMicrosPerMessage: Spread;
  postgresCpuMicrosPerMessage: Spread;
  generatorCoreShare: Spread;
  generatorBoundRounds: number;
}

export interface FixedRateSummary {
  targetDeliveriesPerSecond: number;
  achievedDeliveriesPerSecond: Spread;
  p50: Spread;
  p90: Spread;
  p99: Spread;
  max: Spread;
  senderLagP99: Spread;
  serverCpuMicrosPerMessage: Spread;
  serverCpuMicrosPerDelivery: Spread;
  redisCpuMicrosPerMessage: Spread;
  postgresCpuMicrosPerMessage: Spread;
  generatorCoreShare: Spread;
  /** Rounds left out of the latency figures because sender lag p99 > 5 ms. */
  senderLaggedRounds: number;
  undrainedRounds: number;
}

export interface WorkloadSummary {
  workload: string;
  fanout: number;
  saturation: SaturationSummary;
  fixedRates: FixedRateSummary[];
}

export interface PeerSummary {
  peer: string;
  rounds: number;
  failedRounds: number;
  workloads: WorkloadSummary[];
  idle?: {
    connections: number;
    connectsPerSecond: Spread;
    rssPerConnectionBytes: Spread;
    serverCpuMicrosPerConnection: Spread;
    postgresCpuMicrosPerConnection: Spread;
    generatorCoreShare: Spread;
  };
  integrity: DeliveryIntegrity;
  /**
   * Part of `integrity.lost` from phases that did not drain: messages still queued
   * or in flight when an overloaded phase was cut off (late, not necessarily lost).
   */
  lostInUndrainedPhases: number;
  /** Metric label -> median of per-round ratio peer / ws-inproc. */
  ratiosToBaseline: Record<string, Spread>;
}

function sumIntegrity(results: PeerRoundResult[]): DeliveryIntegrity {
  const total: DeliveryIntegrity = {
    lost: 0,
    duplicated: 0,
    reordered: 0,
    misrouted: 0,
    stale: 0,
    receiversAffected: 0,
  };
  for (const round of results) {
    for (const workload of round.workloads ?? []) {
      for (const phase of [workload.saturation, ...workload.fixedRates]) {
        for (const key of Object.keys(total) as (keyof DeliveryIntegrity)[])
          total[key] += phase.integrity[key];
      }
    }
  }
  return total;
}

function lostInUndrainedPhases(results: PeerRoundResult[]): number {
  let lost = 0;
  for (const round of results) {
    for (const workload of round.workloads ?? []) {
      for (const phase of [workload.saturation, ...workload.fixedRates])
        if (!phase.drained) lost += phase.integrity.lost;
    }
  }
  return lost;
}

function summarizeFixedRate(phases: FixedRateResult[]): FixedRateSummary {
  const valid = phases.filter((phase) => !phase.senderLagged);
  const of = (list: FixedRateResult[], pick: (phase: FixedRateResult) => number): Spread =>
    spread(list.map(pick));
  return {
    targetDeliveriesPerSecond: phases[0]?.targetDeliveriesPerSecond ?? Number.NaN,
    achievedDeliveriesPerSecond: of(phases, (p) => p.achievedDeliveriesPerSecond),
    p50: of(valid, (p) => p.latencyMs.p50),
    p90: of(valid, (p) => p.latencyMs.p90),
    p99: of(valid, (p) => p.latencyMs.p99),
    max: of(valid, (p) => p.latencyMs.max),
    senderLagP99: of(phases, (p) => p.senderLagMs.p99),
    serverCpuMicrosPerMessage: of(phases, (p) => p.serverCpuMicrosPerMessage),
    serverCpuMicrosPerDelivery: of(phases, (p) => p.serverCpuMicrosPerDelivery),
    redisCpuMicrosPerMessage: of(phases, (p) => p.redisCpuMicrosPerMessage),
    postgresCpuMicrosPerMessage: of(phases, (p) => p.postgresCpuMicrosPerMessage ?? 0),
    generatorCoreShare: of(phases, (p) => p.cpu.generatorCoreShare),
    senderLaggedRounds: phases.length - valid.length,
    undrainedRounds: phases.filter((p) => !p.drained).length,
  };
}

function summarizeWorkload(name: string, perRound: WorkloadResult[]): WorkloadSummary {
  const saturations = perRound.map((w) => w.saturation);
  const fanout = perRound[0]?.fanout ?? Number.NaN;
  const perMessage = (cpuSeconds: number, s: SaturationResult): number =>
    (cpuSeconds * 1e6) / ((s.deliveriesPerSecond * s.cpu.wallSeconds) / fanout);
  const rates = perRound[0]?.fixedRates.map((f) => f.targetDeliveriesPerSecond) ?? [];
  return {
    workload: name,
    fanout,
    saturation: {
      deliveriesPerSecond: spread(saturations.map((s) => s.deliveriesPerSecond)),
      deliveriesPerServerCpuSecond: spread(saturations.map((s) => s.deliveriesPerServerCpuSecond)),
      deliveriesPerServerAndRedisCpuSecond: spread(
        saturations.map((s) => s.deliveriesPerServerAndRedisCpuSecond),
      ),
      deliveriesPerBackendCpuSecond: spread(
        saturations.map(
          (s) => s.deliveriesPerBackendCpuSecond ?? s.deliveriesPerServerAndRedisCpuSecond,
        ),
      ),
      serverCpuMicrosPerMessage: spread(
        saturations.map((s) => perMessage(s.cpu.serverCpuSeconds, s)),
      ),
      postgresCpuMicrosPerMessage: spread(
        saturations.map((s) => perMessage(s.cpu.postgresCpuSeconds, s)),
      ),
      generatorCoreShare: spread(saturations.map((s) => s.cpu.generatorCoreShare)),
      generatorBoundRounds: saturations.filter((s) => s.generatorBound).length,
    },
    fixedRates: rates.map((rate) =>
      summarizeFixedRate(
        perRound.flatMap((w) => w.fixedRates.filter((f) => f.targetDeliveriesPerSecond === rate)),
      ),
    ),
  };
}

/** Named scalar figures of one round, the basis for ratios to the baseline peer. */
function ratioFigures(round: PeerRoundResult): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const workload of round.workloads ?? []) {
    figures[`deliveries/s ${workload.workload}`] = workload.saturation.deliveriesPerSecond;
    figures[`deliveries per server CPU-s ${workload.workload}`] =
      workload.saturation.deliveriesPerServerCpuSecond;
    const fastest = workload.fixedRates.at(-1);
    if (fastest !== undefined && !fastest.senderLagged) {
      figures[`p99 @${fastest.targetDeliveriesPerSecond / 1000}k/s ${workload.workload}`] =
        fastest.latencyMs.p99;
    }
  }
  if (round.idleConnections) {
    figures['RSS per connection'] = round.idleConnections.rssPerConnectionBytes;
    figures['connects/s'] = round.idleConnections.connectsPerSecond;
  }
  return figures;
}

function ratiosToBaseline(
  peerRounds: PeerRoundResult[],
  all: PeerRoundResult[],
): Record<string, Spread> {
  const ratios: Record<string, number[]> = {};
  for (const round of peerRounds) {
    const baseline = all.find(
      (r) => r.peer === BASELINE_PEER && r.round === round.round && !r.error,
    );
    if (baseline === undefined) continue;
    const ours = ratioFigures(round);
    const theirs = ratioFigures(baseline);
    for (const [metric, value] of Object.entries(ours)) {
      const reference = theirs[metric];
      if (reference === undefined || reference === 0) continue;
      ratios[metric] ??= [];
      ratios[metric].push(value / reference);
    }
  }
  return Object.fromEntries(
    Object.entries(ratios).map(([metric, values]) => [metric, spread(values)]),
  );
}

export function summarize(peerNames: string[], results: PeerRoundResult[]): PeerSummary[] {
  return peerNames.map((peer) => {
    const rounds = results.filter((r) => r.peer === peer);
    const ok = rounds.filter((r) => r.error === undefined);
    const workloadNames = ok[0]?.workloads?.map((w) => w.workload) ?? [];
    const idle = ok.flatMap((r) => (r.idleConnections ? [r.idleConnections] : []));
    return {
      peer,
      rounds: rounds.length,
      failedRounds: rounds.length - ok.length,
      workloads: workloadNames.map((name) =>
        summarizeWorkload(
          name,
          ok.flatMap((r) => r.workloads?.filter((w) => w.workload === name) ?? []),
        ),
      ),
      idle:
        idle.length === 0
          ? undefined
          : {
              connections: idle[0]!.connections,
              connectsPerSecond: spread(idle.map((i) => i.connectsPerSecond)),
              rssPerConnectionBytes: spread(idle.map((i) => i.rssPerConnectionBytes)),
              serverCpuMicrosPerConnection: spread(idle.map((i) => i.serverCpuMicrosPerConnection)),
              postgresCpuMicrosPerConnection: spread(
                idle.map((i) => i.postgresCpuMicrosPerConnection ?? 0),
              ),
              generatorCoreShare: spread(idle.map((i) => i.generatorCoreShare)),
            },
      integrity: sumIntegrity(ok),
      lostInUndrainedPhases: lostInUndrainedPhases(ok),
      ratiosToBaseline: ratiosToBaseline(ok, results),
    };
  });
}
