import type { Clock } from '../../src/chat/clock.js';

/** A clock that moves only when the test says: expiry without waiting for it. */
export class ManualClock implements Clock {
  private timers: { at: number; fire: () => void }[] = [];

  constructor(private current = Date.now()) {}

  now(): number {
    return this.current;
  }

  at(at: number, fire: () => void): () => void {
    const timer = { at, fire };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Moves time on by `ms` and fires every timer that came due, earliest first. */
  advance(ms: number): void {
    this.current += ms;
    const due = this.timers.filter((t) => t.at <= this.current).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((t) => t.at > this.current);
    for (const timer of due) timer.fire();
  }

  /** Timers waiting (a subscription that ended cancels its own). */
  pending(): number {
    return this.timers.length;
  }
}
