import type { Redis } from 'ioredis';

/** A token bucket: holds up to `burst` tokens and refills at `burst` per `periodMs`. */
export interface BucketRule {
  burst: number;
  periodMs: number;
}

/** One bucket of a take: `cost` tokens from `key` (a negative cost gives tokens back). */
export interface BucketTake {
  key: string;
  rule: BucketRule;
  cost: number;
}

export interface TakeResult {
  ok: boolean;
  /** When refused: how long until every bucket asked holds enough again. */
  retryAfterMs: number;
}

/** Token buckets; shared by every instance when they live in Redis. */
export interface RateCounter {
  /**
   * Takes from every bucket listed, or from none when one of them holds too few (atomic):
   * buckets that guard one action together are never drained one by one.
   */
  take(takes: readonly BucketTake[], now: number): Promise<TakeResult>;
  /** Refills buckets at once (a log-in that succeeded). */
  reset(keys: readonly string[]): Promise<void>;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** The bucket at `now`: refilled for the time since `at`, full when unknown. */
function refilled(bucket: Bucket | undefined, rule: BucketRule, now: number): Bucket {
  if (!bucket) return { tokens: rule.burst, at: now };
  // A clock that went back (another instance's) refills nothing rather than drains.
  const elapsed = Math.max(0, now - bucket.at);
  const tokens = Math.min(rule.burst, bucket.tokens + (elapsed * rule.burst) / rule.periodMs);
  return { tokens, at: Math.max(now, bucket.at) };
}

const waitMs = (missing: number, rule: BucketRule) =>
  Math.ceil((missing * rule.periodMs) / rule.burst);

/** Buckets kept beyond this many are swept of the full ones (a full bucket is no bucket). */
const MEMORY_SWEEP_AT = 10_000;

export function createMemoryRateCounter(): RateCounter {
  const buckets = new Map<string, Bucket & { rule: BucketRule }>();
  // Swept again only once the map doubled: many busy users do not make every take a sweep.
  let sweepAt = MEMORY_SWEEP_AT;
  return {
    async take(takes, now) {
      const next = takes.map((t) => refilled(buckets.get(t.key), t.rule, now));
      let retryAfterMs = 0;
      takes.forEach((t, i) => {
        const missing = t.cost - (next[i] as Bucket).tokens;
        if (missing > 0) retryAfterMs = Math.max(retryAfterMs, waitMs(missing, t.rule));
      });
      if (retryAfterMs > 0) return { ok: false, retryAfterMs };
      takes.forEach((t, i) => {
        const bucket = next[i] as Bucket;
        const tokens = Math.min(t.rule.burst, bucket.tokens - t.cost);
        if (tokens >= t.rule.burst) buckets.delete(t.key);
        else buckets.set(t.key, { tokens, at: bucket.at, rule: t.rule });
      });
      if (buckets.size > sweepAt) {
        for (const [key, b] of buckets)
          if (refilled(b, b.rule, now).tokens >= b.rule.burst) buckets.delete(key);
        sweepAt = Math.max(MEMORY_SWEEP_AT, buckets.size * 2);
      }
      return { ok: true, retryAfterMs: 0 };
    },
    async reset(keys) {
      for (const key of keys) buckets.delete(key);
    },
  };
}

/**
 * The same arithmetic as `refilled` and the memory counter, in one script so a take is
 * atomic across instances. KEYS: the buckets; ARGV: now, then burst, periodMs, cost per key.
 * A bucket is a hash {t: tokens, at: ms} that expires once it would be full again.
 */
const TAKE = `
local now = tonumber(ARGV[1])
local state = {}
local wait = 0
for i, key in ipairs(KEYS) do
  local burst = tonumber(ARGV[i * 3 - 1])
  local period = tonumber(ARGV[i * 3])
  local cost = tonumber(ARGV[i * 3 + 1])
  local saved = redis.call('HMGET', key, 't', 'at')
  local tokens, at = tonumber(saved[1]), tonumber(saved[2])
  if tokens == nil or at == nil then
    tokens, at = burst, now
  else
    tokens = math.min(burst, tokens + math.max(0, now - at) * burst / period)
    at = math.max(now, at)
  end
  if cost > tokens then wait = math.max(wait, math.ceil((cost - tokens) * period / burst)) end
  state[i] = {tokens, at, burst, period, cost}
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  local s = state[i]
  local tokens = math.min(s[3], s[1] - s[5])
  if tokens >= s[3] then
    redis.call('DEL', key)
  else
    redis.call('HSET', key, 't', tostring(tokens), 'at', tostring(s[2]))
    redis.call('PEXPIRE', key, math.ceil((s[3] - tokens) * s[4] / s[3]) + 1000)
  end
end
return 0`;

export function createRedisRateCounter(redis: Redis, prefix: string): RateCounter {
  // Not `rate:`, the fixed-window counters' strings before them: a rolling upgrade would
  // meet those keys with the wrong type.
  const keyOf = (key: string) => `${prefix}bucket:${key}`;
  return {
    async take(takes, now) {
      const args = takes.flatMap((t) => [t.rule.burst, t.rule.periodMs, t.cost]);
      const wait = Number(
        await redis.eval(TAKE, takes.length, ...takes.map((t) => keyOf(t.key)), now, ...args),
      );
      return { ok: wait === 0, retryAfterMs: wait };
    },
    async reset(keys) {
      if (keys.length > 0) await redis.del(...keys.map(keyOf));
    },
  };
}
