import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConversationHistory,
  Conversations,
  CreateRoom,
  JoinRoom,
  MessageById,
  Messages,
  NodeById,
  Send,
} from './support/documents.js';
import { globalId, refusal } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let outsider: TestUser;
let roomId: string;
/** What was sent to the room, in order: m0 … m24. */
const sent: { id: string; body: string; createdAt: string }[] = [];
const COUNT = 25;

beforeAll(async () => {
  server = await startServer();
  [alice, bob, outsider] = await Promise.all([
    signUp(server, 'alice'),
    signUp(server, 'bob'),
    signUp(server, 'outsider'),
  ]);
  roomId = (await alice.ok(CreateRoom, { title: 'history' })).createRoom.id;
  await bob.ok(JoinRoom, { roomId });
  for (let i = 0; i < COUNT; i++) {
    const sender = i % 2 === 0 ? alice : bob;
    const { send } = await sender.ok(Send, { input: { conversationId: roomId, body: `m${i}` } });
    sent.push({ id: send.id, body: send.body, createdAt: send.createdAt });
  }
});
afterAll(() => server.stop());

const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `m${from + i}`);

type Page = {
  edges: { cursor: string; node: { body: string } }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor?: string | null;
    endCursor?: string | null;
  };
};
const bodiesOf = (page: Page) => page.edges.map((e) => e.node.body);

/** The two ways to read history: the `messages` query and `Conversation.messages`. */
const readers = {
  'Query.messages': async (user: TestUser, args: Record<string, unknown>): Promise<Page> =>
    (await user.ok(Messages, { conversationId: roomId, ...args })).messages,
  'Conversation.messages': async (user: TestUser, args: Record<string, unknown>): Promise<Page> => {
    const { conversation } = await user.ok(ConversationHistory, { id: roomId, ...args });
    if (!conversation) throw new Error('conversation not visible');
    return conversation.messages;
  },
};

describe.each(Object.entries(readers))('history through %s', (_name, read) => {
  it('pages forward with first/after, oldest first, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    for (;;) {
      const page = await read(alice, { first: 7, after });
      expect(page.pageInfo.hasPreviousPage).toBe(pages > 0);
      seen.push(...bodiesOf(page));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(seen).toEqual(range(0, COUNT));
  });

  it('gives the newest with last, oldest first within the page, and pages back with before', async () => {
    const newest = await read(bob, { last: 7 });
    expect(bodiesOf(newest)).toEqual(range(18, 25));
    expect(newest.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const seen = bodiesOf(newest);
    let before = newest.pageInfo.startCursor;
    for (;;) {
      const page = await read(bob, { last: 7, before });
      expect(page.pageInfo.hasNextPage).toBe(true);
      seen.unshift(...bodiesOf(page));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(seen).toEqual(range(0, COUNT));
  });

  it('gives 20 by default, and nothing but "there is more" for first: 0', async () => {
    const page = await read(alice, {});
    expect(bodiesOf(page)).toEqual(range(0, 20));
    expect(page.pageInfo.hasNextPage).toBe(true);
    const empty = await read(alice, { first: 0 });
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo.hasNextPage).toBe(true);
    expect(bodiesOf(await read(alice, { first: 100 }))).toEqual(range(0, COUNT));
  });

  it('keeps since (inclusive) and until (exclusive), also while paging both ways', async () => {
    // The bounds below are the createdAt the server gave back, so each must be its own instant.
    expect(new Set(sent.map((m) => m.createdAt)).size).toBe(COUNT);
    const since = sent[5]?.createdAt;
    const until = sent[12]?.createdAt;
    expect(bodiesOf(await read(alice, { since, until }))).toEqual(range(5, 12));
    expect(bodiesOf(await read(alice, { until }))).toEqual(range(0, 12));
    expect(bodiesOf(await read(alice, { since, first: 100 }))).toEqual(range(5, COUNT));
    expect(bodiesOf(await read(alice, { since, until, last: 3 }))).toEqual(range(9, 12));

    const first = await read(alice, { since, until, first: 4 });
    expect(bodiesOf(first)).toEqual(range(5, 9));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await read(alice, { since, until, first: 4, after: first.pageInfo.endCursor });
    expect(bodiesOf(rest)).toEqual(range(9, 12));
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const back = await read(alice, { since, until, last: 4, before: rest.pageInfo.startCursor });
    expect(bodiesOf(back)).toEqual(range(5, 9));
    expect(back.pageInfo.hasPreviousPage).toBe(false);

    expect(bodiesOf(await read(alice, { since: until, until: since }))).toEqual([]);
    expect(bodiesOf(await read(alice, { since: '2999-01-01T00:00:00.000Z' }))).toEqual([]);
  });
});

