/**
 * A fixed number of workers, each issuing its next operation as soon as the previous
 * one answers, for a fixed time. Counts operations that completed inside the window.
 */
export interface ClosedLoopResult {
  completed: number;
  durationMs: number;
  perSecond: number;
}

export async function runClosedLoop(
  workers: number,
  durationMs: number,
  operation: (worker: number, n: number) => Promise<void>,
): Promise<ClosedLoopResult> {
  let completed = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      // Bounded by the deadline: no new operation starts after it.
      for (let n = 0; performance.now() < deadline; n++) {
        await operation(worker, n);
        if (performance.now() <= deadline) completed += 1;
      }
    }),
  );
  return { completed, durationMs, perSecond: completed / (durationMs / 1000) };
}
