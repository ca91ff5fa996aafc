/**
 * Peer (a) server: plain `ws`, rooms fanned out in process. No broker, no
 * GraphQL: the upper bound of what one Node process can deliver.
 */
import { WebSocketServer } from 'ws';
import type { ClientFrame, JoinedAck } from '../lib/raw-json-wire.ts';
import { RoomMembers } from './room-members.ts';
import { announceReady, exitOnSigterm, portFromEnv } from './server-lifecycle.ts';

exitOnSigterm();
const port = portFromEnv();
const rooms = new RoomMembers();
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
      rooms.fanOut(frame.room, Buffer.from(JSON.stringify(frame.msg)));
    } else if (frame.op === 'join') {
      rooms.join(frame.room, socket);
      joined.add(frame.room);
      socket.send(JSON.stringify({ op: 'joined', room: frame.room } satisfies JoinedAck));
    }
  });
  socket.on('close', () => {
    for (const room of joined) rooms.leave(room, socket);
  });
});
server.on('listening', () => announceReady(port));
