/**
 * What the runner asks the generator to do, and the knobs for full vs quick
 * runs. Passed to the generator as one JSON argv element.
 */

export interface WorkloadSpec {
  /** e.g. "20x10" */
  name: string;
  rooms: number;
  receiversPerRoom: number;
}

export interface PhaseTimings {
  saturationWarmupMs: number;
  saturationMeasureMs: number;
  fixedRateWarmupMs: number;
  fixedRateMeasureMs: number;
  /** Upper bound on waiting for in-flight deliveries after a phase stops sending. */
  drainTimeoutMs: number;
}

export interface BenchPlan {
  rounds: number;
  workloads: WorkloadSpec[];
  /** Fixed open-loop rates in deliveries per second. */
  fixedRates: number[];
  timings: PhaseTimings;
  /** Closed-loop saturation keeps this many deliveries in flight (message window = this / fan-out). */
  saturationWindowDeliveries: number;
  idleConnections: number;
  idleRoomSize: number;
  connectConcurrency: number;
}

export const WORKLOADS: WorkloadSpec[] = [
  { name: '20 rooms x 10', rooms: 20, receiversPerRoom: 10 },
  { name: '1 room x 200', rooms: 1, receiversPerRoom: 200 },
];

export const FULL_PLAN: BenchPlan = {
  rounds: 3,
  workloads: WORKLOADS,
  fixedRates: [5_000, 15_000],
  timings: {
    saturationWarmupMs: 1_000,
    saturationMeasureMs: 5_000,
    fixedRateWarmupMs: 1_000,
    fixedRateMeasureMs: 8_000,
    drainTimeoutMs: 10_000,
  },
  saturationWindowDeliveries: 4_000,
  idleConnections: 10_000,
  idleRoomSize: 10,
  connectConcurrency: 200,
};

/**
 * Phases of the extra rows (other documents, HTTP senders, the persisted peer): shorter than
 * the full plan's so `npm run bench` stays near 25 minutes on 2 cores (with EXTRA_ROW_ROUNDS).
 * Their per-CPU-second figures are as stable; their latency percentiles rest on fewer samples.
 */
export const EXTRA_ROW_TIMINGS: PhaseTimings = {
  saturationWarmupMs: 1_000,
  saturationMeasureMs: 3_000,
  fixedRateWarmupMs: 1_000,
  fixedRateMeasureMs: 5_000,
  drainTimeoutMs: 5_000,
};

/** The extra rows run in the first 2 of the full run's 3 rounds. */
export const EXTRA_ROW_ROUNDS = 2;

export const QUICK_PLAN: BenchPlan = {
  ...FULL_PLAN,
  rounds: 1,
  timings: {
    saturationWarmupMs: 500,
    saturationMeasureMs: 2_000,
    fixedRateWarmupMs: 500,
    fixedRateMeasureMs: 2_500,
    drainTimeoutMs: 5_000,
  },
  idleConnections: 2_000,
};

export type GeneratorMode = 'workloads' | 'idle-connections';

export interface GeneratorJob {
  peer: string;
  mode: GeneratorMode;
  host: string;
  port: number;
  serverPid: number;
  redisPid: number | undefined;
  /** Set for peers backed by PostgreSQL: whose backends' CPU to report (see proc-stats.ts). */
  postgresDatabase?: string | undefined;
  plan: BenchPlan;
}

/** The generator's single stdout line carrying its result (everything else goes to stderr). */
export const RESULT_LINE_PREFIX = 'RESULT ';
