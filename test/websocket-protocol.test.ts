// The graphql-transport-ws protocol as a client sees it on the wire, for the inbox (served
// by its own fast path) and for every other operation (served by graphql-ws).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CreateRoom, JoinRoom, Send } from './support/documents.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

/** A frame of an inbox event that carries a message (not a join before it). */
const hasMessage = (f: Frame) =>
  Boolean((f.payload?.data?.inbox as { message?: unknown } | undefined)?.message);

interface Frame {
  id?: string;
  type: string;
  payload?: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

/** A raw graphql-transport-ws connection that records every frame. */
async function rawSocket(user: TestUser) {
  const ws = new WebSocket(server.wsUrl, 'graphql-transport-ws');
  const frames: Frame[] = [];
  let closed: { code: number; reason: string } | null = null;
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame));
  ws.on('close', (code, reason) => {
    closed = { code, reason: String(reason) };
  });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ type: 'connection_init', payload: { token: user.token } }));
  await expect.poll(() => frames.some((f) => f.type === 'connection_ack')).toBe(true);
  return {
    frames,
    closed: () => closed,
    subscribe(id: string, query: string, variables: Record<string, unknown> = {}) {
      ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    },
    complete(id: string) {
      ws.send(JSON.stringify({ id, type: 'complete' }));
    },
    of: (id: string) => frames.filter((f) => f.id === id),
    close: () => ws.close(),
  };
}

const liveStreams = (count: number) =>
  expect.poll(() => server.app.deps.inbox.stats().streams, { timeout: 10_000 }).toBe(count);

const dm = (from: TestUser, to: TestUser, body: string) =>
  from.ok(Send, { input: { toUserId: to.id, body } });

