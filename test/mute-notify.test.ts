import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import type { Socket, Subscription } from './support/client.js';
import { ManualClock } from './support/clock.js';
import { CreateRoom, LeaveRoom, Send } from './support/documents.js';
import { refusal, titledRoom } from './support/helpers.js';
import { MuteConversation, MutedUntil, NotifyInbox, SetStatus } from './support/people.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

// Mutes end by this clock: the tests move it instead of waiting.
const clock = new ManualClock();
let server: TestServer;
const open: Socket[] = [];

beforeAll(async () => {
  server = await startServer({}, undefined, { clock });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((device) => device.close()));
  await expect.poll(() => server.app.deps.inbox.stats().streams, { timeout: 10_000 }).toBe(0);
});
afterAll(() => server.stop());

const inFuture = (ms: number) => new Date(clock.now() + ms).toISOString();

interface NotifySeen {
  inbox: { __typename: string; notify?: boolean; message?: { body: string } };
}

function inboxOf<R extends NotifySeen>(
  user: TestUser,
  document: typeof NotifyInbox | typeof SharedWithNotify | typeof PerViewerWithNotify = NotifyInbox,
) {
  const device = user.device();
  open.push(device);
  // Each document's own result type is checked where its events are read.
  return device.subscribe(document as typeof NotifyInbox, {}) as unknown as Subscription<R>;
}

/** `notify` of the MessageEvent with `body`, once it arrived. */
async function notifyOf(sub: Subscription<NotifySeen>, body: string) {
  const find = () =>
    sub.received.find(
      (e) => e.inbox.__typename === 'MessageEvent' && e.inbox.message?.body === body,
    );
  await expect.poll(() => find() !== undefined, { timeout: 10_000 }).toBe(true);
  expect(sub.errors).toEqual([]);
  return find()?.inbox.notify;
}

const liveStreams = (count: number) =>
  expect.poll(() => server.app.deps.inbox.stats().streams, { timeout: 10_000 }).toBe(count);

describe('muteConversation', () => {
  it('mutes for the caller only, until a moment, and unmutes with null, a past moment, or time', async () => {
    const [alice, bob] = [await signUp(server, 'alice'), await signUp(server, 'bob')];
    const room = await titledRoom(alice, 'mutes', bob);
    const until = inFuture(3_600_000);
    const muted = await bob.ok(MuteConversation, { conversationId: room, until });
    expect(muted.muteConversation).toEqual({ id: room, mutedUntil: until });
    expect((await bob.ok(MutedUntil, { id: room })).conversation?.mutedUntil).toBe(until);
    // Per viewer: Alice did not mute it.
    expect((await alice.ok(MutedUntil, { id: room })).conversation?.mutedUntil).toBeNull();

    const unmuted = await bob.ok(MuteConversation, { conversationId: room, until: null });
    expect(unmuted.muteConversation.mutedUntil).toBeNull();
    const past = await bob.ok(MuteConversation, { conversationId: room, until: inFuture(-1000) });
    expect(past.muteConversation.mutedUntil).toBeNull();

    await bob.ok(MuteConversation, { conversationId: room, until: inFuture(60_000) });
    clock.advance(59_999);
    expect((await bob.ok(MutedUntil, { id: room })).conversation?.mutedUntil).not.toBeNull();
    clock.advance(1);
    expect((await bob.ok(MutedUntil, { id: room })).conversation?.mutedUntil).toBeNull();
  });

  it('is for members only: NOT_FOUND outside (FORBIDDEN for a public room not joined)', async () => {
    const [alice, bob, eve] = [
      await signUp(server, 'alice'),
      await signUp(server, 'bob'),
      await signUp(server, 'eve'),
    ];
    const direct = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'hi' } })).send
      .conversation.id;
    const { createRoom } = await alice.ok(CreateRoom, { title: 'private', isPrivate: true });
    const publicRoom = await titledRoom(alice, 'public');
    const until = inFuture(60_000);
    for (const conversationId of [direct, createRoom.id]) {
      expect(refusal(await eve.run(MuteConversation, { conversationId, until }))).toBe('NOT_FOUND');
    }
    expect(refusal(await eve.run(MuteConversation, { conversationId: publicRoom, until }))).toBe(
      'FORBIDDEN',
    );
    expect(
      refusal(
        await alice.run(MuteConversation, {
          conversationId: direct,
          until: '+010000-01-01T00:00:00Z',
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      refusal(await alice.run(MuteConversation, { conversationId: direct, until: 'soon' })),
    ).toBe('BAD_USER_INPUT');
  });
});

