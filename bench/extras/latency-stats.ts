/** Percentiles of one sample and the median (min–max) over rounds that the report shows. */

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return { median: percentile(values, 50), min: Math.min(...values), max: Math.max(...values) };
}

export interface LatencySample {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function latencySample(durationsMs: readonly number[]): LatencySample {
  return {
    p50Ms: percentile(durationsMs, 50),
    p99Ms: percentile(durationsMs, 99),
    maxMs: Math.max(...durationsMs),
  };
}

/** Times `run` once per element of `inputs`, one after the other (no overlap). */
export async function timeSequentially<T>(
  inputs: readonly T[],
  run: (input: T) => Promise<void>,
): Promise<number[]> {
  const durations: number[] = [];
  for (const input of inputs) {
    const started = performance.now();
    await run(input);
    durations.push(performance.now() - started);
  }
  return durations;
}