describe('the inbox over graphql-transport-ws', () => {
  it('answers aliases, fragments and __typename exactly as the schema says', async () => {
    const [ann, ben] = [await signUp(server, 'ann'), await signUp(server, 'ben')];
    const socket = await rawSocket(ben);
    socket.subscribe(
      'a',
      `subscription Mine { events: inbox { kind: __typename ...Bits } }
       fragment Bits on InboxEvent { position: cursor ... on MessageEvent { message { text: body } } }`,
    );
    await liveStreams(1);
    await dm(ann, ben, 'hello');
    await expect.poll(() => socket.of('a').length).toBeGreaterThanOrEqual(2);
    const message = socket
      .of('a')
      .find((f) => f.payload?.data?.events && JSON.stringify(f).includes('hello'));
    expect(message).toEqual({
      id: 'a',
      type: 'next',
      payload: {
        data: {
          events: {
            kind: 'MessageEvent',
            position: expect.any(String),
            message: { text: 'hello' },
          },
        },
      },
    });
    socket.close();
    await liveStreams(0);
  });

  it('stops a subscription the client completes, and delivers nothing for it after', async () => {
    const [cat, dan] = [await signUp(server, 'cat'), await signUp(server, 'dan')];
    const socket = await rawSocket(dan);
    socket.subscribe('x', 'subscription { inbox { cursor } }');
    await liveStreams(1);
    socket.complete('x');
    await liveStreams(0);
    const before = socket.of('x').length;
    await dm(cat, dan, 'after complete');
    // The same socket still serves a new subscription, which gets the message.
    socket.subscribe('y', 'subscription { inbox { ... on MessageEvent { message { body } } } }');
    await expect.poll(() => JSON.stringify(socket.of('y')).includes('after complete')).toBe(true);
    expect(socket.of('x')).toHaveLength(before);
    socket.close();
  });

  it('closes the socket with 4409 when a client reuses a live subscription id', async () => {
    const eve = await signUp(server, 'eve');
    const socket = await rawSocket(eve);
    socket.subscribe('same', 'subscription { inbox { cursor } }');
    await liveStreams(1);
    socket.subscribe('same', 'subscription { inbox { cursor } }');
    await expect.poll(() => socket.closed()?.code).toBe(4409);
    await liveStreams(0);
  });

  it('answers a bad variable or cursor with BAD_USER_INPUT, then completes, keeping the socket', async () => {
    const fay = await signUp(server, 'fay');
    const socket = await rawSocket(fay);
    socket.subscribe('v', 'subscription ($after: String) { inbox(after: $after) { cursor } }', {
      after: 42,
    });
    socket.subscribe('c', 'subscription ($after: String) { inbox(after: $after) { cursor } }', {
      after: 'not-a-cursor',
    });
    await expect.poll(() => socket.of('v').map((f) => f.type)).toEqual(['next', 'complete']);
    await expect.poll(() => socket.of('c').map((f) => f.type)).toEqual(['next', 'complete']);
    for (const id of ['v', 'c']) {
      const [result] = socket.of(id);
      expect(result?.payload?.data).toBeUndefined();
      expect(result?.payload?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(socket.closed()).toBeNull();
    expect(server.app.deps.inbox.stats().streams).toBe(0);
    socket.close();
  });

  it('refuses an invalid inbox document with an error frame and no stream', async () => {
    const gus = await signUp(server, 'gus');
    const socket = await rawSocket(gus);
    socket.subscribe('bad', 'subscription { inbox { noSuchField } }');
    await expect.poll(() => socket.of('bad').map((f) => f.type)).toEqual(['error']);
    expect(server.app.deps.inbox.stats().streams).toBe(0);
    socket.close();
  });

  it('refuses a query over the depth limit with an error frame, keeping the socket', async () => {
    const ida = await signUp(server, 'ida');
    const socket = await rawSocket(ida);
    // graphql-armor throws from validation (not an error in the list validation returns).
    const deep = `{ conversations(first: 1) { edges { node { ${'lastMessage { conversation { '.repeat(6)}id${' } }'.repeat(6)} } } } }`;
    socket.subscribe('deep', deep);
    await expect.poll(() => socket.of('deep').map((f) => f.type)).toEqual(['error']);
    // An error frame's payload is the list of errors itself.
    const frame = socket.of('deep')[0] as unknown as { payload: { extensions?: object }[] };
    expect(frame.payload[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    socket.subscribe('after', '{ me { username } }');
    await expect.poll(() => socket.of('after').map((f) => f.type)).toEqual(['next', 'complete']);
    expect(socket.closed()).toBeNull();
    socket.close();
  });

  it('runs queries and mutations on the same socket (send over WebSocket)', async () => {
    const [hal, ivy] = [await signUp(server, 'hal'), await signUp(server, 'ivy')];
    const socket = await rawSocket(hal);
    socket.subscribe(
      'm',
      'mutation ($to: ID!) { send(input: { toUserId: $to, body: "over ws" }) { body } }',
      {
        to: ivy.id,
      },
    );
    await expect.poll(() => socket.of('m').map((f) => f.type)).toEqual(['next', 'complete']);
    expect(socket.of('m')[0]?.payload).toEqual({ data: { send: { body: 'over ws' } } });
    socket.subscribe('q', '{ me { username } }');
    await expect.poll(() => socket.of('q').map((f) => f.type)).toEqual(['next', 'complete']);
    expect(socket.of('q')[0]?.payload).toEqual({ data: { me: { username: hal.username } } });
    socket.close();
  });

  it('answers errors of queries and mutations on the socket with the contract codes', async () => {
    const jon = await signUp(server, 'jon');
    const socket = await rawSocket(jon);
    const nobody = Buffer.from('User:999999').toString('base64url');
    socket.subscribe(
      'nf',
      'mutation ($to: ID!) { send(input: { toUserId: $to, body: "x" }) { id } }',
      {
        to: nobody,
      },
    );
    socket.subscribe('bv', 'query ($n: Int) { conversations(first: $n) { edges { cursor } } }', {
      n: 'many',
    });
    socket.subscribe(
      'empty',
      'mutation ($to: ID!) { send(input: { toUserId: $to, body: "  " }) { id } }',
      {
        to: jon.id,
      },
    );
    for (const [id, code] of [
      ['nf', 'NOT_FOUND'],
      ['bv', 'BAD_USER_INPUT'],
      ['empty', 'BAD_USER_INPUT'],
    ] as const) {
      await expect
        .poll(() => socket.of(id).map((f) => f.type))
        .toEqual(['next', 'complete'])
        .catch(() => {
          throw new Error(`${id}: ${JSON.stringify(socket.frames)}`);
        });
      expect(socket.of(id)[0]?.payload?.errors?.[0]?.extensions?.code, id).toBe(code);
    }
    socket.close();
  });

  it('gives each member of a room the message with their own cursor, and viewer fields per viewer', async () => {
    const owner = await signUp(server, 'kim');
    const members = [owner, await signUp(server, 'lee'), await signUp(server, 'max')];
    const { createRoom } = await owner.ok(CreateRoom, { title: 'shared results' });
    for (const member of members.slice(1)) await member.ok(JoinRoom, { roomId: createRoom.id });
    const sockets = await Promise.all(members.map(rawSocket));
    // The first document is the same for every member but its cursor (run once per event);
    // the second asks for the viewer's own unread count (run per member).
    for (const socket of sockets) {
      socket.subscribe(
        'same',
        'subscription { inbox { at: cursor ... on MessageEvent { message { body sender { username } } } } }',
      );
      socket.subscribe(
        'own',
        'subscription { inbox { ... on MessageEvent { message { conversation { unreadCount } } } } }',
      );
    }
    await liveStreams(6);
    await members[1]?.ok(Send, { input: { conversationId: createRoom.id, body: 'to all' } });
    const cursors: string[] = [];
    for (const [i, socket] of sockets.entries()) {
      const member = members[i] as TestUser;
      await expect
        .poll(
          () =>
            JSON.stringify(socket.of('same')).includes('to all') &&
            socket.of('own').some((f) => hasMessage(f)),
        )
        .toBe(true);
      const frame = socket.of('same').find((f) => JSON.stringify(f).includes('to all'));
      const event = frame?.payload?.data?.inbox as { at: string; message: unknown };
      expect(event.message).toEqual({ body: 'to all', sender: { username: members[1]?.username } });
      // A cursor names its owner: each member's is their own.
      expect(Buffer.from(event.at, 'base64url').toString()).toMatch(
        new RegExp(`^i:${Buffer.from(member.id, 'base64url').toString().split(':')[1]}:\\d+$`),
      );
      cursors.push(event.at);
      // The joins before it may come first: the message's frame is the one with a message.
      const unread = socket.of('own').find(hasMessage)?.payload?.data?.inbox as {
        message: { conversation: { unreadCount: number } };
      };
      // The sender has read their own message; the others have one unread.
      expect(unread.message.conversation.unreadCount).toBe(i === 1 ? 0 : 1);
    }
    expect(new Set(cursors).size).toBe(3);
    for (const socket of sockets) socket.close();
    await liveStreams(0);
  });
});
