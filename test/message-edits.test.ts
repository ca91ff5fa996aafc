import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EDITS } from '../src/chat/messages/edit.js';
import {
  aboutMessages,
  devices as allDevices,
  type ChangeEvent,
  ChangesHistory,
  EditMessage,
  historyOf,
  replayed,
  roomOf,
  say,
  signUpAdmin,
  until,
} from './support/changes.js';
import { ManualClock } from './support/clock.js';
import { ConversationById, JoinRoom, Send } from './support/documents.js';
import { globalId, refusal } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

const EDIT_WINDOW_MS = 900_000;

// The edit window follows this clock: the tests move it (a little) instead of waiting.
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

const isEditOf = (id: string, body: string) => (e: ChangeEvent) =>
  e.__typename === 'MessageEditedEvent' && e.message.id === id && e.message.body === body;

describe('editMessage', () => {
  it('replaces the body, keeps the earlier versions oldest first, and history shows it', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const sent = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'helo' } })).send;
    clock.advance(10_000);
    const first = (await alice.ok(EditMessage, { id: sent.id, body: 'hello' })).editMessage;
    clock.advance(10_000);
    const second = (await alice.ok(EditMessage, { id: sent.id, body: 'hello, Bob' })).editMessage;

    expect(first.editedAt).toBe(new Date(clock.now() - 10_000).toISOString());
    expect(second).toMatchObject({
      body: 'hello, Bob',
      editedAt: new Date(clock.now()).toISOString(),
      createdAt: sent.createdAt,
      edits: [
        { body: 'helo', editedAt: first.editedAt },
        { body: 'hello', editedAt: second.editedAt },
      ],
    });
    const history = await bob.ok(ChangesHistory, { conversationId: sent.conversation.id });
    expect(history.messages.edges.map((e) => e.node)).toEqual([
      {
        id: sent.id,
        body: 'hello, Bob',
        editedAt: second.editedAt,
        edits: second.edits,
        deletedAt: null,
        attachment: null,
      },
    ]);
  });

  it('does not change unread counts', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const sent = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'one' } })).send;
    await alice.ok(Send, { input: { toUserId: bob.id, body: 'two' } });
    const unread = async (user: TestUser) =>
      (await user.ok(ConversationById, { id: sent.conversation.id })).conversation?.unreadCount;
    await alice.ok(EditMessage, { id: sent.id, body: 'one, edited' });
    expect(await unread(bob)).toBe(2);
    expect(await unread(alice)).toBe(0);
  });

  it('is for the sender only: outsider, member, owner and admin are refused', async () => {
    const [owner, sender, member, outsider] = await Promise.all([
      signUp(server, 'owner'),
      signUp(server, 'sender'),
      signUp(server, 'member'),
      signUp(server, 'outsider'),
    ]);
    const roomId = await roomOf(owner, sender, member);
    await admin.ok(JoinRoom, { roomId });
    const sent = await say(sender, roomId, 'mine');

    expect(refusal(await outsider.run(EditMessage, { id: sent.id, body: 'x' }))).toBe('NOT_FOUND');
    expect(refusal(await member.run(EditMessage, { id: sent.id, body: 'x' }))).toBe('FORBIDDEN');
    expect(refusal(await owner.run(EditMessage, { id: sent.id, body: 'x' }))).toBe('FORBIDDEN');
    expect(refusal(await admin.run(EditMessage, { id: sent.id, body: 'x' }))).toBe('FORBIDDEN');
    const history = await member.ok(ChangesHistory, { conversationId: roomId });
    expect(history.messages.edges.map((e) => e.node.body)).toEqual(['mine']);
    expect(
      (await sender.ok(EditMessage, { id: sent.id, body: 'still mine' })).editMessage,
    ).toMatchObject({ body: 'still mine', edits: [{ body: 'mine' }] });
  });

  it(`works within ${EDIT_WINDOW_MS / 1000} seconds of sending, not after`, async () => {
    // Its own server: a clock moved far ahead would close the window of every later test.
    const clock = new ManualClock();
    const own = await startServer({}, undefined, { clock });
    try {
      const [alice, bob] = await Promise.all([signUp(own, 'alice'), signUp(own, 'bob')]);
      const sent = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'soon' } })).send;
      // Moved relative to when the database stored the message (the server's boot skews them).
      const age = () => clock.now() - Date.parse(sent.createdAt);
      clock.advance(EDIT_WINDOW_MS - 1_000 - age());
      await alice.ok(EditMessage, { id: sent.id, body: 'in time' });
      clock.advance(2_000);
      expect(refusal(await alice.run(EditMessage, { id: sent.id, body: 'too late' }))).toBe(
        'FORBIDDEN',
      );
      const history = await bob.ok(ChangesHistory, { conversationId: sent.conversation.id });
      expect(history.messages.edges.map((e) => e.node.body)).toEqual(['in time']);
    } finally {
      await own.stop();
    }
  });

  it(`keeps at most ${MAX_EDITS} earlier versions: the next edit is refused`, async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const sent = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'v0' } })).send;
    for (let n = 1; n <= MAX_EDITS; n++) {
      await alice.ok(EditMessage, { id: sent.id, body: `v${n}` });
    }
    expect(refusal(await alice.run(EditMessage, { id: sent.id, body: 'one more' }))).toBe(
      'CONFLICT',
    );
    const [message] = await historyOf(bob, sent.conversation.id);
    expect(message?.body).toBe(`v${MAX_EDITS}`);
    expect(message?.edits).toHaveLength(MAX_EDITS);
  });

  it('refuses bad input without changing anything', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const sent = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'kept' } })).send;
    expect(refusal(await alice.run(EditMessage, { id: sent.id, body: '   ' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await alice.run(EditMessage, { id: sent.id, body: 'x'.repeat(4001) }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await alice.run(EditMessage, { id: sent.id, body: 'a\u0000b' }))).toBe(
      'BAD_USER_INPUT',
    );
    const unknown = globalId('Message', 987_654_321);
    expect(refusal(await alice.run(EditMessage, { id: unknown, body: 'x' }))).toBe('NOT_FOUND');
    expect(refusal(await alice.run(EditMessage, { id: sent.conversation.id, body: 'x' }))).toBe(
      'BAD_USER_INPUT',
    );
    const history = await bob.ok(ChangesHistory, { conversationId: sent.conversation.id });
    expect(history.messages.edges.map((e) => e.node)).toEqual([
      { id: sent.id, body: 'kept', editedAt: null, edits: [], deletedAt: null, attachment: null },
    ]);
  });
});

