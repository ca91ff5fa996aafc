import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from './support/client.js';
import { ManualClock } from './support/clock.js';
import { CreateRoom, InviteToRoom, RemoveFromRoom, Send } from './support/documents.js';
import { refusal, titledRoom } from './support/helpers.js';
import {
  SetTyping,
  TypingChanges,
  type TypingSeen,
  typingListeners,
  typingLog,
} from './support/people.js';
import {
  createStorage,
  onServices,
  type Storage,
  startServer,
  type TestServer,
} from './support/server.js';
import { asUser, signUp, type TestUser } from './support/users.js';

// Expiry and the throttle follow this clock: the tests move it instead of waiting.
const clock = new ManualClock();
let server: TestServer;
const open: Socket[] = [];

beforeAll(async () => {
  server = await startServer({}, undefined, { clock });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((device) => device.close()));
  await typingListeners(server, 0);
});
afterAll(() => server.stop());

function watch(user: TestUser, conversationId?: string) {
  const device = user.device();
  open.push(device);
  return device.subscribe(TypingChanges, conversationId ? { conversationId } : {});
}

const type = (user: TestUser, conversationId: string, typing = true) =>
  user.ok(SetTyping, { conversationId, typing });

/** The DIRECT conversation of two users (made by a message). */
async function directOf(from: TestUser, to: TestUser): Promise<string> {
  return (await from.ok(Send, { input: { toUserId: to.id, body: 'hi' } })).send.conversation.id;
}

async function seen(sub: { received: TypingSeen[] }, count: number) {
  await expect.poll(() => sub.received.length, { timeout: 10_000 }).toBe(count);
  return typingLog(sub as never);
}

