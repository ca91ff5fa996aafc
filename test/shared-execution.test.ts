import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from './support/client.js';
import { CreateRoom, JoinRoom, LeaveRoom, MarkRead, Send } from './support/documents.js';
import { readMetrics } from './support/metrics.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

/** Selected only from fields declared the same for every recipient: run once per event. */
const SHARED = `subscription Shared($after: String) { inbox(after: $after) { __typename cursor at
  ... on MessageEvent { message { __typename id body clientId createdAt
    sender { __typename id username displayName } conversation { __typename id kind isPrivate } } } } }`;

/** The same, next to fields that depend on the viewer: run for each recipient. */
const PER_VIEWER = `subscription PerViewer($after: String) { inbox(after: $after) { __typename cursor
  ... on MessageEvent { message { id body sender { username }
    conversation { id unreadCount lastMessage { body } members(first: 10) { edges { node { username } } } } } } } }`;

interface Event {
  __typename: string;
  cursor: string;
  message?: {
    id: string;
    body: string;
    conversation: {
      id: string;
      unreadCount?: number;
      lastMessage?: { body: string } | null;
      members?: { edges: { node: { username: string } }[] };
    };
  };
}

/** Every inbox event one subscription of `query` receives. */
function collect(device: Socket, query: string, variables: Record<string, unknown> = {}) {
  const events: Event[] = [];
  const errors: unknown[] = [];
  device.client.subscribe<{ inbox: Event }>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) events.push(result.data.inbox);
      },
      error: (error) => errors.push(error),
      complete: () => {},
    },
  );
  const messages = () => events.filter((e) => e.__typename === 'MessageEvent');
  const withBody = (body: string) => messages().filter((e) => e.message?.body === body);
  return { events, errors, messages, withBody };
}

/** The user id a cursor names (cursors are base64url of `i:<user>:<seq>`). */
const ownerOf = (cursor: string) => Buffer.from(cursor, 'base64url').toString().split(':')[1];
const userNumber = (user: TestUser) => Buffer.from(user.id, 'base64url').toString().split(':')[1];

/** The machine may be busy: events arrive in well under this. */
const WAIT = { timeout: 10_000 };

let server: TestServer;
const devices: Socket[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await Promise.all(devices.map((d) => d.close()));
  await server.stop();
});

const liveStreams = (count: number) =>
  expect.poll(() => server.app.deps.inbox.stats().streams, { timeout: 10_000 }).toBe(count);

