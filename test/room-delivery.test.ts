import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InboxSubscription } from './gql/graphql.js';
import { codeOf, type Socket, type Subscription } from './support/client.js';
import {
  CreateRoom,
  Inbox,
  InviteToRoom,
  JoinRoom,
  LeaveRoom,
  RemoveFromRoom,
  Rooms,
  Send,
} from './support/documents.js';
import { until } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

type InboxEvent = InboxSubscription['inbox'];

let server: TestServer;
let lobbyId: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer();
  const someone = await signUp(server, 'scout');
  const lobby = (await someone.ok(Rooms, { query: 'lobby' })).rooms.edges[0]?.node;
  if (!lobby) throw new Error('no default room');
  lobbyId = lobby.id;
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
});
afterAll(() => server.stop());

function inbox(user: TestUser, after?: string): Subscription<InboxSubscription> {
  const socket = user.device();
  sockets.push(socket);
  return socket.subscribe(Inbox, { after });
}

function roomOf(e: InboxEvent): string | null {
  if (e.__typename === 'MessageEvent') return e.message.conversation.id;
  if (e.__typename === 'MembershipEvent' || e.__typename === 'ReadEvent') return e.conversation.id;
  return null;
}

const isMessage = (body: string) => (e: InboxEvent) =>
  e.__typename === 'MessageEvent' && e.message.body === body;
const isMembership = (roomId: string, username: string, joined: boolean) => (e: InboxEvent) =>
  e.__typename === 'MembershipEvent' &&
  e.conversation.id === roomId &&
  e.user.username === username &&
  e.joined === joined;
/** What an inbox shows apart from the default room, where every sign-up is a join. */
const withoutLobby = (events: InboxEvent[]) => events.filter((e) => roomOf(e) !== lobbyId);
const describeEvent = (e: InboxEvent) =>
  e.__typename === 'MessageEvent'
    ? `message ${e.message.body}`
    : e.__typename === 'MembershipEvent'
      ? `${e.joined ? 'join' : 'leave'} ${e.user.username}`
      : e.__typename;

/**
 * A live inbox of the user: subscribed and caught up with `event`, so nothing later can
 * be missed. Returns it with the cursor of that event.
 */
async function liveInbox(user: TestUser, event: (e: InboxEvent) => boolean) {
  const sub = inbox(user);
  const seen = await until(sub, event);
  return { sub, cursor: (seen.at(-1) as InboxEvent).cursor };
}

/** A direct message the user does receive: everything before it in their inbox was all there was. */
async function marker(
  from: TestUser,
  to: TestUser,
  sub: Subscription<InboxSubscription>,
): Promise<InboxEvent[]> {
  const body = `marker for ${to.username}`;
  await from.ok(Send, { input: { toUserId: to.id, body } });
  return (await until(sub, isMessage(body))).slice(0, -1);
}

async function roomWith(owner: TestUser, joiners: TestUser[], isPrivate = false) {
  const { createRoom } = await owner.ok(CreateRoom, { title: 'delivery', isPrivate });
  for (const user of joiners) {
    if (isPrivate) await owner.ok(InviteToRoom, { roomId: createRoom.id, userId: user.id });
    else await user.ok(JoinRoom, { roomId: createRoom.id });
  }
  return createRoom.id;
}

describe('room fan-out', () => {
  it('reaches every device of every member, the sender included, and no outsider', async () => {
    const [owner, member, outsider] = [
      await signUp(server, 'own'),
      await signUp(server, 'mem'),
      await signUp(server, 'out'),
    ];
    const roomId = await roomWith(owner, [member], true);
    const ownerInbox = await liveInbox(owner, isMembership(roomId, member.username, true));
    const phone = await liveInbox(member, isMembership(roomId, member.username, true));
    // A second device resuming from the same point: it reads everything after it.
    const laptop = inbox(member, phone.cursor);
    const outsiderInbox = inbox(outsider);

    await owner.ok(Send, { input: { conversationId: roomId, body: 'to the room' } });
    for (const sub of [ownerInbox.sub, phone.sub, laptop]) {
      const events = withoutLobby(await until(sub, isMessage('to the room')));
      expect(events.at(-1)).toMatchObject({
        message: { sender: { username: owner.username }, conversation: { id: roomId } },
      });
    }
    expect(withoutLobby(await marker(owner, outsider, outsiderInbox)).map(describeEvent)).toEqual(
      [],
    );
  });

  it('tells every member of a join and a leave, the one joining or leaving included', async () => {
    const [owner, early, late] = [
      await signUp(server, 'own'),
      await signUp(server, 'early'),
      await signUp(server, 'late'),
    ];
    const roomId = await roomWith(owner, [early]);
    const earlyInbox = await liveInbox(early, isMembership(roomId, early.username, true));
    const ownerInbox = await liveInbox(owner, isMembership(roomId, early.username, true));
    const lateInbox = inbox(late);

    await late.ok(JoinRoom, { roomId });
    await late.ok(LeaveRoom, { roomId });
    for (const sub of [earlyInbox.sub, ownerInbox.sub, lateInbox]) {
      const events = await until(sub, isMembership(roomId, late.username, false));
      const memberships = events.filter(
        (e) => roomOf(e) === roomId && e.__typename === 'MembershipEvent',
      );
      expect(memberships.slice(-2).map(describeEvent)).toEqual([
        `join ${late.username}`,
        `leave ${late.username}`,
      ]);
    }
  });
});

