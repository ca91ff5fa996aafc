import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import {
  aboutMessages,
  devices as allDevices,
  DeleteMessage,
  EditMessage,
  historyOf,
  isEvent,
  replayed,
  roomOf,
  say,
  signUpAdmin,
  until,
} from './support/changes.js';
import { ManualClock } from './support/clock.js';
import { MarkRead, Send, UnreadState } from './support/documents.js';
import { globalId, refusal } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

const RECALL_WINDOW_MS = 120_000;

const ReadPaths = graphql(`
  query RecallReadPaths($messageId: ID!, $replyId: ID!, $conversationId: ID!, $query: String!) {
    message(id: $messageId) { ...MessageState }
    node(id: $messageId) { ... on Message { ...MessageState } }
    reply: message(id: $replyId) { replyTo { ...MessageState } }
    conversation(id: $conversationId) { lastMessage { ...MessageState } }
    searchMessages(query: $query) { edges { node { id } } }
  }
`);

// Recall windows follow this clock: the tests move it instead of waiting.
const clock = new ManualClock();
let server: TestServer;
let admin: TestUser;
const { inbox, ...devices } = allDevices();

beforeAll(async () => {
  server = await startServer({ ADMIN_USERNAMES: 'moderator' }, undefined, { clock });
  admin = await signUpAdmin(server, 'moderator');
});
afterEach(() => devices.closeAll());
afterAll(() => server.stop());

const tombstone = (id: string) => ({
  id,
  body: '',
  deletedAt: expect.any(String),
  attachment: null,
  edits: [],
});

/** Unread counts as a user sees them in a conversation: the list, the total, the field. */
async function unreadIn(user: TestUser, conversationId: string) {
  const { unreadCounts, conversations } = await user.ok(UnreadState);
  const listed = unreadCounts.conversations.find((c) => c.conversation.id === conversationId);
  const field = conversations.edges.find((e) => e.node.id === conversationId)?.node.unreadCount;
  return { listed: listed?.count ?? 0, total: unreadCounts.total, field };
}

