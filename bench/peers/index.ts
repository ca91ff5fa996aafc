/** Every peer the runner knows, in report order. Add a peer by adding it here. */
import { chatPeer } from './chat.ts';
import type { PeerDefinition } from './peer-types.ts';
import { socketIoRedisPeer } from './socketio-redis.ts';
import { wsInprocPeer } from './ws-inproc.ts';
import { wsRedisPeer } from './ws-redis.ts';

export const ALL_PEERS: readonly PeerDefinition[] = [
  wsInprocPeer,
  wsRedisPeer,
  socketIoRedisPeer,
  chatPeer,
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
