import { EXTRA_ROW_ROUNDS, EXTRA_ROW_TIMINGS } from '../lib/bench-config.ts';
import { assertDatabaseSettings, provisionBenchDatabase } from '../lib/bench-database.ts';
import type { PeerDefinition } from './peer-types.ts';
import { createSocketIoClient } from './socketio-client.ts';

export const socketIoPersistedPeer: PeerDefinition = {
  letter: 'h',
  name: 'socketio-persisted',
  description:
    'Socket.IO 4 + @socket.io/redis-adapter whose `send` INSERTs into PostgreSQL (`postgres` driver, ' +
    '`messages` indexed on (room, id)), emits to the room after the commit, then acks; one acked send in flight per sender',
  usesRedis: true,
  // Its connections cost what socketio-redis's do; 15k/s is far beyond one acked INSERT in flight per sender.
  scope: {
    fixedRates: [5_000],
    idleConnections: false,
    timings: EXTRA_ROW_TIMINGS,
    rounds: EXTRA_ROW_ROUNDS,
  },
  assertAvailable: assertDatabaseSettings,
  server: {
    entry: 'bench/peers/socketio-persisted-server.ts',
    env: ({ port, redisUrl }) => ({ PORT: String(port), REDIS_URL: redisUrl }),
    readyPattern: /^READY\b/,
    provision: provisionBenchDatabase,
  },
  createClient: (ctx) => createSocketIoClient(ctx, { ackedSends: true }),
};
