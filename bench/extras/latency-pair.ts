/**
 * Latency of one operation through our API against the bare operation underneath it:
 * per round a warm-up, then `requests` sequential calls of ours and as many of the
 * baseline. Sequential (one in flight) so each figure is service time, not queueing.
 */
import {
  type LatencySample,
  latencySample,
  type Spread,
  spread,
  timeSequentially,
} from './latency-stats.ts';

export interface LatencyPairRound {
  ours: LatencySample;
  baseline: LatencySample;
  p50Ratio: number;
  p99Ratio: number;
}

export interface LatencyPairResult {
  requestsPerRound: number;
  rounds: LatencyPairRound[];
  oursP50Ms: Spread;
  oursP99Ms: Spread;
  baselineP50Ms: Spread;
  baselineP99Ms: Spread;
  p50Ratio: Spread;
  p99Ratio: Spread;
}

export interface LatencyPairOptions {
  name: string;
  rounds: number;
  requests: number;
  warmupRequests: number;
  /** One request of ours; `i` picks its input. Throws if the answer is wrong. */
  ours: (round: number, i: number) => Promise<void>;
  /** The same through the baseline. */
  baseline: (round: number, i: number) => Promise<void>;
  log: (line: string) => void;
}

const indexes = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

export async function measureLatencyPair(options: LatencyPairOptions): Promise<LatencyPairResult> {
  const rounds: LatencyPairRound[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    // Warm-up inputs are past the measured ones, so nothing measured was fetched just before.
    const warmup = indexes(options.warmupRequests).map((i) => options.requests + i);
    await timeSequentially(warmup, (i) => options.ours(round, i));
    await timeSequentially(warmup, (i) => options.baseline(round, i));
    const ours = latencySample(
      await timeSequentially(indexes(options.requests), (i) => options.ours(round, i)),
    );
    const baseline = latencySample(
      await timeSequentially(indexes(options.requests), (i) => options.baseline(round, i)),
    );
    rounds.push({
      ours,
      baseline,
      p50Ratio: ours.p50Ms / baseline.p50Ms,
      p99Ratio: ours.p99Ms / baseline.p99Ms,
    });
    options.log(
      `${options.name} round ${round}: ours p50 ${ours.p50Ms.toFixed(2)} / p99 ${ours.p99Ms.toFixed(2)} ms, ` +
        `baseline p50 ${baseline.p50Ms.toFixed(2)} / p99 ${baseline.p99Ms.toFixed(2)} ms`,
    );
  }
  return {
    requestsPerRound: options.requests,
    rounds,
    oursP50Ms: spread(rounds.map((r) => r.ours.p50Ms)),
    oursP99Ms: spread(rounds.map((r) => r.ours.p99Ms)),
    baselineP50Ms: spread(rounds.map((r) => r.baseline.p50Ms)),
    baselineP99Ms: spread(rounds.map((r) => r.baseline.p99Ms)),
    p50Ratio: spread(rounds.map((r) => r.p50Ratio)),
    p99Ratio: spread(rounds.map((r) => r.p99Ratio)),
  };
}
