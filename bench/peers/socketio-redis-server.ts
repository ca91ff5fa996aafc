/**
 * Peer (c) server: Socket.IO 4 with @socket.io/redis-adapter; rooms are
 * Socket.IO rooms and a send is `io.to(room).emit(...)`.
 *
 * Note how the adapter works (v8): broadcast() PUBLISHes the packet to Redis
 * for other nodes AND fans out to local sockets directly; this node ignores
 * its own message when it comes back. So unlike ws-redis, local deliveries do
 * not wait for the Redis round trip - Redis only adds CPU here.
 */
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { announceReady, exitOnSigterm, portFromEnv, redisUrlFromEnv } from './server-lifecycle.ts';

exitOnSigterm();
const port = portFromEnv();
const publisher = new Redis(redisUrlFromEnv());
const subscriber = publisher.duplicate();
await Promise.all([publisher.ping(), subscriber.ping()]);

const httpServer = createServer();
const io = new Server(httpServer, {
  transports: ['websocket'],
  perMessageDeflate: false,
  serveClient: false,
  adapter: createAdapter(publisher, subscriber),
});

io.on('connection', (socket) => {
  socket.on('join', (room: string, ack: () => void) => {
    void socket.join(room);
    ack();
  });
  socket.on('send', (room: string, message: unknown) => {
    io.to(room).emit('msg', message);
  });
});

httpServer.listen(port, '127.0.0.1', () => announceReady(port));
