import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, dataOf } from './support/client.js';
import { Inbox, Me, Send } from './support/documents.js';
import { moved, readMetrics } from './support/metrics.js';
import { type PrivateRedis, startPrivateRedis } from './support/private-redis.js';
import {
  createStorage,
  onServices,
  type Storage,
  startServer,
  type TestServer,
} from './support/server.js';
import { TEST_DATABASE_URL } from './support/services.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { signUp } from './support/users.js';

interface ReadyzBody {
  status: string;
  parts: Record<string, { state: string; kind: string; required: boolean }>;
}

async function readyz(server: TestServer): Promise<{ status: number; body: ReadyzBody }> {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: (await response.json()) as ReadyzBody };
}

/** Polls /readyz until it reports `status` (a state change the server notices on its own). */
async function readinessBecomes(server: TestServer, status: string) {
  await expect
    .poll(async () => (await readyz(server)).body.status, { timeout: 15_000, interval: 100 })
    .toBe(status);
  return readyz(server);
}

describe('/readyz with Redis down', () => {
  let redis: PrivateRedis;
  let storage: Storage;
  /** Where the sender is. On PostgreSQL a second instance holds the subscriber: only the
   * database can carry the event to it once Redis is gone. */
  let sending: TestServer;
  let receiving: TestServer;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    storage = await createStorage();
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: 'readyz:', INBOX_CATCHUP_SECONDS: '0.2' };
    sending = await startServer(env, storage);
    receiving = onServices ? await startServer(env, storage) : sending;
  });
  afterAll(async () => {
    await sending?.stop();
    if (receiving !== sending) await receiving?.stop();
    await storage?.drop();
    await redis?.stop();
  });

  it('is degraded (200) while sends commit and reach subscribers from the database', async () => {
    const alice = await signUp(sending, 'alice');
    const bob = await signUp(receiving, 'bob');
    const device = bob.device();
    const inbox = device.subscribe(Inbox, {});
    await inbox.waitFor(1);
    expect(await readyz(sending)).toMatchObject({ status: 200, body: { status: 'ready' } });
    const before = await readMetrics(receiving.url);

    await redis.kill();
    const degraded = await readinessBecomes(sending, 'degraded');
    expect(degraded.status).toBe(200);
    expect(degraded.body.parts).toMatchObject({
      database: { state: 'up', required: true },
      pubsub: { state: 'down', kind: 'redis', required: false },
    });
    const sent = await alice.run(Send, {
      input: { toUserId: bob.id, body: 'while Redis is down' },
    });
    expect(sent.errors).toBeUndefined();
    const events = await inbox.waitFor(2);
    expect(events[1]?.inbox).toMatchObject({ message: { body: 'while Redis is down' } });
    // ioredis reports the failure when its next reconnect attempt is refused, which on the
    // receiving instance may come after the sender noticed.
    await expect
      .poll(async () =>
        moved(
          before,
          await readMetrics(receiving.url),
        )('chat_redis_errors_total{during="connection"}'),
      )
      .toBeGreaterThan(0);
    const delta = moved(before, await readMetrics(receiving.url));
    // Across instances, the database catch-up carried it.
    if (onServices) expect(delta('chat_inbox_gap_fills_total')).toBeGreaterThanOrEqual(1);

    await redis.restart();
    expect(await readinessBecomes(sending, 'ready')).toMatchObject({ status: 200 });
    await device.close();
  });
});

describe.skipIf(!onServices)('/readyz with the database down (PostgreSQL)', () => {
  let proxy: TcpProxy;
  let server: TestServer;
  let storage: Storage;
  beforeAll(async () => {
    const upstream = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
    storage = await createStorage();
    const proxied = new URL(storage.env.DATABASE_URL as string);
    proxied.port = String(proxy.port);
    server = await startServer({ DATABASE_URL: proxied.toString() }, storage);
  });
  afterAll(async () => {
    await proxy?.restore();
    await server?.stop();
    await storage?.drop();
    await proxy?.close();
  });

  it('is down (503) while PostgreSQL is unreachable, answers masked errors, and recovers', async () => {
    const alice = await signUp(server, 'alice');
    expect(await readyz(server)).toMatchObject({ status: 200, body: { status: 'ready' } });
    const before = await readMetrics(server.url);

    await proxy.cut();
    const down = await readyz(server);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'down',
      parts: {
        database: { state: 'down', kind: 'postgres', required: true },
        pubsub: { state: 'up' },
      },
    });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(codeOf(await alice.run(Me))).toBe('INTERNAL_SERVER_ERROR');
    const delta = moved(before, await readMetrics(server.url));
    expect(delta('chat_database_errors_total{during="readiness"}')).toBeGreaterThanOrEqual(1);
    expect(delta('chat_database_errors_total{during="request"}')).toBe(1);

    await proxy.restore();
    expect(await readinessBecomes(server, 'ready')).toMatchObject({ status: 200 });
    expect(dataOf(await alice.run(Me)).me.username).toBe(alice.username);
  });
});
