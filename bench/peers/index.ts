/** Every peer the runner knows, in report order. Add a peer by adding it here. */
import { EXTRA_ROW_ROUNDS, EXTRA_ROW_TIMINGS } from '../lib/bench-config.ts';
import { chatPeer } from './chat.ts';
import type { PeerDefinition } from './peer-types.ts';
import { socketIoPersistedPeer } from './socketio-persisted.ts';
import { socketIoRedisPeer } from './socketio-redis.ts';
import { wsInprocPeer } from './ws-inproc.ts';
import { wsRedisPeer } from './ws-redis.ts';

/**
 * The chat rows (issue 10): Apollo's document with senders over the socket (the full plan)
 * and over HTTP (saturation and 5k/s, no idle test: its receivers are the same as d's);
 * urql's and the minimal document with socket senders, saturation only. The extra rows run
 * shorter phases in 2 of the 3 rounds (EXTRA_ROW_*) to keep the full run near 25 minutes
 * on 2 cores.
 */
const CHAT_PEERS: PeerDefinition[] = [
  chatPeer({ letter: 'd', document: 'apollo', sendOver: 'ws' }),
  chatPeer({
    letter: 'e',
    document: 'apollo',
    sendOver: 'http',
    scope: {
      fixedRates: [5_000],
      idleConnections: false,
      timings: EXTRA_ROW_TIMINGS,
      rounds: EXTRA_ROW_ROUNDS,
    },
  }),
  chatPeer({
    letter: 'f',
    document: 'urql',
    sendOver: 'ws',
    // One round: today urql's text is Apollo's character for character (the report says so
    // when it is); the row is there to show it the day the two differ.
    scope: { fixedRates: [], idleConnections: false, timings: EXTRA_ROW_TIMINGS, rounds: 1 },
  }),
  chatPeer({
    letter: 'g',
    document: 'minimal',
    sendOver: 'ws',
    scope: {
      fixedRates: [],
      idleConnections: false,
      timings: EXTRA_ROW_TIMINGS,
      rounds: EXTRA_ROW_ROUNDS,
    },
  }),
];

export const ALL_PEERS: readonly PeerDefinition[] = [
  wsInprocPeer,
  wsRedisPeer,
  socketIoRedisPeer,
  ...CHAT_PEERS,
  socketIoPersistedPeer,
];

/** Resolve a peer by letter (`a`) or name (`ws-inproc`). */
export function findPeer(key: string): PeerDefinition {
  const peer = ALL_PEERS.find((candidate) => candidate.letter === key || candidate.name === key);
  if (peer === undefined) {
    throw new Error(
      `unknown peer "${key}"; known: ${ALL_PEERS.map((p) => `${p.letter}=${p.name}`).join(', ')}`,
    );
  }
  return peer;
}
