import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiptsInboxSubscription } from './gql/graphql.js';
import { graphql } from './gql/index.js';
import type { Socket, Subscription } from './support/client.js';
import { MarkRead, Send } from './support/documents.js';
import { room } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

const ReceiptOf = graphql(`
  query ReceiptOf($id: ID!) {
    message(id: $id) {
      id
      receipt { recipients delivered read }
      readBy(first: 20) { edges { node { username } } }
    }
  }
`);

const ReceiptsHistory = graphql(`
  query ReceiptsHistory($conversationId: ID!) {
    messages(conversationId: $conversationId, last: 50) {
      edges { node { body receipt { recipients delivered read } } }
    }
  }
`);

const ReceiptsInbox = graphql(`
  subscription ReceiptsInbox($after: String) {
    inbox(after: $after) {
      __typename
      cursor
      ... on MessageEvent { message { id body receipt { recipients delivered read } } }
      ... on DeliveredEvent {
        conversation { id kind }
        recipient { username }
        upTo { id body }
      }
    }
  }
`);

type Event = ReceiptsInboxSubscription['inbox'];

// Delivered positions are written when the tests say so (flushDelivered), not every second:
// what a flush makes is then exactly what the tests see.
let server: TestServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer({}, undefined, { deliveredFlushMs: 3_600_000 });
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
});
afterAll(() => server.stop());

function inbox(user: TestUser, after?: string): Subscription<ReceiptsInboxSubscription> {
  const socket = user.device();
  sockets.push(socket);
  return socket.subscribe(ReceiptsInbox, after ? { after } : {});
}

/** Every event so far up to and including the first that matches. */
async function until(
  sub: Subscription<ReceiptsInboxSubscription>,
  match: (e: Event) => boolean,
): Promise<Event[]> {
  for (let n = 1; ; n++) {
    const events = (await sub.waitFor(n)).map((r) => r.inbox);
    if (match(events[n - 1] as Event)) return events;
  }
}

const carries = (body: string) => (e: Event) =>
  e.__typename === 'MessageEvent' && e.message.body === body;

const receiptOf = async (user: TestUser, id: string) => (await user.ok(ReceiptOf, { id })).message;

/** Writes what this instance noted as delivered; a device asks for the next event after writing one. */
const flush = () => server.app.deps.inbox.flushDelivered();

/** The receipt once the delivered positions noted so far are written. */
async function settledReceipt(user: TestUser, id: string, delivered: number) {
  await expect
    .poll(async () => {
      await flush();
      return (await receiptOf(user, id))?.receipt?.delivered;
    })
    .toBe(delivered);
  return (await receiptOf(user, id))?.receipt;
}

const say = async (from: TestUser, conversationId: string, body: string) =>
  (await from.ok(Send, { input: { conversationId, body } })).send;

describe('Message.receipt', () => {
  it('counts the other members, and moves on delivery and on markRead; null for anyone but the sender', async () => {
    const [alice, bob, carol] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
    ]);
    const roomId = await room(alice, bob, carol);
    const sent = await say(alice, roomId, 'hello room');

    expect((await receiptOf(alice, sent.id))?.receipt).toEqual({
      recipients: 2,
      delivered: 0,
      read: 0,
    });
    expect((await receiptOf(bob, sent.id))?.receipt).toBeNull();
    expect((await receiptOf(carol, sent.id))?.receipt).toBeNull();

    // A device of Bob's gets it: delivered to one.
    await until(inbox(bob), carries('hello room'));
    expect(await settledReceipt(alice, sent.id, 1)).toEqual({
      recipients: 2,
      delivered: 1,
      read: 0,
    });

    // Carol reads it without a live subscription: read (and so delivered) by her.
    await carol.ok(MarkRead, { conversationId: roomId, upTo: sent.id });
    expect((await receiptOf(alice, sent.id))?.receipt).toEqual({
      recipients: 2,
      delivered: 2,
      read: 1,
    });
    await bob.ok(MarkRead, { conversationId: roomId });
    expect((await receiptOf(alice, sent.id))?.receipt).toEqual({
      recipients: 2,
      delivered: 2,
      read: 2,
    });
    expect((await receiptOf(bob, sent.id))?.receipt).toBeNull();
  });

  it('is the sender’s in a live MessageEvent and null in everyone else’s', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await room(alice, bob);
    const [mine, theirs] = [inbox(alice), inbox(bob)];
    await say(alice, roomId, 'live one');
    const [own] = (await until(mine, carries('live one'))).slice(-1);
    const [other] = (await until(theirs, carries('live one'))).slice(-1);
    expect(own?.__typename === 'MessageEvent' && own.message.receipt).toMatchObject({
      recipients: 1,
      read: 0,
    });
    expect(other?.__typename === 'MessageEvent' && other.message.receipt).toBeNull();
  });

  it('gives every message of a history page its own counts', async () => {
    const [alice, bob, carol] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
    ]);
    const roomId = await room(alice, bob, carol);
    const first = await say(alice, roomId, 'one');
    await say(alice, roomId, 'two');
    await say(bob, roomId, 'from bob');
    await say(alice, roomId, 'three');
    await carol.ok(MarkRead, { conversationId: roomId, upTo: first.id });

    const page = await alice.ok(ReceiptsHistory, { conversationId: roomId });
    expect(page.messages.edges.map((e) => [e.node.body, e.node.receipt])).toEqual([
      // Bob's read position moved with his own send: he has read what came before it.
      ['one', { recipients: 2, delivered: 2, read: 2 }],
      ['two', { recipients: 2, delivered: 1, read: 1 }],
      ['from bob', null],
      ['three', { recipients: 2, delivered: 0, read: 0 }],
    ]);
  });
});

