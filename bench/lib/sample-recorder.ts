/**
 * Keeps every sample (latencies, sender lags) in a growable Float64Array and
 * computes exact percentiles by sorting once at the end. A phase produces at
 * most a few hundred thousand samples, so exactness is cheaper than tuning a
 * bucketed histogram.
 */

export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export class SampleRecorder {
  private samples = new Float64Array(1024);
  private length = 0;

  record(value: number): void {
    if (this.length === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.length++] = value;
  }

  get count(): number {
    return this.length;
  }

  percentiles(): Percentiles {
    const sorted = this.samples.slice(0, this.length).sort();
    return {
      count: this.length,
      p50: nearestRank(sorted, 0.5),
      p90: nearestRank(sorted, 0.9),
      p99: nearestRank(sorted, 0.99),
      max: this.length === 0 ? Number.NaN : (sorted[this.length - 1] ?? Number.NaN),
    };
  }
}

/** Nearest-rank percentile of an ascending array (NaN when empty). */
function nearestRank(sorted: Float64Array, quantile: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(quantile * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}
