import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, dataOf } from './support/client.js';
import {
  Conversations,
  CreateRoom,
  InviteToRoom,
  JoinRoom,
  LeaveRoom,
  MarkRead,
  MessageById,
  Messages,
  NodeById,
  RemoveFromRoom,
  RenameRoom,
  RoomDetails,
  Rooms,
  Search,
  Send,
} from './support/documents.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

/** A word no other test's titles or messages contain. */
const unique = () => `u${randomUUID().slice(0, 8)}`;

async function details(viewer: TestUser, roomId: string) {
  const { conversation } = await viewer.ok(RoomDetails, { id: roomId });
  return (
    conversation && {
      ...conversation,
      members: conversation.members.edges.map((e) => e.node.username).sort(),
    }
  );
}

describe('creating and joining rooms', () => {
  it('makes the creator owner and first member, with the documented defaults', async () => {
    const ann = await signUp(server, 'ann');
    const { createRoom } = await ann.ok(CreateRoom, { title: '  Book club  ' });
    expect(createRoom).toMatchObject({
      title: 'Book club',
      isPrivate: false,
      maxMembers: 500,
      memberCount: 1,
      owner: { username: ann.username },
    });
    expect(await details(ann, createRoom.id)).toMatchObject({
      kind: 'ROOM',
      members: [ann.username],
    });
  });

  it.each([
    [{ title: '' }],
    [{ title: '   ' }],
    [{ title: 'x'.repeat(1000) }],
    [{ title: 'ok', maxMembers: 1 }],
    [{ title: 'ok', maxMembers: 10_001 }],
  ])('refuses %j: BAD_USER_INPUT', async (input) => {
    const bea = await signUp(server, 'bea');
    expect(codeOf(await bea.run(CreateRoom, input))).toBe('BAD_USER_INPUT');
  });

  it('treats joining twice as a no-op', async () => {
    const [owner, joiner] = [await signUp(server, 'own'), await signUp(server, 'joiner')];
    const { createRoom } = await owner.ok(CreateRoom, { title: 'twice' });
    expect((await joiner.ok(JoinRoom, { roomId: createRoom.id })).joinRoom.memberCount).toBe(2);
    expect((await joiner.ok(JoinRoom, { roomId: createRoom.id })).joinRoom.memberCount).toBe(2);
    expect((await details(owner, createRoom.id))?.members).toEqual(
      [joiner.username, owner.username].sort(),
    );
  });

  it('answers CONFLICT when the room is full, the owner counted', async () => {
    const owner = await signUp(server, 'own');
    const { createRoom } = await owner.ok(CreateRoom, { title: 'pair', maxMembers: 2 });
    await (await signUp(server, 'first')).ok(JoinRoom, { roomId: createRoom.id });
    expect(
      codeOf(await (await signUp(server, 'second')).run(JoinRoom, { roomId: createRoom.id })),
    ).toBe('CONFLICT');
    const { createRoom: secret } = await owner.ok(CreateRoom, {
      title: 'pair',
      maxMembers: 2,
      isPrivate: true,
    });
    await owner.ok(InviteToRoom, { roomId: secret.id, userId: (await signUp(server, 'guest')).id });
    const late = await signUp(server, 'late');
    expect(codeOf(await owner.run(InviteToRoom, { roomId: secret.id, userId: late.id }))).toBe(
      'CONFLICT',
    );
  });

  it('gives exactly the last 3 seats to 3 of 20 clients racing for them', async () => {
    const owner = await signUp(server, 'own');
    const { createRoom } = await owner.ok(CreateRoom, { title: 'race', maxMembers: 5 });
    await (await signUp(server, 'early')).ok(JoinRoom, { roomId: createRoom.id });
    const racers = await Promise.all(Array.from({ length: 20 }, () => signUp(server, 'racer')));
    const results = await Promise.all(
      racers.map((r) => r.run(JoinRoom, { roomId: createRoom.id })),
    );
    const outcomes = results.map((r) => (r.errors?.length ? r.errors[0]?.extensions?.code : 'ok'));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'CONFLICT')).toHaveLength(17);
    const room = await details(owner, createRoom.id);
    expect(room?.memberCount).toBe(5);
    expect(room?.members).toHaveLength(5);
  });
});

