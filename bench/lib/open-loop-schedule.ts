/**
 * Open-loop pacing: message k is due at start + k * interval no matter how
 * the system under test is doing. If the generator's event loop is late, the
 * lag (actual - intended) is visible to the caller and, because latency is
 * measured from the intended time, is included in latency rather than hidden
 * (no coordinated omission).
 */

export interface OpenLoopPlan {
  startAtMs: number;
  ratePerSecond: number;
  totalMessages: number;
}

/** Called for each due message; `nowMs` is the actual send time. */
export type SendDue = (index: number, intendedAtMs: number, nowMs: number) => void;

export function runOpenLoop(plan: OpenLoopPlan, sendDue: SendDue): Promise<void> {
  const intervalMs = 1000 / plan.ratePerSecond;
  return new Promise((resolve) => {
    let next = 0;
    const tick = (): void => {
      while (next < plan.totalMessages) {
        const intendedAtMs = plan.startAtMs + next * intervalMs;
        const now = performance.now();
        if (intendedAtMs > now) break;
        sendDue(next, intendedAtMs, now);
        next++;
      }
      if (next >= plan.totalMessages) {
        resolve();
        return;
      }
      // setTimeout has ~1 ms granularity; we deliberately do not spin (a busy
      // generator would look CPU-bound and steal time from receiving).
      const waitMs = plan.startAtMs + next * intervalMs - performance.now();
      setTimeout(tick, Math.max(0, Math.floor(waitMs)));
    };
    tick();
  });
}
