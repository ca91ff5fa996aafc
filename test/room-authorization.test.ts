import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, type Result, request } from './support/client.js';
import {
  CreateRoom,
  InviteToRoom,
  JoinRoom,
  LeaveRoom,
  MarkRead,
  Messages,
  RemoveFromRoom,
  RenameRoom,
  Search,
  Send,
  SignUp,
} from './support/documents.js';
import { startServer, type TestServer } from './support/server.js';
import { asUser, signUp, type TestUser } from './support/users.js';

/**
 * Who may do what to a room. Every cell runs on a room of its own, set up fresh:
 *   owner    created the room
 *   member   joined it (public) or was invited (private: the only way in)
 *   invited  was added by the owner with inviteToRoom
 *   removed  was a member until the owner removed them
 *   outsider never was a member
 *   admin    an ADMIN who never was a member: may remove anyone (moderation, API.md "Rooms");
 *            other room powers are the owner's (updateRoom and the rest: room-management spec)
 * A private room you are not in is NOT_FOUND (its existence is not revealed); a public
 * room you are not in is FORBIDDEN to read, send to or mark read, and open to join;
 * owner-only operations by anyone else who can see the room are FORBIDDEN.
 * `false`: leaveRoom answered false (you were not in that public room).
 */
type Outcome = 'ok' | 'false' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT';
const ACTORS = ['owner', 'member', 'invited', 'removed', 'outsider', 'admin'] as const;
type Actor = (typeof ACTORS)[number];
const OPERATIONS = [
  'create',
  'join',
  'leave',
  'invite',
  'remove',
  'rename',
  'send',
  'history',
  'markRead',
  'search',
] as const;
type Operation = (typeof OPERATIONS)[number];
type Row = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];

// biome-ignore format: an aligned table reads best
const MATRIX: Record<'public' | 'private', Record<Operation, Row>> = {
  //            owner  member       invited      removed      outsider     admin
  public: {
    create:   ['ok', 'ok',        'ok',        'ok',        'ok',        'ok'],
    join:     ['ok', 'ok',        'ok',        'ok',        'ok',        'ok'],
    leave:    ['ok', 'ok',        'ok',        'false',     'false',     'false'],
    invite:   ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
    remove:   ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'ok'],
    rename:   ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
    send:     ['ok', 'ok',        'ok',        'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
    history:  ['ok', 'ok',        'ok',        'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
    markRead: ['ok', 'ok',        'ok',        'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
    search:   ['ok', 'ok',        'ok',        'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
  },
  private: {
    create:   ['ok', 'ok',        'ok',        'ok',        'ok',        'ok'],
    join:     ['ok', 'ok',        'ok',        'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
    leave:    ['ok', 'ok',        'ok',        'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
    invite:   ['ok', 'FORBIDDEN', 'FORBIDDEN', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
    remove:   ['ok', 'FORBIDDEN', 'FORBIDDEN', 'NOT_FOUND', 'NOT_FOUND', 'ok'],
    rename:   ['ok', 'FORBIDDEN', 'FORBIDDEN', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
    send:     ['ok', 'ok',        'ok',        'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
    history:  ['ok', 'ok',        'ok',        'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
    markRead: ['ok', 'ok',        'ok',        'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
    search:   ['ok', 'ok',        'ok',        'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
  },
};

let server: TestServer;
let people: Record<Actor, TestUser> & { bystander: TestUser; newcomer: TestUser };

beforeAll(async () => {
  server = await startServer({ ADMIN_USERNAMES: 'matrix_admin' });
  const admin = dataOf(
    await request(server.httpUrl, SignUp, { username: 'matrix_admin', password: 'password123' }),
  ).signUp;
  expect(admin.user.role).toBe('ADMIN');
  people = {
    owner: await signUp(server, 'owner'),
    member: await signUp(server, 'member'),
    invited: await signUp(server, 'invited'),
    removed: await signUp(server, 'removed'),
    outsider: await signUp(server, 'outsider'),
    admin: asUser(server, { id: admin.user.id, username: admin.user.username, token: admin.token }),
    bystander: await signUp(server, 'bystander'),
    newcomer: await signUp(server, 'newcomer'),
  };
});
afterAll(() => server.stop());

interface Room {
  id: string;
  /** A word only this room's seeded message contains. */
  seed: string;
}

/** A fresh room with every role in place and one message from the owner. */
async function setUpRoom(isPrivate: boolean): Promise<Room> {
  const { owner, member, invited, removed, bystander } = people;
  const seed = `seed${randomUUID().slice(0, 8)}`;
  const { createRoom } = await owner.ok(CreateRoom, { title: `matrix ${seed}`, isPrivate });
  const roomId = createRoom.id;
  const enter = (user: TestUser) =>
    isPrivate ? owner.ok(InviteToRoom, { roomId, userId: user.id }) : user.ok(JoinRoom, { roomId });
  await enter(member);
  await enter(bystander);
  await enter(removed);
  await owner.ok(InviteToRoom, { roomId, userId: invited.id });
  await owner.ok(RemoveFromRoom, { roomId, userId: removed.id });
  await owner.ok(Send, { input: { conversationId: roomId, body: `hello ${seed}` } });
  return { id: roomId, seed };
}

const attempts: Record<Operation, (actor: TestUser, room: Room) => Promise<Result<unknown>>> = {
  create: (actor) => actor.run(CreateRoom, { title: 'my own room' }),
  join: (actor, room) => actor.run(JoinRoom, { roomId: room.id }),
  leave: (actor, room) => actor.run(LeaveRoom, { roomId: room.id }),
  invite: (actor, room) => actor.run(InviteToRoom, { roomId: room.id, userId: people.newcomer.id }),
  remove: (actor, room) =>
    actor.run(RemoveFromRoom, { roomId: room.id, userId: people.bystander.id }),
  rename: (actor, room) => actor.run(RenameRoom, { roomId: room.id, title: 'renamed' }),
  send: (actor, room) => actor.run(Send, { input: { conversationId: room.id, body: 'hi all' } }),
  history: (actor, room) => actor.run(Messages, { conversationId: room.id, last: 10 }),
  markRead: (actor, room) => actor.run(MarkRead, { conversationId: room.id }),
  search: (actor, room) => actor.run(Search, { query: room.seed, conversationId: room.id }),
};

/** What a result amounts to; a read that succeeds must also show the seeded message. */
function outcomeOf(operation: Operation, room: Room, result: Result<unknown>): string {
  if (result.errors?.length) return String(result.errors[0]?.extensions?.code);
  const data = result.data as Record<string, unknown>;
  if (operation === 'leave' && data.leaveRoom === false) return 'false';
  if (
    (operation === 'history' || operation === 'search') &&
    !JSON.stringify(data).includes(room.seed)
  ) {
    return 'ok without the seeded message';
  }
  return 'ok';
}

describe.each(['public', 'private'] as const)('%s room', (visibility) => {
  it.each(OPERATIONS)('%s, as each role', async (operation) => {
    const actual: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const [i, actor] of ACTORS.entries()) {
      const room = await setUpRoom(visibility === 'private');
      actual[actor] = outcomeOf(operation, room, await attempts[operation](people[actor], room));
      expected[actor] = MATRIX[visibility][operation][i] as Outcome;
    }
    expect(actual).toEqual(expected);
  });
});
