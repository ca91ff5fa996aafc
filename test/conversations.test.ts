import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConversationById,
  ConversationMembers,
  Conversations,
  CreateRoom,
  Messages,
  Send,
} from './support/documents.js';
import { crafted, globalId, refusal, titledRoom } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

// A server of its own: the lobby here holds only this file's users.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

async function list(user: TestUser) {
  return (await user.ok(Conversations, { first: 100 })).conversations.edges.map((e) => e.node);
}

describe('conversations', () => {
  it('start with the lobby, the default public room', async () => {
    const alice = await signUp(server, 'alice');
    const [lobby, ...rest] = await list(alice);
    expect(rest).toEqual([]);
    expect(lobby).toMatchObject({
      kind: 'ROOM',
      title: 'lobby',
      lastMessage: null,
      unreadCount: 0,
    });
    expect(lobby?.members.edges.map((e) => e.node.username)).toContain(alice.username);
  });

  it('list the latest activity first; an empty conversation counts from its creation', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const a = await titledRoom(alice, 'A', bob);
    const b = await titledRoom(alice, 'B');
    const [lobby] = await list(alice).then((all) => all.filter((c) => c.title === 'lobby'));
    expect((await list(alice)).map((c) => c.id)).toEqual([b, a, lobby?.id]);

    const dm = (await bob.ok(Send, { input: { toUserId: alice.id, body: 'hey' } })).send;
    expect((await list(alice)).map((c) => c.id)).toEqual([dm.conversation.id, b, a, lobby?.id]);

    const latest = (await bob.ok(Send, { input: { conversationId: a, body: 'news in A' } })).send;
    const conversations = await list(alice);
    expect(conversations.map((c) => c.id)).toEqual([a, dm.conversation.id, b, lobby?.id]);
    expect(conversations[0]).toMatchObject({
      kind: 'ROOM',
      title: 'A',
      memberCount: 2,
      unreadCount: 1,
      lastActivityAt: latest.createdAt,
      lastMessage: { id: latest.id, body: 'news in A' },
    });
    expect(conversations[0]?.members.edges.map((e) => e.node.username).sort()).toEqual(
      [alice.username, bob.username].sort(),
    );
    expect(conversations[1]).toMatchObject({
      kind: 'DIRECT',
      title: null,
      memberCount: 2,
      lastMessage: { body: 'hey' },
    });
    expect(conversations[2]).toMatchObject({
      title: 'B',
      memberCount: 1,
      lastMessage: null,
      unreadCount: 0,
    });
    const times = conversations.map((c) => Date.parse(c.lastActivityAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));
  });

  it('page both ways without gaps or repeats', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const rooms: string[] = [];
    for (let i = 0; i < 6; i++) rooms.push(await titledRoom(alice, `R${i}`));
    // Activity in a shuffled order, so the list is not creation order.
    for (const i of [3, 0, 5])
      await alice.ok(Send, { input: { conversationId: rooms[i] as string, body: `to R${i}` } });
    await bob.ok(Send, { input: { toUserId: alice.id, body: 'dm' } });
    const all = (await list(alice)).map((c) => c.id);
    expect(all).toHaveLength(8);

    const forward: string[] = [];
    let after: string | null | undefined;
    for (;;) {
      const { conversations } = await alice.ok(Conversations, { first: 3, after });
      forward.push(...conversations.edges.map((e) => e.node.id));
      if (!conversations.pageInfo.hasNextPage) break;
      after = conversations.pageInfo.endCursor;
    }
    expect(forward).toEqual(all);

    const backward: string[] = [];
    const { conversations: tail } = await alice.ok(Conversations, { last: 3 });
    backward.unshift(...tail.edges.map((e) => e.node.id));
    let before = tail.edges[0]?.cursor;
    while (before) {
      const { conversations } = await alice.ok(Conversations, { last: 3, before });
      backward.unshift(...conversations.edges.map((e) => e.node.id));
      before = conversations.pageInfo.hasPreviousPage ? conversations.edges[0]?.cursor : undefined;
    }
    expect(backward).toEqual(all);
  });

  it('refuse page sizes over 100, first with last, and malformed cursors', async () => {
    const alice = await signUp(server, 'alice');
    const roomId = await titledRoom(alice, 'cursor source');
    await alice.ok(Send, { input: { conversationId: roomId, body: 'x' } });
    const messageCursor = (await alice.ok(Messages, { conversationId: roomId })).messages.edges[0]
      ?.cursor;
    for (const args of [{ first: 101 }, { last: 101 }, { first: -1 }, { first: 2, last: 2 }]) {
      expect(refusal(await alice.run(Conversations, args)), JSON.stringify(args)).toBe(
        'BAD_USER_INPUT',
      );
    }
    for (const cursor of [
      'bogus',
      messageCursor,
      crafted('c:abc:2024-01-01 00:00:00+00'),
      crafted('c:1:not a date'),
      crafted('c:1:1'),
      crafted('c:1:2020'),
      crafted('c:1:Tue Mar 01 2022'),
    ]) {
      for (const args of [
        { first: 2, after: cursor },
        { last: 2, before: cursor },
      ]) {
        expect(refusal(await alice.run(Conversations, args)), JSON.stringify(args)).toBe(
          'BAD_USER_INPUT',
        );
      }
    }
  });
});