describe('deleteMessage', () => {
  it('leaves a tombstone in place on every read path', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await roomOf(alice, bob);
    const word = `secret${Date.now()}`;
    const { send: sent } = await alice.ok(Send, {
      input: {
        conversationId: roomId,
        body: `the ${word} plan`,
        kind: 'IMAGE',
        attachment: { url: 'https://files.example/plan.png', name: 'plan.png' },
      },
    });
    await alice.ok(EditMessage, { id: sent.id, body: `the ${word} plan, v2` });
    const { send: reply } = await bob.ok(Send, {
      input: { conversationId: roomId, body: 'nice', replyToId: sent.id },
    });
    const last = await say(alice, roomId, 'last word');

    const recalled = (await alice.ok(DeleteMessage, { id: sent.id })).deleteMessage;
    await alice.ok(DeleteMessage, { id: last.id });
    expect(recalled).toEqual(tombstone(sent.id));

    const paths = await bob.ok(ReadPaths, {
      messageId: sent.id,
      replyId: reply.id,
      conversationId: roomId,
      query: word,
    });
    expect(paths.message).toMatchObject(tombstone(sent.id));
    expect(paths.node).toMatchObject(tombstone(sent.id));
    expect(paths.reply?.replyTo).toMatchObject(tombstone(sent.id));
    expect(paths.conversation?.lastMessage).toMatchObject(tombstone(last.id));
    expect(paths.searchMessages.edges).toEqual([]);
    const history = await historyOf(bob, roomId);
    expect(history.map((m) => m.id)).toEqual([sent.id, reply.id, last.id]);
    expect(history[0]).toMatchObject(tombstone(sent.id));
    expect(history[1]).toMatchObject({ body: 'nice', deletedAt: null });
  });

  it('is refused to outsiders and members; the sender, the owner and an admin may', async () => {
    const [owner, sender, member, outsider] = await Promise.all([
      signUp(server, 'owner'),
      signUp(server, 'sender'),
      signUp(server, 'member'),
      signUp(server, 'outsider'),
    ]);
    const roomId = await roomOf(owner, sender, member);
    const [bySender, byOwner, byAdmin] = [
      await say(sender, roomId, 'one'),
      await say(sender, roomId, 'two'),
      await say(sender, roomId, 'three'),
    ];
    for (const message of [bySender, byOwner, byAdmin]) {
      expect(refusal(await outsider.run(DeleteMessage, { id: message.id }))).toBe('NOT_FOUND');
      expect(refusal(await member.run(DeleteMessage, { id: message.id }))).toBe('FORBIDDEN');
    }
    expect((await historyOf(member, roomId)).every((m) => m.deletedAt === null)).toBe(true);

    await sender.ok(DeleteMessage, { id: bySender.id });
    await owner.ok(DeleteMessage, { id: byOwner.id });
    // An admin moderates rooms they are not in.
    await admin.ok(DeleteMessage, { id: byAdmin.id });
    expect(await historyOf(member, roomId)).toMatchObject([
      tombstone(bySender.id),
      tombstone(byOwner.id),
      tombstone(byAdmin.id),
    ]);
  });

  it('in a DIRECT conversation, is for the sender only', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const { send } = await alice.ok(Send, { input: { toUserId: bob.id, body: 'hi' } });
    expect(refusal(await bob.run(DeleteMessage, { id: send.id }))).toBe('FORBIDDEN');
    expect(refusal(await bob.run(DeleteMessage, { id: globalId('Message', 987_654) }))).toBe(
      'NOT_FOUND',
    );
    expect(refusal(await bob.run(DeleteMessage, { id: send.conversation.id }))).toBe(
      'BAD_USER_INPUT',
    );
    expect((await alice.ok(DeleteMessage, { id: send.id })).deleteMessage).toEqual(
      tombstone(send.id),
    );
  });

  it('a recalled message cannot be edited, and recalling it again changes nothing', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await roomOf(alice, bob);
    const sent = await say(alice, roomId, 'oops');
    const first = (await alice.ok(DeleteMessage, { id: sent.id })).deleteMessage;
    expect(refusal(await alice.run(EditMessage, { id: sent.id, body: 'back' }))).toBe('CONFLICT');
    const sub = inbox(bob);
    await alice.ok(DeleteMessage, { id: sent.id });
    const marker = await say(alice, roomId, 'marker');
    const events = aboutMessages(await until(sub, isEvent('MessageEvent', marker.id)));
    expect(events.map((e) => e.__typename)).toEqual([
      'MessageEvent',
      'MessageDeletedEvent',
      'MessageEvent',
    ]);
    expect(first.deletedAt).not.toBeNull();
    expect((await historyOf(bob, roomId))[0]).toEqual({ ...tombstone(sent.id), editedAt: null });
  });

  it(`by its sender works within ${RECALL_WINDOW_MS / 1000} seconds; the owner and an admin later`, async () => {
    // Its own server: a clock moved far ahead would close the window of every later test.
    const own = new ManualClock();
    const ownServer = await startServer({ ADMIN_USERNAMES: 'moderator' }, undefined, {
      clock: own,
    });
    try {
      const ownAdmin = await signUpAdmin(ownServer, 'moderator');
      const [owner, sender] = await Promise.all([
        signUp(ownServer, 'owner'),
        signUp(ownServer, 'sender'),
      ]);
      const roomId = await roomOf(owner, sender);
      const [early, late, forOwner, forAdmin] = [
        await say(sender, roomId, 'early'),
        await say(sender, roomId, 'late'),
        await say(sender, roomId, 'for the owner'),
        await say(sender, roomId, 'for the admin'),
      ];
      // Moved relative to when the database stored them (the server's boot skews the two).
      const age = (m: { createdAt: string }) => own.now() - Date.parse(m.createdAt);
      own.advance(RECALL_WINDOW_MS - 1_000 - age(early));
      await sender.ok(DeleteMessage, { id: early.id });
      own.advance(2_000 + age(early) - age(late));
      expect(refusal(await sender.run(DeleteMessage, { id: late.id }))).toBe('FORBIDDEN');
      own.advance(86_400_000);
      await owner.ok(DeleteMessage, { id: forOwner.id });
      await ownAdmin.ok(DeleteMessage, { id: forAdmin.id });
      expect((await historyOf(owner, roomId)).map((m) => m.body)).toEqual(['', 'late', '', '']);
    } finally {
      await ownServer.stop();
    }
  });
});

