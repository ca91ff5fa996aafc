import type { PeerDefinition } from './peer-types.ts';
import { createRawJsonClient } from './raw-json-client.ts';

export const wsRedisPeer: PeerDefinition = {
  letter: 'b',
  name: 'ws-redis',
  description: 'plain ws, every message through Redis PUBLISH/SUBSCRIBE (one channel per room)',
  usesRedis: true,
  assertAvailable() {},
  server: {
    entry: 'bench/peers/ws-redis-server.ts',
    env: ({ port, redisUrl }) => ({ PORT: String(port), REDIS_URL: redisUrl }),
    readyPattern: /^READY\b/,
  },
  createClient: createRawJsonClient,
};
