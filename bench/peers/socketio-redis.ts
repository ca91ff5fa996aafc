import type { PeerDefinition } from './peer-types.ts';
import { createSocketIoClient } from './socketio-client.ts';

export const socketIoRedisPeer: PeerDefinition = {
  letter: 'c',
  name: 'socketio-redis',
  description:
    'Socket.IO 4 + @socket.io/redis-adapter, io.to(room).emit (local fan-out + Redis publish)',
  usesRedis: true,
  assertAvailable() {},
  server: {
    entry: 'bench/peers/socketio-redis-server.ts',
    env: ({ port, redisUrl }) => ({ PORT: String(port), REDIS_URL: redisUrl }),
    readyPattern: /^READY\b/,
  },
  createClient: createSocketIoClient,
};