describe('one conversation', () => {
  it('is visible to its members, and to anyone for a public room; null otherwise', async () => {
    const [alice, bob, outsider] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'outsider'),
    ]);
    const dm = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'hi' } })).send.conversation
      .id;
    const { createRoom: secret } = await alice.ok(CreateRoom, { title: 'secret', isPrivate: true });
    const open = await titledRoom(alice, 'open', bob);
    await bob.ok(Send, { input: { conversationId: open, body: 'members only' } });

    expect((await bob.ok(ConversationById, { id: dm })).conversation).toMatchObject({
      id: dm,
      kind: 'DIRECT',
      title: null,
      memberCount: 2,
      unreadCount: 1,
      owner: null,
      lastMessage: { body: 'hi' },
      messages: { edges: [{ node: { body: 'hi' } }] },
    });
    expect((await alice.ok(ConversationById, { id: secret.id })).conversation).toMatchObject({
      title: 'secret',
      isPrivate: true,
      owner: { username: alice.username },
    });
    expect((await outsider.ok(ConversationById, { id: dm })).conversation).toBeNull();
    expect((await outsider.ok(ConversationById, { id: secret.id })).conversation).toBeNull();
    expect(
      (await outsider.ok(ConversationById, { id: globalId('Conversation', 999_999) })).conversation,
    ).toBeNull();
    // A public room shows itself, but not what is said in it or who is in it.
    const { conversation: seen } = await outsider.ok(ConversationMembers, { id: open });
    expect(seen).toMatchObject({ id: open, memberCount: 2, members: { edges: [] } });

    expect(refusal(await alice.run(ConversationById, { id: bob.id }))).toBe('BAD_USER_INPUT');
    expect(refusal(await alice.run(ConversationById, { id: 'no such thing' }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('lists members by username in pages, and refuses a malformed member cursor', async () => {
    const users = await Promise.all(
      ['m_c', 'm_a', 'm_e', 'm_b', 'm_d'].map((p) => signUp(server, p)),
    );
    const [owner, ...others] = users as [TestUser, ...TestUser[]];
    const roomId = await titledRoom(owner, 'crowd', ...others);
    const names: string[] = [];
    let after: string | null | undefined;
    for (;;) {
      const { conversation } = await owner.ok(ConversationMembers, { id: roomId, first: 2, after });
      if (!conversation) throw new Error('room not visible');
      expect(conversation.memberCount).toBe(5);
      names.push(...conversation.members.edges.map((e) => e.node.username));
      if (!conversation.members.pageInfo.hasNextPage) break;
      after = conversation.members.pageInfo.endCursor;
    }
    expect(names).toEqual(
      users.map((u) => u.username).sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())),
    );
    for (const cursor of ['bogus', crafted('u:abc:m_a'), crafted('u:1.5:m_a')]) {
      const result = await owner.run(ConversationMembers, { id: roomId, first: 2, after: cursor });
      expect(refusal(result), cursor).toBe('BAD_USER_INPUT');
    }
  });
});