describe('owners, leaving and removal', () => {
  it('hands ownership to the longest-standing member, and archives the room when the last one leaves', async () => {
    const owner = await signUp(server, 'own');
    // Signed up first (lower id) but joins second: seniority in the room decides, not the id.
    const second = await signUp(server, 'second');
    const first = await signUp(server, 'first');
    const { createRoom } = await owner.ok(CreateRoom, { title: `heirs ${unique()}` });
    const roomId = createRoom.id;
    await first.ok(JoinRoom, { roomId });
    await second.ok(JoinRoom, { roomId });

    expect((await owner.ok(LeaveRoom, { roomId })).leaveRoom).toBe(true);
    expect(await details(first, roomId)).toMatchObject({
      memberCount: 2,
      owner: { username: first.username },
    });
    expect(codeOf(await owner.run(RenameRoom, { roomId, title: 'mine again' }))).toBe('FORBIDDEN');
    expect((await first.ok(RenameRoom, { roomId, title: 'new owner' })).renameRoom.title).toBe(
      'new owner',
    );

    await first.ok(LeaveRoom, { roomId });
    expect(await details(second, roomId)).toMatchObject({
      memberCount: 1,
      owner: { username: second.username },
    });

    await second.ok(LeaveRoom, { roomId });
    expect(await details(second, roomId)).toBeNull();
    expect(codeOf(await owner.run(JoinRoom, { roomId }))).toBe('NOT_FOUND');
    const listed = await owner.ok(Rooms, { query: 'new owner', first: 100 });
    expect(listed.rooms.edges.map((e) => e.node.id)).not.toContain(roomId);
  });

  it('never fails a leave racing a markRead by the same member (no deadlock): both answer, 30 times', async () => {
    const [owner, member] = [await signUp(server, 'racehost'), await signUp(server, 'racer')];
    const { createRoom } = await owner.ok(CreateRoom, { title: unique() });
    const roomId = createRoom.id;
    for (let i = 0; i < 30; i++) {
      await member.ok(JoinRoom, { roomId });
      // Something unread, so markRead moves the read position and appends a READ event.
      await owner.ok(Send, { input: { conversationId: roomId, body: `m${i}` } });
      const [read, left] = await Promise.all([
        member.run(MarkRead, { conversationId: roomId }),
        member.run(LeaveRoom, { roomId }),
      ]);
      expect(left.errors).toBeUndefined();
      expect(left.data?.leaveRoom).toBe(true);
      // Read first, or refused because the member had already left: never an internal error.
      if (read.errors) expect(codeOf(read)).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
    }
  });

  it('lets the owner remove a member, who then cannot read; not a member: NOT_FOUND; themselves: BAD_USER_INPUT', async () => {
    const [owner, kim, lee] = [
      await signUp(server, 'own'),
      await signUp(server, 'kim'),
      await signUp(server, 'lee'),
    ];
    const { createRoom } = await owner.ok(CreateRoom, { title: 'removals' });
    const roomId = createRoom.id;
    await kim.ok(JoinRoom, { roomId });
    expect(
      (await owner.ok(RemoveFromRoom, { roomId, userId: kim.id })).removeFromRoom.memberCount,
    ).toBe(1);
    expect(codeOf(await kim.run(Messages, { conversationId: roomId }))).toBe('FORBIDDEN');
    expect(codeOf(await owner.run(RemoveFromRoom, { roomId, userId: lee.id }))).toBe('NOT_FOUND');
    expect(codeOf(await owner.run(RemoveFromRoom, { roomId, userId: owner.id }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await details(owner, roomId)).toMatchObject({
      memberCount: 1,
      members: [owner.username],
    });
  });

  it('invites an existing user only: an unknown one is NOT_FOUND', async () => {
    const owner = await signUp(server, 'own');
    const { createRoom } = await owner.ok(CreateRoom, { title: 'invites', isPrivate: true });
    const ghost = Buffer.from('User:999999').toString('base64url');
    expect(codeOf(await owner.run(InviteToRoom, { roomId: createRoom.id, userId: ghost }))).toBe(
      'NOT_FOUND',
    );
  });
});

describe('the room directory', () => {
  it('matches a case-insensitive part of the title, latest activity first, in pages, never listing private rooms', async () => {
    const tag = unique();
    const owner = await signUp(server, 'own');
    const ids: Record<string, string> = {};
    for (const title of [
      `Alpha ${tag}`,
      `beta ${tag.toUpperCase()}`,
      `GAMMA-${tag}-x`,
      `delta ${tag}`,
    ]) {
      ids[title] = (await owner.ok(CreateRoom, { title })).createRoom.id;
    }
    await owner.ok(CreateRoom, { title: `secret ${tag}`, isPrivate: true });
    await owner.ok(CreateRoom, { title: 'unrelated' });
    // A message makes the oldest room the most recently active one.
    await owner.ok(Send, {
      input: { conversationId: ids[`Alpha ${tag}`] as string, body: 'wake up' },
    });

    const reader = await signUp(server, 'reader');
    const page1 = (await reader.ok(Rooms, { query: tag.toUpperCase().slice(1), first: 2 })).rooms;
    expect(page1.edges.map((e) => e.node.title)).toEqual([`Alpha ${tag}`, `delta ${tag}`]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (
      await reader.ok(Rooms, { query: tag, first: 2, after: page1.pageInfo.endCursor })
    ).rooms;
    expect(page2.edges.map((e) => e.node.title)).toEqual([
      `GAMMA-${tag}-x`,
      `beta ${tag.toUpperCase()}`,
    ]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(page2.edges.every((e) => !e.node.isPrivate)).toBe(true);
    // Not even its owner finds a private room in the public directory.
    const mine = (await owner.ok(Rooms, { query: `secret ${tag}` })).rooms;
    expect(mine.edges).toEqual([]);
    expect(codeOf(await reader.run(Rooms, { query: tag, after: 'bogus' }))).toBe('BAD_USER_INPUT');
  });

  it('matches LIKE wildcards literally', async () => {
    const tag = unique();
    const owner = await signUp(server, 'own');
    await owner.ok(CreateRoom, { title: `100% ${tag}` });
    await owner.ok(CreateRoom, { title: `100 ${tag}` });
    const found = (await owner.ok(Rooms, { query: `100% ${tag}` })).rooms.edges.map(
      (e) => e.node.title,
    );
    expect(found).toEqual([`100% ${tag}`]);
    const underscore = (await owner.ok(Rooms, { query: `1_0 ${tag}` })).rooms.edges;
    expect(underscore).toEqual([]);
  });

  it('follows a rename', async () => {
    const [before, after] = [unique(), unique()];
    const owner = await signUp(server, 'own');
    const { createRoom } = await owner.ok(CreateRoom, { title: before });
    await owner.ok(RenameRoom, { roomId: createRoom.id, title: after });
    expect((await owner.ok(Rooms, { query: before })).rooms.edges).toEqual([]);
    expect((await owner.ok(Rooms, { query: after })).rooms.edges.map((e) => e.node.id)).toEqual([
      createRoom.id,
    ]);
  });
});

describe('private rooms are invisible to outsiders', () => {
  it('hides the room and its messages from directory, conversation, node, message and search', async () => {
    const tag = unique();
    const [owner, guest, outsider, removed] = [
      await signUp(server, 'own'),
      await signUp(server, 'guest'),
      await signUp(server, 'outsider'),
      await signUp(server, 'removed'),
    ];
    const { createRoom } = await owner.ok(CreateRoom, { title: `hidden ${tag}`, isPrivate: true });
    const roomId = createRoom.id;
    await owner.ok(InviteToRoom, { roomId, userId: guest.id });
    await owner.ok(InviteToRoom, { roomId, userId: removed.id });
    const { send } = await owner.ok(Send, {
      input: { conversationId: roomId, body: `the plan ${tag}` },
    });
    await owner.ok(RemoveFromRoom, { roomId, userId: removed.id });

    for (const insider of [owner, guest]) {
      expect((await insider.ok(RoomDetails, { id: roomId })).conversation?.title).toBe(
        `hidden ${tag}`,
      );
      expect(
        (await insider.ok(Search, { query: tag })).searchMessages.edges.map((e) => e.node.id),
      ).toEqual([send.id]);
      expect((await insider.ok(MessageById, { id: send.id })).message?.body).toBe(
        `the plan ${tag}`,
      );
    }
    for (const stranger of [outsider, removed]) {
      expect((await stranger.ok(Rooms, { query: tag })).rooms.edges).toEqual([]);
      expect((await stranger.ok(RoomDetails, { id: roomId })).conversation).toBeNull();
      expect((await stranger.ok(NodeById, { id: roomId })).node).toBeNull();
      expect((await stranger.ok(NodeById, { id: send.id })).node).toBeNull();
      expect((await stranger.ok(MessageById, { id: send.id })).message).toBeNull();
      expect((await stranger.ok(Search, { query: tag })).searchMessages.edges).toEqual([]);
      expect(codeOf(await stranger.run(Search, { query: tag, conversationId: roomId }))).toBe(
        'NOT_FOUND',
      );
      const listed = await stranger.ok(Conversations, { first: 100 });
      expect(listed.conversations.edges.map((e) => e.node.id)).not.toContain(roomId);
    }
  });

  it('shows a public room to anyone, but its messages only to members', async () => {
    const tag = unique();
    const [owner, outsider] = [await signUp(server, 'own'), await signUp(server, 'outsider')];
    const { createRoom } = await owner.ok(CreateRoom, { title: `open ${tag}` });
    const { send } = await owner.ok(Send, {
      input: { conversationId: createRoom.id, body: `news ${tag}` },
    });
    expect((await outsider.ok(RoomDetails, { id: createRoom.id })).conversation).toMatchObject({
      title: `open ${tag}`,
      memberCount: 1,
      members: { edges: [] },
    });
    expect((await outsider.ok(MessageById, { id: send.id })).message).toBeNull();
    expect((await outsider.ok(Search, { query: tag })).searchMessages.edges).toEqual([]);
  });
});

describe('the default room', () => {
  it('is a public room called "lobby" that every new user is in', async () => {
    const [a, b] = [await signUp(server, 'newbie'), await signUp(server, 'newbie')];
    const lobby = (await a.ok(Rooms, { query: 'lobby' })).rooms.edges.map((e) => e.node);
    expect(lobby).toHaveLength(1);
    expect(lobby[0]).toMatchObject({ title: 'lobby', isPrivate: false });
    for (const user of [a, b]) {
      const titles = (await user.ok(Conversations, {})).conversations.edges.map(
        (e) => e.node.title,
      );
      expect(titles).toEqual(['lobby']);
    }
    const { send } = await a.ok(Send, {
      input: { conversationId: lobby[0]!.id, body: 'hi everyone' },
    });
    expect(dataOf(await b.run(MessageById, { id: send.id })).message?.body).toBe('hi everyone');
  });

  it('takes its name from DEFAULT_ROOM', async () => {
    const own = await startServer({ DEFAULT_ROOM: 'town square' });
    try {
      const user = await signUp(own, 'citizen');
      const titles = (await user.ok(Conversations, {})).conversations.edges.map(
        (e) => e.node.title,
      );
      expect(titles).toEqual(['town square']);
    } finally {
      await own.stop();
    }
  });
});