describe('MessageEditedEvent', () => {
  it("reaches every member live, the sender's other device too", async () => {
    const [alice, bob, carol] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
    ]);
    const roomId = await roomOf(alice, bob, carol);
    const sent = await say(alice, roomId, 'draft');
    const subs = [inbox(alice), inbox(bob), inbox(carol)];
    // Each live inbox has replayed up to the message before the edit.
    for (const sub of subs) await until(sub, (e) => e.__typename === 'MessageEvent');
    await alice.ok(EditMessage, { id: sent.id, body: 'final' });
    for (const sub of subs) {
      const events = await until(sub, isEditOf(sent.id, 'final'));
      expect(events.at(-1)).toMatchObject({
        __typename: 'MessageEditedEvent',
        message: { id: sent.id, body: 'final', edits: [{ body: 'draft' }] },
      });
    }
  });

  it('an offline device replaying sends and edits ends with the state of a fresh history', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await roomOf(alice, bob);
    const one = await say(alice, roomId, 'one');
    const two = await say(bob, roomId, 'two');
    await alice.ok(EditMessage, { id: one.id, body: 'one, edited' });
    const three = await say(alice, roomId, 'three');
    await bob.ok(EditMessage, { id: two.id, body: 'two, edited' });
    await alice.ok(EditMessage, { id: one.id, body: 'one, edited twice' });
    const last = await say(alice, roomId, 'last');
    const isLast = (e: ChangeEvent) => e.__typename === 'MessageEvent' && e.message.id === last.id;

    // Bob's device was never online: its offline inbox replays everything, in order (each
    // event shows the message as it is now).
    const events = aboutMessages(await until(inbox(bob), isLast));
    expect(events.map((e) => e.__typename)).toEqual([
      'MessageEvent',
      'MessageEvent',
      'MessageEditedEvent',
      'MessageEvent',
      'MessageEditedEvent',
      'MessageEditedEvent',
      'MessageEvent',
    ]);
    const history = await bob.ok(ChangesHistory, { conversationId: roomId });
    const fresh = history.messages.edges.map((e) => e.node);
    expect(fresh.map((m) => m.id)).toEqual([one.id, two.id, three.id, last.id]);
    expect(replayed(events)).toEqual(fresh);

    // A device that stopped after the second message resumes with the edits after it.
    const resumed = await until(inbox(bob, events[1]?.cursor), isLast);
    expect(resumed.map((e) => e.cursor)).toEqual(events.slice(2).map((e) => e.cursor));
  });
});