describe('shared execution of inbox events', () => {
  it('never gives a recipient another viewer’s data: cursors, read positions, rooms left since', async () => {
    const owner = await signUp(server, 'own');
    const [reader, lagger, leaver] = [
      await signUp(server, 'read'),
      await signUp(server, 'lag'),
      await signUp(server, 'left'),
    ];
    const { createRoom } = await owner.ok(CreateRoom, { title: 'shared' });
    const roomId = createRoom.id;
    for (const member of [reader, lagger, leaver]) await member.ok(JoinRoom, { roomId });
    const first = await owner.ok(Send, { input: { conversationId: roomId, body: 'before' } });
    // Different read positions: `reader` has read everything so far, `lagger` nothing.
    await reader.ok(MarkRead, { conversationId: roomId });
    // `leaver` was a member when `before` was sent, and leaves now: their inbox holds it.
    await leaver.ok(LeaveRoom, { roomId });

    const subs = [reader, lagger].map((user) => {
      const device = user.device();
      devices.push(device);
      return {
        user,
        shared: collect(device, SHARED),
        perViewer: collect(device, PER_VIEWER),
      };
    });
    await liveStreams(4);
    await owner.ok(Send, { input: { conversationId: roomId, body: 'live one', clientId: 'c1' } });

    for (const { user, shared, perViewer } of subs) {
      // Without `after`, each first replays what it was not given yet (`before`), then live.
      await expect
        .poll(
          () => shared.withBody('live one').length + perViewer.withBody('live one').length,
          WAIT,
        )
        .toBe(2);
      const [sharedEvent] = shared.withBody('live one');
      const [ownEvent] = perViewer.withBody('live one');
      // Each recipient's cursors are their own, in both documents.
      expect(ownerOf(sharedEvent?.cursor ?? '')).toBe(userNumber(user));
      expect(ownerOf(ownEvent?.cursor ?? '')).toBe(userNumber(user));
      expect(shared.errors).toEqual([]);
      expect(perViewer.errors).toEqual([]);
      // The viewer's own read position: `reader` read `before`, `lagger` did not.
      expect(ownEvent?.message?.conversation.unreadCount).toBe(user === reader ? 1 : 2);
      expect(ownEvent?.message?.conversation.lastMessage).toEqual({ body: 'live one' });
    }
    // Apart from the cursor, the shared document is the same for both.
    const [a, b] = subs.map(({ shared }) => ({
      ...shared.withBody('live one')[0],
      cursor: undefined,
    }));
    expect(a).toEqual(b);
    expect(a?.message?.body).toBe('live one');

    // The leaver replays from before `before`: the message reaches them (they were a
    // member then), but nothing that needs membership now.
    const device = leaver.device();
    devices.push(device);
    const replay = collect(device, PER_VIEWER, {});
    const sharedReplay = collect(device, SHARED, {});
    await expect.poll(() => replay.messages().length, WAIT).toBeGreaterThanOrEqual(1);
    await expect.poll(() => sharedReplay.messages().length, WAIT).toBeGreaterThanOrEqual(1);
    const old = replay.messages().find((e) => e.message?.id === first.send.id);
    expect(old?.message?.body).toBe('before');
    expect(old?.message?.conversation.lastMessage).toBeNull();
    expect(old?.message?.conversation.members?.edges).toEqual([]);
    expect(old?.message?.conversation.unreadCount).toBe(0);
    // Nothing sent after the leave reached them, shared or not.
    expect(replay.messages().map((e) => e.message?.body)).not.toContain('live one');
    expect(sharedReplay.messages().map((e) => e.message?.body)).not.toContain('live one');
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await liveStreams(0);
  });

  it('shares nothing between documents that select differently', async () => {
    const [ann, ben] = [await signUp(server, 'ann'), await signUp(server, 'ben')];
    const device = ben.device();
    devices.push(device);
    const narrow = collect(
      device,
      'subscription { inbox { __typename cursor ... on MessageEvent { message { body } } } }',
    );
    const wide = collect(device, SHARED);
    await liveStreams(2);
    await ann.ok(Send, { input: { toUserId: ben.id, body: 'one event, two shapes' } });
    await expect.poll(() => narrow.messages().length + wide.messages().length, WAIT).toBe(2);
    expect(Object.keys(narrow.messages()[0]?.message ?? {})).toEqual(['body']);
    expect(wide.messages()[0]?.message?.conversation).toBeDefined();
  });

  it('holds an event the database could not give, and gives it on the same subscription when it can', async () => {
    const [sam, tia] = [await signUp(server, 'sam'), await signUp(server, 'tia')];
    const { database } = server.app.deps;
    await sam.ok(Send, { input: { toUserId: tia.id, body: 'kept for later' } });
    // The database refuses the conversation's rows for a while (as if it were away).
    await database.rows(sql`alter table conversations rename to conversations_away`);
    const device = tia.device();
    devices.push(device);
    const inbox = collect(device, PER_VIEWER);
    // Neither sent incomplete nor skipped: the stream waits (the first events, before the
    // message, need no conversation and arrive).
    await expect.poll(() => inbox.events.length, WAIT).toBeGreaterThan(0);
    // Tried at least twice meanwhile (each failed try is logged and counted), never sent.
    const tries = async () =>
      (await readMetrics(server.url)).get('chat_internal_errors_total') ?? 0;
    const before = await tries();
    await expect.poll(tries, WAIT).toBeGreaterThanOrEqual(before + 2);
    expect(inbox.withBody('kept for later')).toEqual([]);
    expect(inbox.errors).toEqual([]);
    await database.rows(sql`alter table conversations_away rename to conversations`);
    await expect.poll(() => inbox.withBody('kept for later').length, WAIT).toBe(1);
    expect(inbox.errors).toEqual([]);
  });
});