describe('typing', () => {
  it('reaches the other members, in one conversation or all of theirs; never the typist or an outsider', async () => {
    const [alice, bob, carol, dave] = [
      await signUp(server, 'alice'),
      await signUp(server, 'bob'),
      await signUp(server, 'carol'),
      await signUp(server, 'dave'),
    ];
    const room = await titledRoom(alice, 'typing room', bob, carol);
    const withDave = await directOf(carol, dave);
    const bobInRoom = watch(bob, room);
    const bobEverywhere = watch(bob);
    const aliceInRoom = watch(alice, room);
    const daveEverywhere = watch(dave);
    await typingListeners(server, 4);

    expect(await type(alice, room)).toEqual({ setTyping: true });
    await type(carol, room);
    // Carol types to Dave after Alice typed in the room: had Alice's reached Dave, it came first.
    await type(carol, withDave);
    expect(await seen(bobInRoom, 2)).toEqual([`${alice.username}:true`, `${carol.username}:true`]);
    expect(await seen(bobEverywhere, 2)).toEqual([
      `${alice.username}:true`,
      `${carol.username}:true`,
    ]);
    expect(await seen(aliceInRoom, 1)).toEqual([`${carol.username}:true`]);
    expect(await seen(daveEverywhere, 1)).toEqual([`${carol.username}:true`]);
    expect(daveEverywhere.received[0]?.typing.conversation.id).toBe(withDave);
    expect(bobInRoom.received[0]?.typing).toMatchObject({
      conversation: { id: room },
      at: new Date(clock.now()).toISOString(),
    });

    await type(alice, room, false);
    expect(await seen(bobInRoom, 3)).toContain(`${alice.username}:false`);
    // Stopping twice says nothing more; typing again after stopping is news.
    await type(alice, room, false);
    await type(alice, room);
    expect((await seen(bobInRoom, 4)).slice(2)).toEqual([
      `${alice.username}:false`,
      `${alice.username}:true`,
    ]);
    for (const sub of [bobInRoom, bobEverywhere, aliceInRoom, daveEverywhere])
      expect(sub.errors).toEqual([]);
  });

  it('stops 6 s after the last refresh, and drops refreshes within 2 s without an error', async () => {
    const [alice, bob, carol] = [
      await signUp(server, 'alice'),
      await signUp(server, 'bob'),
      await signUp(server, 'carol'),
    ];
    const room = await titledRoom(alice, 'expiry', bob, carol);
    const bobInRoom = watch(bob, room);
    await typingListeners(server, 1);

    await type(alice, room);
    const started = clock.now();
    expect(await seen(bobInRoom, 1)).toEqual([`${alice.username}:true`]);
    // A keystroke a second: answered, not published.
    clock.advance(1000);
    expect(await type(alice, room)).toEqual({ setTyping: true });
    clock.advance(4999);
    // 5.999 s after the published refresh: still typing. Carol's change comes after anything
    // Alice's would have caused.
    await type(carol, room);
    expect(await seen(bobInRoom, 2)).toEqual([`${alice.username}:true`, `${carol.username}:true`]);
    clock.advance(1);
    expect(await seen(bobInRoom, 3)).toEqual([
      `${alice.username}:true`,
      `${carol.username}:true`,
      `${alice.username}:false`,
    ]);
    expect(bobInRoom.received[2]?.typing.at).toBe(new Date(started + 6000).toISOString());

    // Refreshed every 2 s: each refresh is published, and the expiry moves with it.
    await type(alice, room);
    expect(await seen(bobInRoom, 4)).toContain(`${alice.username}:true`);
    clock.advance(2000);
    await type(alice, room);
    expect((await seen(bobInRoom, 5)).slice(3)).toEqual([
      `${alice.username}:true`,
      `${alice.username}:true`,
    ]);
    // Carol's own expiry (6 s after hers) and Alice's (6 s after her refresh) come in time order.
    clock.advance(6000);
    expect((await seen(bobInRoom, 7)).slice(5)).toEqual([
      `${carol.username}:false`,
      `${alice.username}:false`,
    ]);
    expect(server.app.deps.typing.listeners()).toBe(1);
  });

  it('is for members only: outsiders get NOT_FOUND (FORBIDDEN for a public room they did not join)', async () => {
    const [alice, bob, eve] = [
      await signUp(server, 'alice'),
      await signUp(server, 'bob'),
      await signUp(server, 'eve'),
    ];
    const direct = await directOf(alice, bob);
    const publicRoom = await titledRoom(alice, 'public');
    const { createRoom } = await alice.ok(CreateRoom, { title: 'hidden', isPrivate: true });
    for (const conversationId of [direct, createRoom.id]) {
      expect(refusal(await eve.run(SetTyping, { conversationId }))).toBe('NOT_FOUND');
      const sub = watch(eve, conversationId);
      await sub.completed;
      expect(sub.errors).toMatchObject([{ extensions: { code: 'NOT_FOUND' } }]);
    }
    expect(refusal(await eve.run(SetTyping, { conversationId: publicRoom }))).toBe('FORBIDDEN');
    expect(refusal(await eve.run(SetTyping, { conversationId: 'bm90IGFuIGlk' }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('follows membership as it is when someone types: a removed member hears no more', async () => {
    const [alice, bob, carol] = [
      await signUp(server, 'alice'),
      await signUp(server, 'bob'),
      await signUp(server, 'carol'),
    ];
    const { createRoom } = await alice.ok(CreateRoom, { title: 'members', isPrivate: true });
    for (const user of [bob, carol])
      await alice.ok(InviteToRoom, { roomId: createRoom.id, userId: user.id });
    const withBob = await directOf(carol, bob);
    const bobEverywhere = watch(bob);
    const bobInRoom = watch(bob, createRoom.id);
    await typingListeners(server, 2);
    await type(alice, createRoom.id);
    expect(await seen(bobEverywhere, 1)).toEqual([`${alice.username}:true`]);
    await alice.ok(RemoveFromRoom, { roomId: createRoom.id, userId: bob.id });
    await type(alice, createRoom.id, false);
    await type(carol, createRoom.id);
    await type(carol, withBob);
    expect(await seen(bobEverywhere, 2)).toEqual([
      `${alice.username}:true`,
      `${carol.username}:true`,
    ]);
    expect(bobEverywhere.received[1]?.typing.conversation.id).toBe(withBob);
    expect(typingLog(bobInRoom)).toEqual([`${alice.username}:true`]);
  });

  it('is never stored or replayed: a subscriber gets only what happens after it subscribed', async () => {
    const [alice, bob] = [await signUp(server, 'alice'), await signUp(server, 'bob')];
    const room = await titledRoom(alice, 'late', bob);
    await type(alice, room);
    const late = watch(bob, room);
    await typingListeners(server, 1);
    await type(alice, room, false);
    expect(await seen(late, 1)).toEqual([`${alice.username}:false`]);
  });
});

describe('typing rate limit', () => {
  it('refuses a typist who publishes too often (RATE_LIMITED), never a throttled repeat', async () => {
    const limited = await startServer({ RATE_LIMITS: 'typing=3/1m' }, undefined, { clock });
    try {
      const [alice, bob] = [await signUp(limited, 'alice'), await signUp(limited, 'bob')];
      const room = await titledRoom(alice, 'limits', bob);
      await type(alice, room);
      // Repeats inside the throttle cost nothing.
      for (let i = 0; i < 10; i++) await type(alice, room);
      await type(alice, room, false);
      await type(alice, room);
      const refused = await alice.run(SetTyping, { conversationId: room, typing: false });
      expect(refusal(refused)).toBe('RATE_LIMITED');
      expect(refused.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      await limited.stop();
    }
  });
});

describe.runIf(onServices)('typing across instances (PostgreSQL + Redis)', () => {
  let storage: Storage;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    storage = await createStorage();
    for (let i = 0; i < 2; i++) servers.push(await startServer({}, storage, { clock }));
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await storage.drop();
  });

  it('reaches members on the other instance, which stops it by itself after 6 s', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const [alice, bob] = [await signUp(a, 'alice'), await signUp(a, 'bob')];
    const room = await titledRoom(alice, 'cluster', bob);
    const bobOnB = asUser(b, bob);
    const aliceOnB = asUser(b, alice);
    const device = bobOnB.device();
    open.push(device);
    const sub = device.subscribe(TypingChanges, { conversationId: room });
    await typingListeners(b, 1);

    await type(alice, room);
    expect(await seen(sub, 1)).toEqual([`${alice.username}:true`]);
    // Stopped through the other instance: still heard once.
    await type(aliceOnB, room, false);
    expect(await seen(sub, 2)).toEqual([`${alice.username}:true`, `${alice.username}:false`]);
    // Typing again on A, then silence: B says it stopped, without A publishing anything.
    await type(alice, room);
    expect(await seen(sub, 3)).toContain(`${alice.username}:true`);
    clock.advance(6000);
    expect((await seen(sub, 4)).slice(2)).toEqual([
      `${alice.username}:true`,
      `${alice.username}:false`,
    ]);
    expect(sub.errors).toEqual([]);
  });
});
