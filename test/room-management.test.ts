import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AdminInboxSubscription } from './gql/graphql.js';
import {
  AdminInbox,
  DeleteRoom,
  HistoryWithNames,
  SendCommand,
  signUpAdmin,
  TransferRoom,
  UpdateProfile,
  UpdateRoom,
} from './support/accounts.js';
import { codeOf, type Socket, type Subscription } from './support/client.js';
import {
  ConversationById,
  Conversations,
  CreateRoom,
  InviteToRoom,
  JoinRoom,
  Messages,
  NodeById,
  RemoveFromRoom,
  Rooms,
  Search,
  Send,
} from './support/documents.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

type Event = AdminInboxSubscription['inbox'];

const ADMIN = `rooms_admin_${process.pid}`;
let server: TestServer;
let admin: TestUser;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer({ ADMIN_USERNAMES: ADMIN });
  admin = await signUpAdmin(server, ADMIN);
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
});
afterAll(() => server.stop());

function inbox(user: TestUser, after?: string): Subscription<AdminInboxSubscription> {
  const socket = user.device();
  sockets.push(socket);
  return socket.subscribe(AdminInbox, after ? { after } : {});
}

/** Every event so far, up to and including the first that matches. */
async function until(sub: Subscription<AdminInboxSubscription>, match: (e: Event) => boolean) {
  for (let n = 1; ; n++) {
    const events = (await sub.waitFor(n)).map((r) => r.inbox);
    if (match(events[n - 1] as Event)) return events;
  }
}

async function roomOf(owner: TestUser, isPrivate: boolean, ...members: TestUser[]) {
  const { createRoom } = await owner.ok(CreateRoom, { title: `room ${owner.username}`, isPrivate });
  for (const member of members) {
    if (isPrivate) await owner.ok(InviteToRoom, { roomId: createRoom.id, userId: member.id });
    else await member.ok(JoinRoom, { roomId: createRoom.id });
  }
  return createRoom.id;
}