describe('unread counts after a recall', () => {
  it('equal a recount that skips tombstones, before and after the read position', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const { send: first } = await alice.ok(Send, { input: { toUserId: bob.id, body: '1' } });
    const conversationId = first.conversation.id;
    const rest = [];
    for (const body of ['2', '3', '4']) {
      rest.push((await alice.ok(Send, { input: { toUserId: bob.id, body } })).send);
    }
    const [second, third, fourth] = rest as [typeof first, typeof first, typeof first];
    expect(await unreadIn(bob, conversationId)).toMatchObject({ listed: 4, field: 4 });

    // Bob read up to the second; a recall before his position changes nothing, after lowers it.
    await bob.ok(MarkRead, { conversationId, upTo: second.id });
    await alice.ok(DeleteMessage, { id: first.id });
    expect(await unreadIn(bob, conversationId)).toMatchObject({ listed: 2, field: 2, total: 2 });
    await alice.ok(DeleteMessage, { id: third.id });
    expect(await unreadIn(bob, conversationId)).toMatchObject({ listed: 1, field: 1, total: 1 });
    await alice.ok(DeleteMessage, { id: fourth.id });
    expect(await unreadIn(bob, conversationId)).toMatchObject({ listed: 0, field: 0, total: 0 });

    // New messages count again; reading past the tombstones leaves nothing.
    await alice.ok(Send, { input: { toUserId: bob.id, body: '5' } });
    expect(await unreadIn(bob, conversationId)).toMatchObject({ listed: 1, field: 1, total: 1 });
    await bob.ok(MarkRead, { conversationId });
    expect(await unreadIn(bob, conversationId)).toMatchObject({ listed: 0, field: 0, total: 0 });
    expect(await unreadIn(alice, conversationId)).toMatchObject({ listed: 0, field: 0 });
  });
});

describe('MessageDeletedEvent', () => {
  it("reaches every member live, the sender's other device too, without the text", async () => {
    const [alice, bob, carol] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
    ]);
    const roomId = await roomOf(alice, bob, carol);
    const sent = await say(alice, roomId, 'regret');
    const subs = [inbox(alice), inbox(bob), inbox(carol)];
    for (const sub of subs) await until(sub, isEvent('MessageEvent', sent.id));
    await alice.ok(DeleteMessage, { id: sent.id });
    for (const sub of subs) {
      const events = await until(sub, isEvent('MessageDeletedEvent', sent.id));
      expect(aboutMessages(events).at(-1)).toMatchObject({ message: tombstone(sent.id) });
    }
  });

  it('an offline device replaying sends, edits and recalls ends with a fresh history', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await roomOf(alice, bob);
    const one = await say(alice, roomId, 'one');
    const two = await say(bob, roomId, 'two');
    await alice.ok(EditMessage, { id: one.id, body: 'one, edited' });
    await bob.ok(DeleteMessage, { id: two.id });
    const three = await say(alice, roomId, 'three');
    await alice.ok(DeleteMessage, { id: one.id });
    await alice.ok(EditMessage, { id: three.id, body: 'three, edited' });
    const last = await say(alice, roomId, 'last');

    // Bob's phone was never online: its offline inbox replays it all, in order.
    const events = aboutMessages(await until(inbox(bob), isEvent('MessageEvent', last.id)));
    expect(events.map((e) => e.__typename)).toEqual([
      'MessageEvent',
      'MessageEvent',
      'MessageEditedEvent',
      'MessageDeletedEvent',
      'MessageEvent',
      'MessageDeletedEvent',
      'MessageEditedEvent',
      'MessageEvent',
    ]);
    const fresh = await historyOf(bob, roomId);
    expect(fresh.map((m) => m.id)).toEqual([one.id, two.id, three.id, last.id]);
    expect(replayed(events)).toEqual(fresh);
    // Nothing of a recalled message survives in any replayed event.
    for (const e of events) {
      if ('message' in e && [one.id, two.id].includes(e.message.id)) {
        expect(e.message).toEqual({ ...tombstone(e.message.id), editedAt: e.message.editedAt });
      }
    }
  });
});