describe('one message, or any object, by id', () => {
  it('finds a message for a member; null for others and for unknown ids', async () => {
    const target = sent[3]!;
    expect((await bob.ok(MessageById, { id: target.id })).message).toEqual({
      id: target.id,
      body: 'm3',
      conversation: { id: roomId },
    });
    expect((await outsider.ok(MessageById, { id: target.id })).message).toBeNull();
    expect((await bob.ok(MessageById, { id: globalId('Message', 999_999) })).message).toBeNull();
    expect(refusal(await bob.run(MessageById, { id: roomId }))).toBe('BAD_USER_INPUT');
    expect(refusal(await bob.run(MessageById, { id: 'garbage!' }))).toBe('BAD_USER_INPUT');
  });

  it('resolves node ids of each type; null for what the viewer may not see', async () => {
    const dm = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'between us' } })).send;
    const { createRoom: secret } = await alice.ok(CreateRoom, { title: 'secret', isPrivate: true });

    expect((await bob.ok(NodeById, { id: sent[0]!.id })).node).toMatchObject({
      __typename: 'Message',
      body: 'm0',
    });
    expect((await bob.ok(NodeById, { id: dm.conversation.id })).node).toMatchObject({
      __typename: 'Conversation',
      kind: 'DIRECT',
    });
    expect((await outsider.ok(NodeById, { id: alice.id })).node).toMatchObject({
      __typename: 'User',
      username: alice.username,
    });
    // A public room is visible to anyone; what it holds is not.
    expect((await outsider.ok(NodeById, { id: roomId })).node).toMatchObject({
      __typename: 'Conversation',
      title: 'history',
    });

    for (const hidden of [sent[0]!.id, dm.id, dm.conversation.id, secret.id]) {
      expect((await outsider.ok(NodeById, { id: hidden })).node, hidden).toBeNull();
    }
    for (const unknown of [
      globalId('User', 999_999),
      globalId('Message', 999_999),
      globalId('Conversation', 999_999),
    ]) {
      expect((await alice.ok(NodeById, { id: unknown })).node).toBeNull();
    }
  });
});

describe("someone else's history", () => {
  it('is NOT_FOUND for a conversation one is not in, FORBIDDEN for a public room not joined', async () => {
    const dm = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'private words' } })).send
      .conversation.id;
    const { createRoom: secret } = await alice.ok(CreateRoom, { title: 'vault', isPrivate: true });
    expect(refusal(await outsider.run(Messages, { conversationId: dm }))).toBe('NOT_FOUND');
    expect(refusal(await outsider.run(Messages, { conversationId: secret.id }))).toBe('NOT_FOUND');
    expect(
      refusal(await outsider.run(Messages, { conversationId: globalId('Conversation', 999_999) })),
    ).toBe('NOT_FOUND');
    expect(refusal(await outsider.run(Messages, { conversationId: roomId }))).toBe('FORBIDDEN');
    expect((await outsider.ok(ConversationHistory, { id: dm })).conversation).toBeNull();
  });
});

describe('bad paging arguments', () => {
  it('refuses page sizes over 100 or below 0, first with last, and ids of the wrong type', async () => {
    for (const args of [
      { first: 101 },
      { last: 101 },
      { first: -1 },
      { last: -5 },
      { first: 1, last: 1 },
    ]) {
      expect(
        refusal(await alice.run(Messages, { conversationId: roomId, ...args })),
        JSON.stringify(args),
      ).toBe('BAD_USER_INPUT');
      const nested = await alice.run(ConversationHistory, { id: roomId, ...args });
      expect(refusal(nested), JSON.stringify(args)).toBe('BAD_USER_INPUT');
    }
    expect(refusal(await alice.run(Messages, { conversationId: alice.id }))).toBe('BAD_USER_INPUT');
  });

  it('refuses malformed cursors and dates', async () => {
    const { conversations } = await alice.ok(Conversations, { first: 1 });
    const foreign = conversations.edges[0]?.cursor;
    const crafted = (text: string) => Buffer.from(text).toString('base64url');
    for (const cursor of [
      'bogus',
      foreign,
      crafted('m:abc'),
      crafted('m:-1'),
      crafted('m:1.5'),
      crafted('m:99999999999999999999'),
      'x'.repeat(600),
    ]) {
      for (const args of [{ after: cursor }, { before: cursor }]) {
        const result = await alice.run(Messages, { conversationId: roomId, ...args });
        expect(refusal(result), JSON.stringify(args)).toBe('BAD_USER_INPUT');
      }
    }
    for (const since of ['yesterday', '2024-13-45T00:00:00Z', '']) {
      expect(refusal(await alice.run(Messages, { conversationId: roomId, since })), since).toBe(
        'BAD_USER_INPUT',
      );
    }
  });
});