describe('leaving and removal', () => {
  it('sends a member who left nothing of the room after their leave', async () => {
    const [owner, leaver] = [await signUp(server, 'own'), await signUp(server, 'leaver')];
    const roomId = await roomWith(owner, [leaver]);
    const ownerInbox = await liveInbox(owner, isMembership(roomId, leaver.username, true));
    const { sub } = await liveInbox(leaver, isMembership(roomId, leaver.username, true));

    await owner.ok(Send, { input: { conversationId: roomId, body: 'before the leave' } });
    await leaver.ok(LeaveRoom, { roomId });
    await owner.ok(Send, { input: { conversationId: roomId, body: 'after the leave' } });
    await until(ownerInbox.sub, isMessage('after the leave'));

    const seen = withoutLobby(await marker(owner, leaver, sub));
    expect(seen.slice(-2).map(describeEvent)).toEqual([
      'message before the leave',
      `leave ${leaver.username}`,
    ]);
    expect(seen.map(describeEvent)).not.toContain('message after the leave');
  });

  it('never sends a leaver a message committed after their leave, also when sends race it', async () => {
    const [owner, other, leaver] = [
      await signUp(server, 'own'),
      await signUp(server, 'other'),
      await signUp(server, 'leaver'),
    ];
    const roomId = await roomWith(owner, [other, leaver]);
    const ownerInbox = await liveInbox(owner, isMembership(roomId, leaver.username, true));
    const { sub } = await liveInbox(leaver, isMembership(roomId, leaver.username, true));

    // Three senders, the leaver among them, each sending while the leave is in flight.
    const burst = (user: TestUser, name: string) =>
      Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          user.run(Send, { input: { conversationId: roomId, body: `race ${name} ${i}` } }),
        ),
      );
    const [, , leaverSends] = await Promise.all([
      burst(owner, 'owner'),
      burst(other, 'other'),
      burst(leaver, 'leaver'),
      leaver.ok(LeaveRoom, { roomId }),
    ]);
    // The leaver's own sends either landed before the leave or were refused as a non-member's.
    for (const result of leaverSends) {
      if (result.errors) expect(codeOf(result)).toBe('FORBIDDEN');
    }
    await owner.ok(Send, { input: { conversationId: roomId, body: 'after the race' } });

    // The owner stays: their inbox is the room's commit order, the leave in its place.
    const ownerSaw = (await until(ownerInbox.sub, isMessage('after the race')))
      .filter((e) => roomOf(e) === roomId)
      .map(describeEvent);
    const leaveAt = ownerSaw.indexOf(`leave ${leaver.username}`);
    expect(leaveAt).toBeGreaterThanOrEqual(0);
    const landed = leaverSends.filter((r) => !r.errors).length;
    expect(ownerSaw.filter((e) => e.startsWith('message race leaver'))).toHaveLength(landed);
    expect(
      ownerSaw.slice(0, leaveAt).filter((e) => e.startsWith('message race leaver')),
    ).toHaveLength(landed);

    // The leaver saw exactly what the room committed before the leave, then the leave.
    const leaverSaw = withoutLobby(await marker(owner, leaver, sub))
      .filter((e) => roomOf(e) === roomId)
      .map(describeEvent);
    const since = leaverSaw.lastIndexOf(`join ${leaver.username}`);
    expect(leaverSaw.slice(since + 1)).toEqual(
      ownerSaw.slice(ownerSaw.indexOf(`join ${leaver.username}`) + 1, leaveAt + 1),
    );
  });

  it("stops a removed member's live subscription at the removal", async () => {
    const [owner, other, removed] = [
      await signUp(server, 'own'),
      await signUp(server, 'other'),
      await signUp(server, 'gone'),
    ];
    const roomId = await roomWith(owner, [other, removed], true);
    const otherInbox = await liveInbox(other, isMembership(roomId, removed.username, true));
    const { sub, cursor } = await liveInbox(removed, isMembership(roomId, removed.username, true));
    // A second device of the removed member, resuming from the same point.
    const second = inbox(removed, cursor);

    await owner.ok(Send, { input: { conversationId: roomId, body: 'before the removal' } });
    await owner.ok(RemoveFromRoom, { roomId, userId: removed.id });
    await owner.ok(Send, { input: { conversationId: roomId, body: 'after the removal' } });
    const others = withoutLobby(await until(otherInbox.sub, isMessage('after the removal')));
    expect(others.slice(-3).map(describeEvent)).toEqual([
      'message before the removal',
      `leave ${removed.username}`,
      'message after the removal',
    ]);

    for (const device of [sub, second]) {
      const seen = withoutLobby(await marker(owner, removed, device));
      expect(seen.slice(-2).map(describeEvent)).toEqual([
        'message before the removal',
        `leave ${removed.username}`,
      ]);
      expect(seen.map(describeEvent)).not.toContain('message after the removal');
    }
  });
});
