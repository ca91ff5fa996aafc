/** Raw per-round results as written to bench/results/<date>.json. */
import type { DeliveryIntegrity } from './delivery-tracker.ts';
import type { CpuUsage } from './proc-stats.ts';
import type { Percentiles } from './sample-recorder.ts';

/** Generator CPU share above this marks a phase as generator-bound. */
export const GENERATOR_BOUND_CORE_SHARE = 0.9;
/** Fixed-rate phases whose sender lag p99 exceeds this are marked invalid. */
export const MAX_SENDER_LAG_P99_MS = 5;

export interface SaturationResult {
  windowMessages: number;
  deliveriesPerSecond: number;
  messagesPerSecond: number;
  deliveriesPerServerCpuSecond: number;
  /** Server + Redis CPU; equals the above for peers without Redis. */
  deliveriesPerServerAndRedisCpuSecond: number;
  /** Server + Redis + PostgreSQL CPU; equals the above for peers without PostgreSQL. */
  deliveriesPerBackendCpuSecond: number;
  cpu: CpuUsage;
  integrity: DeliveryIntegrity;
  drained: boolean;
  generatorBound: boolean;
}

export interface FixedRateResult {
  targetDeliveriesPerSecond: number;
  achievedDeliveriesPerSecond: number;
  latencyMs: Percentiles;
  senderLagMs: Percentiles;
  /** Sender lag p99 > MAX_SENDER_LAG_P99_MS: latency figures are not trustworthy. */
  senderLagged: boolean;
  serverCpuMicrosPerMessage: number;
  serverCpuMicrosPerDelivery: number;
  redisCpuMicrosPerMessage: number;
  postgresCpuMicrosPerMessage: number;
  cpu: CpuUsage;
  integrity: DeliveryIntegrity;
  drained: boolean;
  generatorBound: boolean;
}

export interface WorkloadResult {
  workload: string;
  rooms: number;
  fanout: number;
  saturation: SaturationResult;
  fixedRates: FixedRateResult[];
}

export interface IdleConnectionsResult {
  connections: number;
  connectConcurrency: number;
  connectsPerSecond: number;
  rssBaselineBytes: number;
  rssAfterBytes: number;
  rssPerConnectionBytes: number;
  serverCpuMicrosPerConnection: number;
  postgresCpuMicrosPerConnection: number;
  generatorCoreShare: number;
}

export interface PeerRoundResult {
  peer: string;
  round: number;
  workloads?: WorkloadResult[];
  idleConnections?: IdleConnectionsResult;
  /** Set when a generator or server failed; the other figures may be missing. */
  error?: string;
}
