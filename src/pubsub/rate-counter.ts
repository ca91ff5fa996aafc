import type { Redis } from 'ioredis';

/** Counts hits per key in fixed windows; shared by every instance when it is Redis. */
export interface RateCounter {
  /** Adds one hit; returns the hits in the current window, this one included. */
  hit(key: string, windowMs: number): Promise<number>;
}

export function createMemoryRateCounter(): RateCounter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  return {
    async hit(key, windowMs) {
      const now = Date.now();
      let window = windows.get(key);
      if (!window || window.endsAt <= now) {
        // Forget expired windows now and then, so the map does not grow without bound.
        if (windows.size > 10_000)
          for (const [k, w] of windows) if (w.endsAt <= now) windows.delete(k);
        window = { count: 0, endsAt: now + windowMs };
        windows.set(key, window);
      }
      window.count += 1;
      return window.count;
    },
  };
}

const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

export function createRedisRateCounter(redis: Redis, prefix: string): RateCounter {
  return {
    async hit(key, windowMs) {
      return Number(await redis.eval(HIT, 1, `${prefix}rate:${key}`, windowMs));
    },
  };
}
