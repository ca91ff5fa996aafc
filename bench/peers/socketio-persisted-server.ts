/**
 * Peer socketio-persisted server: what most chat servers built on Socket.IO do.
 * Socket.IO 4 + @socket.io/redis-adapter as in socketio-redis-server.ts, but a
 * `send` first INSERTs the message into PostgreSQL (`postgres` driver, a plain
 * `messages` table indexed on (room, id)) and emits to the room only after the
 * INSERT committed (autocommit), then acknowledges with the stored id. The
 * database is the fresh one the runner provisioned (DATABASE_URL); its
 * backends are pinned and measured like the chat peer's.
 */
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { Server } from 'socket.io';
import { announceReady, exitOnSigterm, portFromEnv, redisUrlFromEnv } from './server-lifecycle.ts';

/** A chat server bounds what it stores; the bench sends 64 bytes. */
const BODY_MAX_CHARS = 4_000;
const ROOM_MAX_CHARS = 100;
const CLIENT_ID_MAX_CHARS = 100;
/** Like a typical pool; at most one send per sender is in flight anyway. */
const POOL_SIZE = 10;

exitOnSigterm();
const port = portFromEnv();
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL must be set by the bench runner');

const sql = postgres(databaseUrl, { max: POOL_SIZE, onnotice: () => {} });
// Its own schema: with BENCH_DATABASE_URL the database may also hold the chat server's tables.
await sql`create schema if not exists socketio_persisted`;
await sql`create table if not exists socketio_persisted.messages (
  id bigserial primary key,
  room text not null,
  client_id text not null,
  body text not null,
  created_at timestamptz not null default now()
)`;
await sql`create index if not exists messages_room_id on socketio_persisted.messages (room, id)`;

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

interface SendPayload {
  clientId: string;
  body: string;
}

function isSendPayload(value: unknown): value is SendPayload {
  const v = value as Partial<SendPayload> | null;
  return (
    typeof v?.clientId === 'string' &&
    v.clientId.length <= CLIENT_ID_MAX_CHARS &&
    typeof v.body === 'string' &&
    v.body.length <= BODY_MAX_CHARS
  );
}

type Ack = (reply: { id: string } | { error: string }) => void;

io.on('connection', (socket) => {
  socket.on('join', (room: string, ack: () => void) => {
    void socket.join(room);
    ack();
  });
  socket.on('send', async (room: unknown, message: unknown, ack: unknown) => {
    const reply: Ack = typeof ack === 'function' ? (ack as Ack) : () => {};
    if (typeof room !== 'string' || room.length > ROOM_MAX_CHARS || !isSendPayload(message)) {
      reply({ error: 'invalid message' });
      return;
    }
    try {
      const [row] = await sql<{ id: string; createdAt: Date }[]>`
        insert into socketio_persisted.messages (room, client_id, body)
        values (${room}, ${message.clientId}, ${message.body})
        returning id, created_at as "createdAt"`;
      if (!row) throw new Error('insert returned no row');
      io.to(room).emit('msg', {
        id: row.id,
        room,
        clientId: message.clientId,
        body: message.body,
        createdAt: row.createdAt.toISOString(),
      });
      reply({ id: row.id });
    } catch (error) {
      process.stderr.write(`send failed: ${String(error)}\n`);
      reply({ error: 'not stored' });
    }
  });
});

httpServer.listen(port, '127.0.0.1', () => announceReady(port));
