/** The plan one peer runs: the run's plan narrowed to the peer's scope (peer-types.ts PeerScope). */
import type { PeerScope } from '../peers/peer-types.ts';
import type { BenchPlan, PhaseTimings } from './bench-config.ts';

function cappedTimings(plan: PhaseTimings, cap: PhaseTimings | undefined): PhaseTimings {
  if (cap === undefined) return plan;
  return {
    saturationWarmupMs: Math.min(plan.saturationWarmupMs, cap.saturationWarmupMs),
    saturationMeasureMs: Math.min(plan.saturationMeasureMs, cap.saturationMeasureMs),
    fixedRateWarmupMs: Math.min(plan.fixedRateWarmupMs, cap.fixedRateWarmupMs),
    fixedRateMeasureMs: Math.min(plan.fixedRateMeasureMs, cap.fixedRateMeasureMs),
    drainTimeoutMs: Math.min(plan.drainTimeoutMs, cap.drainTimeoutMs),
  };
}

export function planForPeer(plan: BenchPlan, scope: PeerScope | undefined): BenchPlan {
  if (scope === undefined) return plan;
  const { workloads, fixedRates } = scope;
  return {
    ...plan,
    timings: cappedTimings(plan.timings, scope.timings),
    workloads: workloads
      ? plan.workloads.filter((w) => workloads.includes(w.name))
      : plan.workloads,
    fixedRates: fixedRates
      ? plan.fixedRates.filter((rate) => fixedRates.includes(rate))
      : plan.fixedRates,
  };
}

/** Whether the peer runs in `round` (1-based). */
export function runsInRound(scope: PeerScope | undefined, round: number): boolean {
  return scope?.rounds === undefined || round <= scope.rounds;
}

export function runsIdleConnections(scope: PeerScope | undefined): boolean {
  return scope?.idleConnections !== false;
}

/** One line for the report: what part of the plan the peer ran, or '' for all of it. */
export function describeScope(plan: BenchPlan, scope: PeerScope | undefined): string {
  if (scope === undefined) return '';
  const own = planForPeer(plan, scope);
  const parts: string[] = [];
  if (scope.rounds !== undefined && scope.rounds < plan.rounds)
    parts.push(`${scope.rounds} of ${plan.rounds} rounds`);
  if (own.workloads.length < plan.workloads.length)
    parts.push(`only ${own.workloads.map((w) => w.name).join(', ')}`);
  if (own.fixedRates.length < plan.fixedRates.length)
    parts.push(
      own.fixedRates.length === 0
        ? 'saturation only'
        : `fixed rate ${own.fixedRates.map((r) => `${r / 1000}k/s`).join(', ')} only`,
    );
  if (!runsIdleConnections(scope)) parts.push('no idle-connection test');
  const t = own.timings;
  const base = plan.timings;
  if (
    t.saturationMeasureMs < base.saturationMeasureMs ||
    t.fixedRateMeasureMs < base.fixedRateMeasureMs ||
    t.drainTimeoutMs < base.drainTimeoutMs
  ) {
    parts.push(
      `shorter phases: saturation ${t.saturationMeasureMs / 1000} s, fixed rates ${t.fixedRateMeasureMs / 1000} s measured, drain ${t.drainTimeoutMs / 1000} s`,
    );
  }
  return parts.join('; ');
}