describe('updateRoom and transferRoom', () => {
  it('the owner changes title, description, privacy and cap; members may not', async () => {
    const [owner, member] = [await signUp(server, 'ada'), await signUp(server, 'bo')];
    const roomId = await roomOf(owner, false, member);
    const { updateRoom } = await owner.ok(UpdateRoom, {
      roomId,
      title: 'Book club',
      description: 'We read slowly.',
      isPrivate: true,
      maxMembers: 5,
    });
    expect(updateRoom).toMatchObject({
      title: 'Book club',
      description: 'We read slowly.',
      isPrivate: true,
      maxMembers: 5,
    });
    // Absent settings stay; "" clears the description.
    const cleared = await owner.ok(UpdateRoom, { roomId, description: '' });
    expect(cleared.updateRoom).toMatchObject({ title: 'Book club', description: null });
    expect(codeOf(await member.run(UpdateRoom, { roomId, title: 'mine now' }))).toBe('FORBIDDEN');
    expect(codeOf(await owner.run(UpdateRoom, { roomId, maxMembers: 1 }))).toBe('BAD_USER_INPUT');
    // Two members: a cap of two fits exactly.
    expect((await owner.ok(UpdateRoom, { roomId, maxMembers: 2 })).updateRoom.maxMembers).toBe(2);
    expect(codeOf(await owner.run(UpdateRoom, { roomId, description: 'x'.repeat(1001) }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('refuses a cap below the member count', async () => {
    const [owner, a, b] = [
      await signUp(server, 'cy'),
      await signUp(server, 'di'),
      await signUp(server, 'ed'),
    ];
    const roomId = await roomOf(owner, false, a, b);
    expect(codeOf(await owner.run(UpdateRoom, { roomId, maxMembers: 2 }))).toBe('CONFLICT');
    expect((await owner.ok(UpdateRoom, { roomId, maxMembers: 3 })).updateRoom.maxMembers).toBe(3);
  });

  it('hands a room to a member only; the former owner loses its powers', async () => {
    const [owner, member, outsider] = [
      await signUp(server, 'fay'),
      await signUp(server, 'gus'),
      await signUp(server, 'hal'),
    ];
    const roomId = await roomOf(owner, true, member);
    expect(codeOf(await owner.run(TransferRoom, { roomId, userId: outsider.id }))).toBe(
      'BAD_USER_INPUT',
    );
    const { transferRoom } = await owner.ok(TransferRoom, { roomId, userId: member.id });
    expect(transferRoom.owner?.username).toBe(member.username);
    expect(codeOf(await owner.run(UpdateRoom, { roomId, title: 'back' }))).toBe('FORBIDDEN');
    expect((await member.ok(UpdateRoom, { roomId, title: 'new hands' })).updateRoom.title).toBe(
      'new hands',
    );
  });

  it('an admin manages any room: settings, hand-over, and removing anyone, the owner too', async () => {
    const [owner, member] = [await signUp(server, 'ivy'), await signUp(server, 'jo')];
    const roomId = await roomOf(owner, true, member);
    // The admin is not in this private room: it sees it from outside, the members inside.
    await admin.ok(UpdateRoom, { roomId, maxMembers: 10, description: 'moderated' });
    await admin.ok(TransferRoom, { roomId, userId: member.id });
    await admin.ok(TransferRoom, { roomId, userId: owner.id });
    await admin.ok(RemoveFromRoom, { roomId, userId: owner.id });
    const { conversation } = await member.ok(ConversationById, { id: roomId });
    expect(conversation).toMatchObject({
      maxMembers: 10,
      memberCount: 1,
      owner: { username: member.username },
    });
    expect(codeOf(await owner.run(UpdateRoom, { roomId, title: 'gone' }))).toBe('NOT_FOUND');
  });
});

describe('deleteRoom', () => {
  it('removes the room and its history for every member, devices offline included', async () => {
    const [owner, live, away] = [
      await signUp(server, 'kim'),
      await signUp(server, 'lou'),
      await signUp(server, 'max'),
    ];
    const roomId = await roomOf(owner, false, live, away);
    // The offline device remembers where it was.
    const awayFirst = inbox(away);
    const [mark] = (await until(awayFirst, () => true)).slice(-1);
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    const secret = `zebra${process.pid}`;
    const sent = await owner.ok(Send, { input: { conversationId: roomId, body: `the ${secret}` } });
    await live.ok(Send, { input: { conversationId: roomId, body: `my ${secret} too` } });
    const liveInbox = inbox(live);

    expect(codeOf(await live.run(DeleteRoom, { roomId }))).toBe('FORBIDDEN');
    expect((await owner.ok(DeleteRoom, { roomId })).deleteRoom).toBe(true);

    const deleted = (e: Event) => e.__typename === 'RoomDeletedEvent';
    const liveEvents = await until(liveInbox, deleted);
    expect(liveEvents.at(-1)).toMatchObject({ roomId, title: `room ${owner.username}` });

    for (const user of [owner, live, away]) {
      const conversations = (await user.ok(Conversations, { first: 50 })).conversations.edges;
      expect(conversations.map((e) => e.node.id)).not.toContain(roomId);
      const rooms = (await user.ok(Rooms, { first: 100 })).rooms.edges;
      expect(rooms.map((e) => e.node.id)).not.toContain(roomId);
      expect((await user.ok(Search, { query: secret, first: 10 })).searchMessages.edges).toEqual(
        [],
      );
      expect((await user.ok(NodeById, { id: roomId })).node).toBeNull();
      expect((await user.ok(NodeById, { id: sent.send.id })).node).toBeNull();
      expect((await user.ok(ConversationById, { id: roomId })).conversation).toBeNull();
      expect(codeOf(await user.run(Messages, { conversationId: roomId, last: 10 }))).toMatch(
        /NOT_FOUND|FORBIDDEN/,
      );
      const send = await user.run(Send, { input: { conversationId: roomId, body: 'anyone?' } });
      expect(codeOf(send)).toMatch(/NOT_FOUND|FORBIDDEN/);
    }
    expect(codeOf(await away.run(JoinRoom, { roomId }))).toBe('NOT_FOUND');

    // The device that was away replays: the messages it missed carry nothing of the room's
    // history, and the deletion comes last.
    const replay = await until(inbox(away, mark?.cursor), deleted);
    expect(JSON.stringify(replay)).not.toContain(secret);
    expect(replay.at(-1)).toMatchObject({ __typename: 'RoomDeletedEvent', roomId });
    const replayed = replay.filter((e) => e.__typename === 'MessageEvent');
    expect(replayed).toHaveLength(2);
    for (const e of replayed) {
      if (e.__typename !== 'MessageEvent') continue;
      expect(e.message).toMatchObject({ body: '' });
      expect(e.message.deletedAt).not.toBeNull();
    }
  });

  it('an admin deletes any room; nobody deletes the default room', async () => {
    const owner = await signUp(server, 'ned');
    const roomId = await roomOf(owner, true);
    expect((await admin.ok(DeleteRoom, { roomId })).deleteRoom).toBe(true);
    expect((await owner.ok(NodeById, { id: roomId })).node).toBeNull();
    const lobby = (await owner.ok(Rooms, { query: 'lobby', first: 1 })).rooms.edges[0]?.node.id;
    expect(codeOf(await admin.run(DeleteRoom, { roomId: lobby as string }))).toBe('BAD_USER_INPUT');
  });
});

describe('updateProfile', () => {
  it('every member sees the new display name, in history too', async () => {
    const [owner, member] = [await signUp(server, 'oli'), await signUp(server, 'pam')];
    const roomId = await roomOf(owner, false, member);
    await owner.ok(Send, { input: { conversationId: roomId, body: 'before' } });
    const { updateProfile } = await owner.ok(UpdateProfile, { displayName: '  Olivia  ' });
    expect(updateProfile.displayName).toBe('Olivia');
    const history = await member.ok(HistoryWithNames, { conversationId: roomId });
    expect(history.messages.edges.map((e) => e.node.sender?.displayName)).toEqual(['Olivia']);
    expect(codeOf(await owner.run(UpdateProfile, { displayName: '   ' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await owner.run(UpdateProfile, { displayName: 'x'.repeat(65) }))).toBe(
      'BAD_USER_INPUT',
    );
  });
});

describe('sendCommand', () => {
  it('stores a SystemCommandEvent for the named users, with its JSON payload', async () => {
    const [one, two] = [await signUp(server, 'quinn'), await signUp(server, 'ray')];
    const sub = inbox(one);
    const payload = { reload: true, after: 5, tags: ['a', 'b'], nested: { x: null } };
    const { sendCommand } = await admin.ok(SendCommand, {
      command: 'client.reload',
      payload,
      toUserIds: [one.id],
    });
    expect(sendCommand.recipients).toBe(1);
    const events = await until(sub, (e) => e.__typename === 'SystemCommandEvent');
    expect(events.at(-1)).toMatchObject({ command: 'client.reload', payload });
    // Stored: a device that resumes from before it replays it.
    const later = await until(
      inbox(one, events.at(-2)?.cursor),
      (e) => e.__typename === 'SystemCommandEvent',
    );
    expect(later.at(-1)).toMatchObject({ command: 'client.reload', payload });

    expect(codeOf(await one.run(SendCommand, { command: 'x', toUserIds: [two.id] }))).toBe(
      'FORBIDDEN',
    );
    const huge = { blob: 'x'.repeat(9000), more: 'y'.repeat(9000) };
    expect(codeOf(await admin.run(SendCommand, { command: 'x', payload: huge }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await admin.run(SendCommand, { command: 'not a name!' }))).toBe('BAD_USER_INPUT');
  });
});