describe('MessageEvent.notify', () => {
  it('is false for your own message, a muted conversation (unless it mentions you) and during DO_NOT_DISTURB', async () => {
    const [alice, bob, carol, dan] = [
      await signUp(server, 'alice'),
      await signUp(server, 'bob'),
      await signUp(server, 'carol'),
      await signUp(server, 'dan'),
    ];
    const room = await titledRoom(alice, 'notify', bob, carol, dan);
    await carol.ok(MuteConversation, { conversationId: room, until: inFuture(600_000) });
    await dan.ok(SetStatus, { status: 'DO_NOT_DISTURB' });
    const [toAlice, toBob, toCarol, toDan] = [alice, bob, carol, dan].map((u) => inboxOf(u));
    await liveStreams(4);
    const say = (body: string) => alice.ok(Send, { input: { conversationId: room, body } });

    await say('plain hello');
    expect(await notifyOf(toAlice as never, 'plain hello')).toBe(false);
    expect(await notifyOf(toBob as never, 'plain hello')).toBe(true);
    expect(await notifyOf(toCarol as never, 'plain hello')).toBe(false);
    expect(await notifyOf(toDan as never, 'plain hello')).toBe(false);

    const mention = `@${carol.username} and @${dan.username}, look`;
    await say(mention);
    expect(await notifyOf(toCarol as never, mention)).toBe(true);
    // Do not disturb means do not disturb, mentioned or not.
    expect(await notifyOf(toDan as never, mention)).toBe(false);
    expect(await notifyOf(toBob as never, mention)).toBe(true);

    // The mute ends by the clock; Dan is back.
    clock.advance(600_000);
    await dan.ok(SetStatus, { status: 'BUSY' });
    await say('after the mute');
    expect(await notifyOf(toCarol as never, 'after the mute')).toBe(true);
    expect(await notifyOf(toDan as never, 'after the mute')).toBe(true);
    expect(await notifyOf(toAlice as never, 'after the mute')).toBe(false);
  });

  it('is the recipient’s own in a replayed inbox too', async () => {
    const [alice, bob, carol] = [
      await signUp(server, 'alice'),
      await signUp(server, 'bob'),
      await signUp(server, 'carol'),
    ];
    const direct = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'first' } })).send
      .conversation.id;
    await bob.ok(MuteConversation, { conversationId: direct, until: inFuture(600_000) });
    const room = await titledRoom(carol, 'replayed', bob);
    for (let i = 0; i < 3; i++) {
      await alice.ok(Send, { input: { toUserId: bob.id, body: `muted ${i}` } });
      await carol.ok(Send, { input: { conversationId: room, body: `loud ${i}` } });
    }
    await bob.ok(Send, { input: { conversationId: room, body: 'mine' } });
    // A room Bob has left since: what came before he left alerts nobody who is gone.
    const left = await titledRoom(carol, 'left since', bob);
    await carol.ok(Send, { input: { conversationId: left, body: 'before he left' } });
    await bob.ok(LeaveRoom, { roomId: left });
    const replay = inboxOf(bob);
    for (let i = 0; i < 3; i++) {
      expect(await notifyOf(replay as never, `muted ${i}`)).toBe(false);
      expect(await notifyOf(replay as never, `loud ${i}`)).toBe(true);
    }
    expect(await notifyOf(replay as never, 'first')).toBe(false);
    expect(await notifyOf(replay as never, 'mine')).toBe(false);
    expect(await notifyOf(replay as never, 'before he left')).toBe(false);
    // Do not disturb holds for what is replayed too.
    const dan = await signUp(server, 'dan');
    await dan.ok(SetStatus, { status: 'DO_NOT_DISTURB' });
    await carol.ok(Send, { input: { toUserId: dan.id, body: 'while busy' } });
    expect(await notifyOf(inboxOf(dan) as never, 'while busy')).toBe(false);
  });
});

/** Only fields the same for every recipient, plus the recomputed cursor and notify: run once per event. */
const SharedWithNotify = graphql(`
  subscription SharedWithNotify($after: String) {
    inbox(after: $after) {
      __typename cursor at
      ... on MessageEvent { notify message { __typename id body sender { id username } conversation { id kind } } }
    }
  }
`);

/** notify next to a per-viewer field: run for each recipient. */
const PerViewerWithNotify = graphql(`
  subscription PerViewerWithNotify($after: String) {
    inbox(after: $after) {
      __typename cursor
      ... on MessageEvent { notify message { body conversation { id unreadCount mutedUntil } } }
    }
  }
`);

describe('shared execution with notify', () => {
  it('gives each recipient of one event their own notify, cursor and mute', async () => {
    const [sender, loud, muted, busy] = [
      await signUp(server, 'sender'),
      await signUp(server, 'loud'),
      await signUp(server, 'muted'),
      await signUp(server, 'dnd'),
    ];
    const room = await titledRoom(sender, 'shared notify', loud, muted, busy);
    const until = inFuture(600_000);
    await muted.ok(MuteConversation, { conversationId: room, until });
    await busy.ok(SetStatus, { status: 'DO_NOT_DISTURB' });
    type Shared = NotifySeen & { inbox: { cursor: string } };
    type PerViewer = Shared & {
      inbox: { message?: { conversation: { mutedUntil: string | null } } };
    };
    const subs = [sender, loud, muted, busy].map((user) => ({
      user,
      shared: inboxOf<Shared>(user, SharedWithNotify),
      perViewer: inboxOf<PerViewer>(user, PerViewerWithNotify),
    }));
    await liveStreams(8);
    await sender.ok(Send, { input: { conversationId: room, body: 'one event' } });

    const expected = new Map([
      [sender, false],
      [loud, true],
      [muted, false],
      [busy, false],
    ]);
    const cursors = new Set<string>();
    for (const { user, shared, perViewer } of subs) {
      expect(await notifyOf(shared as never, 'one event')).toBe(expected.get(user));
      expect(await notifyOf(perViewer as never, 'one event')).toBe(expected.get(user));
      const event = (sub: Subscription<Shared>) =>
        sub.received.find((e) => e.inbox.message?.body === 'one event')?.inbox;
      cursors.add(event(shared)?.cursor ?? '');
      expect(event(perViewer)?.cursor).toBe(event(shared)?.cursor);
      const mutedUntil = (event(perViewer) as PerViewer['inbox'] | undefined)?.message?.conversation
        .mutedUntil;
      expect(mutedUntil).toBe(user === muted ? until : null);
    }
    expect(cursors.size).toBe(4);
  });
});
