/** setTimeout's longest wait; a later moment is reached in several waits. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Time as the token rules read it. The server uses the system's; a test passes one it moves
 * itself, so that expiry is tested without waiting for it.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fire` once, when `at` (epoch ms) has come; returns a function that cancels it. */
  at(at: number, fire: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  at(at, fire) {
    let timer: NodeJS.Timeout | undefined;
    const wait = () => {
      const left = at - Date.now();
      // Never synchronously: the caller has not got its cancel function yet.
      timer = left > MAX_TIMER_MS ? setTimeout(wait, MAX_TIMER_MS) : setTimeout(fire, left);
      // A pending expiry alone does not keep the process alive.
      timer.unref();
    };
    wait();
    return () => clearTimeout(timer);
  },
};
