import type { PeerDefinition } from './peer-types.ts';
import { createRawJsonClient } from './raw-json-client.ts';

export const wsInprocPeer: PeerDefinition = {
  letter: 'a',
  name: 'ws-inproc',
  description: 'plain ws, in-process room fan-out (the physical limit in Node)',
  usesRedis: false,
  assertAvailable() {},
  server: {
    entry: 'bench/peers/ws-inproc-server.ts',
    env: ({ port }) => ({ PORT: String(port) }),
    readyPattern: /^READY\b/,
  },
  createClient: createRawJsonClient,
};
