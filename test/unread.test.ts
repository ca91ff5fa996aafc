import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConversationById,
  JoinRoom,
  MarkRead,
  Messages,
  Send,
  UnreadState,
} from './support/documents.js';
import { globalId, refusal, room } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

async function unreadOf(user: TestUser, conversationId: string): Promise<number | undefined> {
  return (await user.ok(ConversationById, { id: conversationId })).conversation?.unreadCount;
}

/** Unread counts as a user sees them: per conversation from both places, and the total. */
async function unreadState(user: TestUser) {
  const { unreadCounts, conversations } = await user.ok(UnreadState);
  return {
    total: unreadCounts.total,
    listed: Object.fromEntries(unreadCounts.conversations.map((c) => [c.conversation.id, c.count])),
    perConversation: Object.fromEntries(
      conversations.edges.map((e) => [e.node.id, e.node.unreadCount]),
    ),
  };
}

/** Sends `count` messages one after another; their ids in order and the conversation. */
async function sendMany(
  from: TestUser,
  target: { toUserId: string } | { conversationId: string },
  count: number,
) {
  const ids: string[] = [];
  let conversationId = '';
  for (let i = 0; i < count; i++) {
    const { send } = await from.ok(Send, { input: { ...target, body: `${from.username} #${i}` } });
    ids.push(send.id);
    conversationId = send.conversation.id;
  }
  return { ids, conversationId };
}

describe('unread counts', () => {
  it('count messages from others after my read position; my own never count', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const { conversationId } = await sendMany(alice, { toUserId: bob.id }, 3);
    expect(await unreadOf(bob, conversationId)).toBe(3);
    expect(await unreadOf(alice, conversationId)).toBe(0);
    expect(await unreadState(bob)).toMatchObject({ total: 3, listed: { [conversationId]: 3 } });
    expect(await unreadState(alice)).toMatchObject({ total: 0, listed: {} });
  });

  it('a reply moves my read position: what I answered is read, what comes after is not', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const { conversationId } = await sendMany(alice, { toUserId: bob.id }, 3);
    await sendMany(bob, { conversationId }, 1);
    expect(await unreadOf(bob, conversationId)).toBe(0);
    expect(await unreadOf(alice, conversationId)).toBe(1);
    await sendMany(alice, { conversationId }, 2);
    expect(await unreadOf(bob, conversationId)).toBe(2);
    expect(await unreadOf(alice, conversationId)).toBe(0);
  });

  it('lists only conversations with unread messages, latest activity first, with their total', async () => {
    const [alice, bob, carol] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
    ]);
    const fromAlice = await sendMany(alice, { toUserId: bob.id }, 2);
    const readDm = await sendMany(carol, { toUserId: bob.id }, 4);
    await bob.ok(MarkRead, { conversationId: readDm.conversationId });
    const roomId = await room(carol, bob);
    await sendMany(carol, { conversationId: roomId }, 3);
    const { unreadCounts } = await bob.ok(UnreadState);
    expect(unreadCounts.total).toBe(5);
    expect(unreadCounts.conversations.map((c) => [c.conversation.id, c.count])).toEqual([
      [roomId, 3],
      [fromAlice.conversationId, 2],
    ]);
  });

  it('start at zero for a new member of a room with history', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await room(alice);
    await sendMany(alice, { conversationId: roomId }, 3);
    await bob.ok(JoinRoom, { roomId });
    expect(await unreadOf(bob, roomId)).toBe(0);
    await sendMany(alice, { conversationId: roomId }, 1);
    expect(await unreadOf(bob, roomId)).toBe(1);
  });

  it('equal a recount after two members send at the same time', async () => {
    const [alice, bob, carol] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
    ]);
    const roomId = await room(alice, bob, carol);
    await Promise.all(
      [alice, bob].flatMap((u) =>
        Array.from({ length: 12 }, (_, i) =>
          u.ok(Send, { input: { conversationId: roomId, body: `${u.username} ${i}` } }),
        ),
      ),
    );
    const { messages } = await carol.ok(Messages, { conversationId: roomId, first: 100 });
    const senders = messages.edges.map((e) => e.node.sender?.username);
    expect(senders).toHaveLength(24);
    // Each sender's position is their last own message; everything after it is from the other.
    for (const user of [alice, bob]) {
      const expected = senders.length - 1 - senders.lastIndexOf(user.username);
      expect(await unreadOf(user, roomId), user.username).toBe(expected);
    }
    expect(await unreadOf(carol, roomId)).toBe(24);
  });
});

