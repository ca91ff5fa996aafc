/**
 * Peer (b) server: plain `ws` + Redis PUBLISH/SUBSCRIBE, one channel per room.
 * A send is published to Redis; this process's subscriber connection receives
 * it back and fans out to local members. That round trip is what a
 * horizontally scaled chat server pays even when sender and receivers share a
 * process, which makes this the closest like-for-like reference for `chat`.
 */
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';
import type { ClientFrame, JoinedAck } from '../lib/raw-json-wire.ts';
import { RoomMembers } from './room-members.ts';
import { announceReady, exitOnSigterm, portFromEnv, redisUrlFromEnv } from './server-lifecycle.ts';

exitOnSigterm();
const port = portFromEnv();
const publisher = new Redis(redisUrlFromEnv());
const subscriber = new Redis(redisUrlFromEnv());
const rooms = new RoomMembers();
/** Resolves once SUBSCRIBE for the room's channel is acknowledged; joins are acked only after that. */
const subscriptions = new Map<string, Promise<unknown>>();
const CHANNEL_PREFIX = 'room:';

subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
  rooms.fanOut(channel.toString().slice(CHANNEL_PREFIX.length), message);
});

function ensureSubscribed(room: string): Promise<unknown> {
  let ready = subscriptions.get(room);
  if (ready === undefined) {
    ready = subscriber.subscribe(CHANNEL_PREFIX + room);
    subscriptions.set(room, ready);
  }
  return ready;
}

// Both Redis connections must be usable before the server accepts clients.
await Promise.all([publisher.ping(), subscriber.ping()]);

const server = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate: false,
  clientTracking: false,
});
server.on('connection', (socket) => {
  const joined = new Set<string>();
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as ClientFrame;
    if (frame.op === 'send') {
      void publisher.publish(CHANNEL_PREFIX + frame.room, JSON.stringify(frame.msg));
    } else if (frame.op === 'join') {
      rooms.join(frame.room, socket);
      joined.add(frame.room);
      void ensureSubscribed(frame.room).then(() =>
        socket.send(JSON.stringify({ op: 'joined', room: frame.room } satisfies JoinedAck)),
      );
    }
  });
  socket.on('close', () => {
    for (const room of joined) {
      if (rooms.leave(room, socket)) {
        subscriptions.delete(room);
        void subscriber.unsubscribe(CHANNEL_PREFIX + room);
      }
    }
  });
});
server.on('listening', () => announceReady(port));
