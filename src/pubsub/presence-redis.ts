import type { Redis } from 'ioredis';
import type { PresenceStore } from './presence-store.js';

// Keys: `<prefix>presence:online` is a sorted set of user id -> latest lease expiry;
// `<prefix>presence:<userId>` a sorted set of lease id -> expiry. Scripts keep each change
// atomic across instances, so exactly one caller sees "went online" or "went offline".
const ACQUIRE = `
local was = redis.call('ZSCORE', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], 'GT', ARGV[2], ARGV[3])
if was then return 0 end
return 1`;

const RELEASE = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
  return redis.call('ZREM', KEYS[2], ARGV[3])
end
return 0`;

const RENEW = `
for i = 1, #ARGV - 1, 2 do
  local key = KEYS[1] .. ARGV[i]
  if redis.call('ZADD', key, 'XX', 'CH', ARGV[#ARGV], ARGV[i + 1]) == 1 then
    redis.call('PEXPIREAT', key, ARGV[#ARGV])
    redis.call('ZADD', KEYS[2], 'GT', ARGV[#ARGV], ARGV[i])
  end
end
return 0`;

const SWEEP = `
local gone = {}
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 500)
for _, user in ipairs(due) do
  local key = KEYS[1] .. user
  redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[1])
  local latest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if #latest == 0 then
    redis.call('ZREM', KEYS[2], user)
    table.insert(gone, user)
  else
    redis.call('ZADD', KEYS[2], latest[2], user)
  end
end
return gone`;

export function createRedisPresenceStore(redis: Redis, prefix: string): PresenceStore {
  const leasePrefix = `${prefix}presence:`;
  const online = `${prefix}presence:online`;
  const leaseKey = (userId: number) => `${leasePrefix}${userId}`;
  return {
    async acquire(userId, leaseId, expiresAt) {
      return (
        (await redis.eval(ACQUIRE, 2, leaseKey(userId), online, leaseId, expiresAt, userId)) === 1
      );
    },
    async release(userId, leaseId) {
      return (
        (await redis.eval(RELEASE, 2, leaseKey(userId), online, leaseId, Date.now(), userId)) === 1
      );
    },
    async renew(list, expiresAt) {
      if (list.length === 0) return;
      const args = list.flatMap(({ userId, leaseId }) => [String(userId), leaseId]);
      await redis.eval(RENEW, 2, leasePrefix, online, ...args, expiresAt);
    },
    async sweep(now) {
      const gone = (await redis.eval(SWEEP, 2, leasePrefix, online, now)) as string[];
      return gone.map(Number);
    },
    async areOnline(userIds) {
      if (userIds.length === 0) return [];
      const scores = await redis.zmscore(online, ...userIds.map(String));
      return scores.map((s) => s !== null);
    },
    async onlineUserIds() {
      return (await redis.zrange(online, 0, -1)).map(Number);
    },
  };
}