describe('markRead', () => {
  it('moves forward only, and without upTo reads everything', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const { ids, conversationId } = await sendMany(alice, { toUserId: bob.id }, 4);
    const markRead = async (upTo?: string) =>
      (await bob.ok(MarkRead, { conversationId, upTo })).markRead.unreadCount;
    expect(await markRead(ids[1])).toBe(2);
    expect(await markRead(ids[0])).toBe(2);
    expect(await markRead(ids[1])).toBe(2);
    expect(await unreadOf(bob, conversationId)).toBe(2);
    expect(await markRead()).toBe(0);
    expect(await markRead(ids[2])).toBe(0);
    expect(await markRead()).toBe(0);
    expect(await unreadState(bob)).toMatchObject({ total: 0, listed: {} });
    // Reading does not change what the sender sees.
    expect(await unreadOf(alice, conversationId)).toBe(0);
  });

  it('is a no-op on a conversation without messages', async () => {
    const alice = await signUp(server, 'alice');
    const roomId = await room(alice);
    expect((await alice.ok(MarkRead, { conversationId: roomId })).markRead).toEqual({
      id: roomId,
      unreadCount: 0,
    });
  });

  it('refuses an upTo of another conversation or of the wrong type, and conversations one is not in', async () => {
    const [alice, bob, mallory] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'mallory'),
    ]);
    const dm = await sendMany(alice, { toUserId: bob.id }, 3);
    const roomId = await room(alice, bob);
    const inRoom = await sendMany(alice, { conversationId: roomId }, 2);
    const conversationId = dm.conversationId;
    expect(refusal(await bob.run(MarkRead, { conversationId, upTo: inRoom.ids[1] }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await bob.run(MarkRead, { conversationId, upTo: roomId }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await bob.run(MarkRead, { conversationId, upTo: 'nope' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      refusal(await bob.run(MarkRead, { conversationId, upTo: globalId('Message', 999_999) })),
    ).toBe('NOT_FOUND');
    expect(refusal(await bob.run(MarkRead, { conversationId: alice.id }))).toBe('BAD_USER_INPUT');
    expect(refusal(await mallory.run(MarkRead, { conversationId }))).toBe('NOT_FOUND');
    expect(refusal(await mallory.run(MarkRead, { conversationId, upTo: dm.ids[2] }))).toBe(
      'NOT_FOUND',
    );
    expect(await unreadOf(bob, conversationId)).toBe(3);
    expect(await unreadOf(bob, roomId)).toBe(2);
  });
});

/** A tiny seeded PRNG (mulberry32): the same seed replays the same run. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('unread counts under random sends and reads', () => {
  it.each([0x5eed, 0xc0ffee])(
    'always equal a recount from what was sent and read (seed %i)',
    async (seed) => {
      const random = mulberry32(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const users = await Promise.all([
        signUp(server, 'p'),
        signUp(server, 'p'),
        signUp(server, 'p'),
      ]);
      const [u0, u1] = users as [TestUser, TestUser, TestUser];

      interface Model {
        id: string | null;
        members: TestUser[];
        /** Senders of its messages in order, with their ids. */
        messages: { id: string; sender: TestUser }[];
        /** How many of its messages each member has read. */
        read: Map<TestUser, number>;
      }
      const roomModel: Model = {
        id: await room(u0, ...users.slice(1)),
        members: users,
        messages: [],
        read: new Map(),
      };
      const dmModel: Model = { id: null, members: [u0, u1], messages: [], read: new Map() };
      const models = [roomModel, dmModel];
      const readOf = (m: Model, u: TestUser) => m.read.get(u) ?? 0;
      const recount = (m: Model, u: TestUser) =>
        m.messages.slice(readOf(m, u)).filter((x) => x.sender !== u).length;

      const log: string[] = [];
      async function check(step: number) {
        for (const user of users) {
          const state = await unreadState(user);
          const expected = models
            .filter((m) => m.id && m.members.includes(user))
            .map((m) => [m.id as string, recount(m, user)] as const);
          const why = `seed ${seed}, step ${step}, ${user.username}; last steps:\n${log.slice(-8).join('\n')}`;
          for (const [id, count] of expected) expect(state.perConversation[id], why).toBe(count);
          for (const count of Object.values(state.perConversation))
            expect(count, why).toBeGreaterThanOrEqual(0);
          expect(state.listed, why).toEqual(Object.fromEntries(expected.filter(([, c]) => c > 0)));
          expect(state.total, why).toBe(expected.reduce((sum, [, c]) => sum + c, 0));
        }
      }

      const STEPS = 75;
      for (let step = 1; step <= STEPS; step++) {
        const model = pick(models);
        const user = pick(model.members);
        const other = model === dmModel ? (user === u0 ? u1 : u0) : null;
        const action = random();
        if (action < 0.5 || model.id === null) {
          const target = model.id
            ? { conversationId: model.id }
            : { toUserId: (other as TestUser).id };
          const { send } = await user.ok(Send, { input: { ...target, body: `step ${step}` } });
          model.id = send.conversation.id;
          model.messages.push({ id: send.id, sender: user });
          model.read.set(user, model.messages.length);
          log.push(`${step}: ${user.username} sends to ${model === dmModel ? 'dm' : 'room'}`);
        } else if (action < 0.75 || model.messages.length === 0) {
          await user.ok(MarkRead, { conversationId: model.id });
          model.read.set(user, model.messages.length);
          log.push(`${step}: ${user.username} reads all of ${model === dmModel ? 'dm' : 'room'}`);
        } else if (action < 0.95) {
          const index = Math.floor(random() * model.messages.length);
          await user.ok(MarkRead, { conversationId: model.id, upTo: model.messages[index]?.id });
          model.read.set(user, Math.max(readOf(model, user), index + 1));
          log.push(
            `${step}: ${user.username} reads ${model === dmModel ? 'dm' : 'room'} up to #${index}`,
          );
        } else {
          const elsewhere = models.find((m) => m !== model && m.messages.length > 0);
          if (elsewhere) {
            const upTo = pick(elsewhere.messages).id;
            expect(refusal(await user.run(MarkRead, { conversationId: model.id, upTo }))).toBe(
              'BAD_USER_INPUT',
            );
            log.push(`${step}: ${user.username} tries an upTo from elsewhere`);
          }
        }
        if (step % 5 === 0) await check(step);
      }
      expect(roomModel.messages.length + dmModel.messages.length).toBeGreaterThan(20);
    },
  );
});
