import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Subscription } from './support/client.js';
import { Inbox, PresenceChanges, Send, UserById } from './support/documents.js';
import { spawnServer, startRedis } from './support/process.js';
import { createStorage, onServices, startServer, type TestServer } from './support/server.js';
import { asUser, signUp, type TestUser } from './support/users.js';

type InboxResult = { inbox: { __typename: string; cursor: string; message?: { body: string } } };

const bodies = (sub: Subscription<unknown>) =>
  (sub.received as InboxResult[])
    .filter((e) => e.inbox.__typename === 'MessageEvent')
    .map((e) => e.inbox.message?.body);

async function bodiesOf(sub: Subscription<unknown>, count: number) {
  await expect.poll(() => bodies(sub).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(count);
  return bodies(sub);
}

const dm = (from: TestUser, to: TestUser, body: string) =>
  from.ok(Send, { input: { toUserId: to.id, body } });

describe('restarts', () => {
  it('loses nothing across a server process restart, graceful or killed', async () => {
    const storage = await createStorage();
    const dataDir = mkdtempSync(join(tmpdir(), 'chat-restart-'));
    const env: Record<string, string> = {
      JWT_SECRET: 'restart-test-secret-of-32-bytes!!!',
      DATA_DIR: dataDir,
      ...(storage.env as Record<string, string>),
    };
    let proc = await spawnServer(env);
    try {
      const [ana, ben] = [await signUp(proc, 'ana'), await signUp(proc, 'ben')];
      const first = ben.device();
      const sub = first.subscribe(Inbox, {});
      await dm(ana, ben, 'before');
      await bodiesOf(sub, 1);
      const seen = (sub.received as InboxResult[]).find(
        (e) => e.inbox.__typename === 'MessageEvent',
      );
      await first.close();
      await dm(ana, ben, 'while away 1');
      await dm(ana, ben, 'while away 2');

      expect(await proc.stop('SIGTERM')).toBe(0);
      proc = await spawnServer(env);
      // The same users against the new process: same secret and database, so tokens stay valid.
      const again = (user: TestUser) => asUser(proc, user);
      const [ana2, ben2] = [again(ana), again(ben)];
      await dm(ana2, ben2, 'after restart');
      // Killed right after a send committed: the next process still has it.
      proc.child.kill('SIGKILL');
      await proc.exited;
      proc = await spawnServer(env);
      const ben3 = again(ben);

      const resumed = ben3.device();
      const fromCursor = resumed.subscribe(Inbox, { after: seen?.inbox.cursor });
      expect(await bodiesOf(fromCursor, 3)).toEqual([
        'while away 1',
        'while away 2',
        'after restart',
      ]);
      await resumed.close();
    } finally {
      await proc.stop();
      await storage.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe.runIf(onServices)('two instances sharing PostgreSQL and Redis', () => {
  it('delivers live and reports presence across processes', async () => {
    const storage = await createStorage();
    const a = await startServer({ PRESENCE_LEASE_SECONDS: '3' }, storage);
    const b = await spawnServer({
      JWT_SECRET: a.config.jwtSecret as string,
      PRESENCE_LEASE_SECONDS: '3',
      ...(storage.env as Record<string, string>),
    });
    try {
      const [cara, dan] = [await signUp(a, 'cara'), await signUp(a, 'dan')];
      const danOnB = asUser(b, dan);
      const caraDevice = cara.device();
      const inbox = caraDevice.subscribe(Inbox, {});
      await expect.poll(() => a.app.deps.inbox.stats().streams).toBe(1);
      const listeners = (a.app.deps.pubsub as unknown as { listeners: { size(): number } })
        .listeners;
      const before = listeners.size();
      const presence = caraDevice.subscribe(PresenceChanges, {});
      await expect.poll(() => listeners.size()).toBe(before + 1);

      for (let i = 0; i < 20; i++) await dm(danOnB, cara, `via b ${i}`);
      expect(await bodiesOf(inbox, 20)).toEqual(Array.from({ length: 20 }, (_, i) => `via b ${i}`));

      const danDevice = danOnB.device();
      await danDevice.ready;
      await expect
        .poll(() =>
          (
            presence.received as { presence: { user: { username: string }; online: boolean } }[]
          ).map((c) => c.presence.online),
        )
        .toEqual([true]);
      // The instance holding dan's socket crashes: its lease expires and a sweep on A says so.
      b.child.kill('SIGKILL');
      await b.exited;
      await expect
        .poll(
          () =>
            (presence.received as { presence: { online: boolean } }[]).map(
              (c) => c.presence.online,
            ),
          { timeout: 10_000 },
        )
        .toEqual([true, false]);
      expect((await cara.ok(UserById, { id: dan.id })).user?.online).toBe(false);
      await caraDevice.close();
    } finally {
      await b.stop();
      await a.stop();
      await storage.drop();
    }
  }, 60_000);

  it('delivers every event once, in order, across a Redis restart', async () => {
    const redis = await startRedis();
    const storage = await createStorage();
    let server: TestServer | undefined;
    try {
      server = await startServer(
        { ...storage.env, REDIS_URL: redis.url, INBOX_CATCHUP_SECONDS: '1' },
        storage,
      );
      const [eve, fay] = [await signUp(server, 'eve'), await signUp(server, 'fay')];
      const device = fay.device();
      const sub = device.subscribe(Inbox, {});
      await expect.poll(() => server?.app.deps.inbox.stats().streams).toBe(1);
      const expected: string[] = [];
      const send = async (body: string) => {
        expected.push(body);
        await dm(eve, fay, body);
      };
      for (let i = 0; i < 10; i++) await send(`up ${i}`);
      await bodiesOf(sub, 10);
      await redis.stop();
      for (let i = 0; i < 10; i++) await send(`down ${i}`);
      // Redis is gone: the periodic catch-up from the database delivers.
      await bodiesOf(sub, 20);
      const restarted = await startRedis(redis.port);
      try {
        await expect
          .poll(async () => (await fetch(`${server?.url}/readyz`)).status, { timeout: 15_000 })
          .toBe(200);
        for (let i = 0; i < 10; i++) await send(`back ${i}`);
        await bodiesOf(sub, 30);
        expect(bodies(sub)).toEqual(expected);
        const cursors = (sub.received as InboxResult[]).map((e) => e.inbox.cursor);
        expect(new Set(cursors).size).toBe(cursors.length);
      } finally {
        await device.close();
        await server.stop();
        server = undefined;
        await restarted.stop();
      }
    } finally {
      await server?.stop();
      await storage.drop();
    }
  }, 90_000);
});
