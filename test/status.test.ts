import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket, Subscription } from './support/client.js';
import { Conversations, LeaveRoom, Send } from './support/documents.js';
import { refusal } from './support/helpers.js';
import { PresenceWithStatus, SetStatus, UserStatusById } from './support/people.js';
import {
  createDurableStorage,
  createStorage,
  onServices,
  startServer,
  type TestServer,
} from './support/server.js';
import { asUser, signUp, type TestUser } from './support/users.js';

let server: TestServer;
const open: Socket[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await Promise.all(open.map((device) => device.close()));
  await server.stop();
});

interface PresenceSeen {
  presence: {
    user: { username: string };
    online: boolean;
    status: string;
    statusText: string | null;
    at: string;
  };
}

function watchPresence(user: TestUser) {
  const device = user.device();
  open.push(device);
  return device.subscribe(PresenceWithStatus, {}) as Subscription<PresenceSeen>;
}

const listeners = (s: TestServer) =>
  (s.app.deps.pubsub as unknown as { listeners: { count(topic: string): number } }).listeners.count(
    'presence',
  );

/** The presence events about `user` a watcher got. */
const about = (sub: Subscription<PresenceSeen>, user: TestUser) =>
  sub.received
    .filter((e) => e.presence.user.username === user.username)
    .map(({ presence: { at: _at, ...rest } }) => rest);

/** Leaves the default room every user joins: then they share nothing with anyone. */
async function leaveDefaultRoom(user: TestUser) {
  const { conversations } = await user.ok(Conversations, { first: 10 });
  for (const { node } of conversations.edges)
    if (node.kind === 'ROOM') await user.ok(LeaveRoom, { roomId: node.id });
}

