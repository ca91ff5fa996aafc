/**
 * What the domain reports for /metrics (src/metrics.ts counts it). An interface here, so
 * the domain depends on nothing above it; `noMeters` where nobody is counting.
 */
export interface ChatMeters {
  /** Events committed to inboxes (one per recipient). */
  eventsWritten(count: number): void;
  /** A subscription finished replaying stored events: how many it replayed. */
  replayed(events: number): void;
  /** A read after the replay found events no doorbell had brought (lost or late doorbells). */
  gapFilled(): void;
  /** A subscriber's cursor was older than what is kept: it got a ResyncEvent. */
  resynced(): void;
  /** A live event was handed to its subscriber this long after it was stored. */
  delivered(latencyMs: number): void;
  /** An action refused with RATE_LIMITED. */
  rateLimited(action: string): void;
  /** Database work that failed unexpectedly (`during`: request, background, readiness). */
  databaseError(during: string): void;
  /** A Redis connection error or failed command (`during`: connection, publish, command). */
  redisError(during: string): void;
  /** An operation answered INTERNAL_SERVER_ERROR (a bug, or a part of the system down). */
  internalError(): void;
}

const ignore = () => {};

export const noMeters: ChatMeters = {
  eventsWritten: ignore,
  replayed: ignore,
  gapFilled: ignore,
  resynced: ignore,
  delivered: ignore,
  rateLimited: ignore,
  databaseError: ignore,
  redisError: ignore,
  internalError: ignore,
};