describe('Message.readBy', () => {
  it('lists the members whose read position reached it, for members only', async () => {
    const [alice, bob, carol, outsider] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
      signUp(server, 'outsider'),
    ]);
    const roomId = await room(alice, bob, carol);
    const sent = await say(alice, roomId, 'who read me');
    const readers = async (user: TestUser) =>
      (await receiptOf(user, sent.id))?.readBy.edges.map((e) => e.node.username);

    expect(await readers(alice)).toEqual([]);
    await carol.ok(MarkRead, { conversationId: roomId });
    expect(await readers(alice)).toEqual([carol.username]);
    await bob.ok(MarkRead, { conversationId: roomId, upTo: sent.id });
    const both = [bob.username, carol.username].sort();
    expect(await readers(alice)).toEqual(both);
    // Another member sees the same; the sender is never listed.
    expect(await readers(bob)).toEqual(both);
    // An outsider does not see the message at all.
    expect((await outsider.ok(ReceiptOf, { id: sent.id })).message).toBeNull();
  });
});

describe('DeliveredEvent', () => {
  it('tells the sender, once per flush, up to the newest message a device of the recipient got; replayed after reconnect', async () => {
    const [alice, bob, carol] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
    ]);
    const first = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'dm 1' } })).send;
    const aliceInbox = inbox(alice);
    const before = await until(aliceInbox, carries('dm 1'));
    for (const body of ['dm 2', 'dm 3']) {
      await alice.ok(Send, { input: { toUserId: bob.id, body } });
    }
    await until(aliceInbox, carries('dm 3'));

    // Bob's device gets all three. It notes an event delivered when it asks for the next
    // one: once it got another event after them, all three are noted, and one flush writes them.
    const bobInbox = inbox(bob);
    await until(bobInbox, carries('dm 3'));
    await carol.ok(Send, { input: { toUserId: bob.id, body: 'ping' } });
    await until(bobInbox, carries('ping'));
    await flush();

    const events = await until(aliceInbox, (e) => e.__typename === 'DeliveredEvent');
    const event = events.at(-1);
    expect(event).toMatchObject({
      __typename: 'DeliveredEvent',
      conversation: { id: first.conversation.id, kind: 'DIRECT' },
      recipient: { username: bob.username },
      upTo: { body: 'dm 3' },
    });
    expect((await receiptOf(alice, first.id))?.receipt).toEqual({
      recipients: 1,
      delivered: 1,
      read: 0,
    });
    // One event for the three: the next thing Alice gets is her next message, not another.
    await alice.ok(Send, { input: { toUserId: bob.id, body: 'dm 4' } });
    const next = (await until(aliceInbox, carries('dm 4'))).slice(events.length);
    expect(next.map((e) => e.__typename)).toEqual(['MessageEvent']);

    // A device that resumes from before gets it again, in place.
    const resumed = inbox(alice, before.at(-1)?.cursor);
    const replayed = await until(resumed, carries('dm 4'));
    expect(replayed.map((e) => e.__typename)).toEqual([
      'MessageEvent',
      'MessageEvent',
      'DeliveredEvent',
      'MessageEvent',
    ]);
    expect(replayed[2]).toEqual(event);
  });

  it('is not sent for rooms, nor for a device getting its own messages', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await room(alice, bob);
    const aliceInbox = inbox(alice);
    const sent = await say(alice, roomId, 'in a room');
    const bobDevice = bob.device();
    await until(bobDevice.subscribe(ReceiptsInbox, {}), carries('in a room'));
    await settledReceipt(alice, sent.id, 1);
    await bobDevice.close();
    // Alice's own device got her own direct message to Bob.
    await alice.ok(Send, { input: { toUserId: bob.id, body: 'to bob' } });
    await until(aliceInbox, carries('to bob'));
    await say(bob, roomId, 'after');
    await until(aliceInbox, carries('after'));
    await flush();
    await say(bob, roomId, 'marker');
    const events = await until(aliceInbox, carries('marker'));
    expect(events.map((e) => e.__typename)).not.toContain('DeliveredEvent');
  });
});