describe('setStatus', () => {
  it('is AVAILABLE without text until set; everyone reads what was set', async () => {
    const [alice, bob] = [await signUp(server, 'alice'), await signUp(server, 'bob')];
    expect((await bob.ok(UserStatusById, { id: alice.id })).user).toMatchObject({
      status: 'AVAILABLE',
      statusText: null,
    });
    const set = await alice.ok(SetStatus, { status: 'BUSY', text: '  In a meeting ' });
    expect(set.setStatus).toMatchObject({ status: 'BUSY', statusText: 'In a meeting' });
    expect((await bob.ok(UserStatusById, { id: alice.id })).user).toMatchObject({
      status: 'BUSY',
      statusText: 'In a meeting',
      online: false,
    });
    // A status without text clears the text.
    await alice.ok(SetStatus, { status: 'AWAY' });
    expect((await bob.ok(UserStatusById, { id: alice.id })).user).toMatchObject({
      status: 'AWAY',
      statusText: null,
    });
  });

  it('bounds the text: 1–100 characters, not only spaces, no NUL', async () => {
    const alice = await signUp(server, 'alice');
    for (const text of ['', '   ', 'x'.repeat(101), 'a\u0000b']) {
      expect(refusal(await alice.run(SetStatus, { status: 'AWAY', text }))).toBe('BAD_USER_INPUT');
    }
    // 100 characters outside the BMP (200 UTF-16 units) are 100 characters.
    const hundred = '😀'.repeat(100);
    const set = await alice.ok(SetStatus, { status: 'AWAY', text: hundred });
    expect(set.setStatus.statusText).toBe(hundred);
    expect(
      refusal(await alice.run(SetStatus, { status: 'BOGUS' as never, text: null })),
    ).toBeDefined();
    // Refusals changed nothing.
    expect((await alice.ok(UserStatusById, { id: alice.id })).user?.statusText).toBe(hundred);
  });

  it('tells those who see the user’s presence, with the status and whether a device is online', async () => {
    const [alice, bob, olga, sam] = [
      await signUp(server, 'alice'),
      await signUp(server, 'bob'),
      await signUp(server, 'olga'),
      await signUp(server, 'sam'),
    ];
    // Olga shares nothing with Alice, only a DIRECT conversation with Sam.
    await leaveDefaultRoom(olga);
    await sam.ok(Send, { input: { toUserId: olga.id, body: 'hi' } });
    await bob.ok(Send, { input: { toUserId: alice.id, body: 'hi' } });
    const before = listeners(server);
    const bobWatches = watchPresence(bob);
    const olgaWatches = watchPresence(olga);
    await expect.poll(() => listeners(server)).toBe(before + 2);

    await alice.ok(SetStatus, { status: 'DO_NOT_DISTURB', text: 'Focus' });
    await expect
      .poll(() => about(bobWatches, alice))
      .toEqual([
        {
          user: { username: alice.username },
          online: false,
          status: 'DO_NOT_DISTURB',
          statusText: 'Focus',
        },
      ]);
    // Online, the status stays; a status change then says online.
    const aliceDevice = alice.device();
    open.push(aliceDevice);
    await aliceDevice.ready;
    await alice.ok(SetStatus, { status: 'AVAILABLE' });
    await expect
      .poll(() => about(bobWatches, alice).map((p) => [p.online, p.status, p.statusText]))
      .toEqual([
        [false, 'DO_NOT_DISTURB', 'Focus'],
        [true, 'DO_NOT_DISTURB', 'Focus'],
        [true, 'AVAILABLE', null],
      ]);
    // Sam's change comes after Alice's: had Alice's reached Olga, it would be there first.
    await sam.ok(SetStatus, { status: 'AWAY', text: 'lunch' });
    await expect.poll(() => about(olgaWatches, sam).length).toBe(1);
    expect(about(olgaWatches, alice)).toEqual([]);
    expect(about(olgaWatches, sam)[0]).toMatchObject({ status: 'AWAY', statusText: 'lunch' });
    expect(bobWatches.errors).toEqual([]);
    expect(olgaWatches.errors).toEqual([]);
  });

  it('is kept across a restart of the server', async () => {
    const storage = await createDurableStorage();
    try {
      const first = await startServer({}, storage);
      const alice = await signUp(first, 'alice');
      await alice.ok(SetStatus, { status: 'BUSY', text: 'back at 3' });
      await first.stop();
      const second = await startServer({}, storage);
      try {
        const again = asUser(second, alice);
        // Connecting again does not reset it either.
        const device = again.device();
        await device.ready;
        expect((await again.ok(UserStatusById, { id: alice.id })).user).toMatchObject({
          status: 'BUSY',
          statusText: 'back at 3',
          online: true,
        });
        await device.close();
      } finally {
        await second.stop();
      }
    } finally {
      await storage.drop();
    }
  });

  it('is rate limited per user', async () => {
    const limited = await startServer({ RATE_LIMITS: 'setStatus=2/1m' });
    try {
      const alice = await signUp(limited, 'alice');
      await alice.ok(SetStatus, { status: 'AWAY' });
      await alice.ok(SetStatus, { status: 'BUSY' });
      expect(refusal(await alice.run(SetStatus, { status: 'AVAILABLE' }))).toBe('RATE_LIMITED');
      expect((await alice.ok(UserStatusById, { id: alice.id })).user?.status).toBe('BUSY');
    } finally {
      await limited.stop();
    }
  });
});

describe.runIf(onServices)('status across instances (PostgreSQL + Redis)', () => {
  it('reaches presence watchers on the other instance, and reads the same there', async () => {
    const storage = await createStorage();
    const a = await startServer({}, storage);
    const b = await startServer({}, storage);
    try {
      const [alice, bob] = [await signUp(a, 'alice'), await signUp(a, 'bob')];
      await bob.ok(Send, { input: { toUserId: alice.id, body: 'hi' } });
      const before = listeners(b);
      const device = asUser(b, bob).device();
      const sub = device.subscribe(PresenceWithStatus, {}) as Subscription<PresenceSeen>;
      await expect.poll(() => listeners(b)).toBe(before + 1);
      await alice.ok(SetStatus, { status: 'BUSY', text: 'on A' });
      await expect
        .poll(() => about(sub, alice).map((p) => [p.status, p.statusText]))
        .toEqual([['BUSY', 'on A']]);
      expect((await asUser(b, bob).ok(UserStatusById, { id: alice.id })).user).toMatchObject({
        status: 'BUSY',
        statusText: 'on A',
      });
      await device.close();
    } finally {
      await b.stop();
      await a.stop();
      await storage.drop();
    }
  });
});
