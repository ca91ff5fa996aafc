import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ForwardInboxSubscription } from './gql/graphql.js';
import { graphql } from './gql/index.js';
import { devices as allDevices, DeleteMessage, roomOf, say } from './support/changes.js';
import { Send } from './support/documents.js';
import { globalId, refusal } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

const Forward = graphql(`
  mutation Forward($input: SendInput!) {
    send(input: $input) {
      id body kind attachment { url name }
      conversation { id }
      forwardedFrom { id body deletedAt }
    }
  }
`);

const ForwardedFrom = graphql(`
  query ForwardedFrom($id: ID!) {
    message(id: $id) { id body forwardedFrom { id body deletedAt } }
  }
`);

const ForwardInbox = graphql(`
  subscription ForwardInbox {
    inbox {
      __typename
      ... on MessageEvent { message { id body forwardedFrom { id body } } }
    }
  }
`);

let server: TestServer;
const devices = allDevices();

beforeAll(async () => {
  server = await startServer();
});
afterEach(() => devices.closeAll());
afterAll(() => server.stop());

/** A room of `owner` and the others, with an IMAGE message of `owner` in it. */
async function roomWithPhoto(owner: TestUser, ...others: TestUser[]) {
  const roomId = await roomOf(owner, ...others);
  const { send: photo } = await owner.ok(Send, {
    input: {
      conversationId: roomId,
      body: 'look at this',
      kind: 'IMAGE',
      attachment: { url: 'https://files.example/cat.png', name: 'cat.png' },
    },
  });
  return { roomId, photo };
}

describe('forwardOfId', () => {
  it('copies body, kind and attachment; forwardedFrom shows the original only to who may see it', async () => {
    const [alice, bob, carol] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
    ]);
    const { photo } = await roomWithPhoto(alice, bob);
    const { send: copy } = await bob.ok(Forward, {
      input: { toUserId: carol.id, body: '', forwardOfId: photo.id },
    });
    expect(copy).toMatchObject({
      body: 'look at this',
      kind: 'IMAGE',
      attachment: { url: 'https://files.example/cat.png', name: 'cat.png' },
      forwardedFrom: { id: photo.id, body: 'look at this', deletedAt: null },
    });
    expect(copy.id).not.toBe(photo.id);
    // Carol is not in the room the original is in.
    expect((await carol.ok(ForwardedFrom, { id: copy.id })).message).toEqual({
      id: copy.id,
      body: 'look at this',
      forwardedFrom: null,
    });
  });

  it('in one live event, each recipient sees forwardedFrom as they may', async () => {
    const [alice, bob, carol] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
    ]);
    const { photo } = await roomWithPhoto(alice, bob);
    const target = await roomOf(bob, alice, carol);
    const subs = [alice, carol].map((user) => {
      const socket = user.device();
      return { socket, sub: socket.subscribe(ForwardInbox, {}) };
    });
    // Each inbox is live once it has replayed past a marker sent before the forward.
    const marker = await say(bob, target, 'marker');
    const seen = (events: ForwardInboxSubscription[], id: string) =>
      events.some((e) => e.inbox.__typename === 'MessageEvent' && e.inbox.message.id === id);
    for (const { sub } of subs) {
      for (let n = 1; !seen(await sub.waitFor(n), marker.id); n++);
    }
    const { send: copy } = await bob.ok(Forward, {
      input: { conversationId: target, body: '', forwardOfId: photo.id },
    });
    const delivered = [];
    for (const { sub } of subs) {
      let events = await sub.waitFor(1);
      for (let n = events.length + 1; !seen(events, copy.id); n++) events = await sub.waitFor(n);
      delivered.push(
        events.flatMap((e) =>
          e.inbox.__typename === 'MessageEvent' && e.inbox.message.id === copy.id
            ? [e.inbox.message.forwardedFrom]
            : [],
        ),
      );
    }
    for (const { socket } of subs) await socket.close();
    expect(delivered).toEqual([[{ id: photo.id, body: 'look at this' }], [null]]);
  });

  it('refuses what the sender cannot see, a recalled message, and a body of its own', async () => {
    const [alice, bob, eve] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'eve'),
    ]);
    const { roomId, photo } = await roomWithPhoto(alice, bob);
    const gone = await say(alice, roomId, 'gone soon');
    await alice.ok(DeleteMessage, { id: gone.id });
    const forward = (user: TestUser, forwardOfId: string, body = '') =>
      user.run(Forward, { input: { toUserId: alice.id, body, forwardOfId } });

    // Eve is not in the room: for her the message does not exist.
    expect(refusal(await forward(eve, photo.id))).toBe('NOT_FOUND');
    expect(refusal(await forward(bob, globalId('Message', 987_654)))).toBe('NOT_FOUND');
    expect(refusal(await forward(bob, roomId))).toBe('BAD_USER_INPUT');
    expect(refusal(await forward(bob, gone.id))).toBe('CONFLICT');
    expect(refusal(await forward(bob, photo.id, 'my own words'))).toBe('BAD_USER_INPUT');
  });

  it('after the original is recalled, forwardedFrom is its tombstone', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const { roomId, photo } = await roomWithPhoto(alice, bob);
    const { send: copy } = await bob.ok(Forward, {
      input: { conversationId: roomId, body: '', forwardOfId: photo.id },
    });
    await alice.ok(DeleteMessage, { id: photo.id });
    expect((await bob.ok(ForwardedFrom, { id: copy.id })).message?.forwardedFrom).toEqual({
      id: photo.id,
      body: '',
      deletedAt: expect.any(String),
    });
  });

  it('with a clientId, a retried forward gives back the first copy', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const { roomId, photo } = await roomWithPhoto(alice, bob);
    const other = await say(alice, roomId, 'other');
    const input = { conversationId: roomId, body: '', forwardOfId: photo.id, clientId: 'fw-1' };
    const first = (await bob.ok(Forward, { input })).send;
    expect((await bob.ok(Forward, { input })).send.id).toBe(first.id);
    expect(refusal(await bob.run(Forward, { input: { ...input, forwardOfId: other.id } }))).toBe(
      'CONFLICT',
    );
  });
});
