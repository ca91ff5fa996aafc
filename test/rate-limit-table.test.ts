import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS, type RateLimitName } from '../src/chat/rate-limits.js';
import type { Result } from './support/client.js';
import { BODY_MARKER } from './support/log-marker.js';
import { startServer, type TestServer } from './support/server.js';

// Every Mutation field of schema.graphql is rate-limited, proven by spending a budget of one
// (RATE_LIMITS sets every bucket to 1 per 10 s) and being told RATE_LIMITED with the wait, or
// is listed in EXEMPT with the reason. A new mutation without a row fails the first test.

/** Mutations with no bucket of their own, and why that is safe. None today. */
const EXEMPT: Record<string, string> = {};

const PERIOD_SECONDS = 10;
const ADMINS = ['table_admin_a', 'table_admin_b', 'table_admin_c', 'table_admin_d'];
const PASSWORD = 'password123';

/** The clock every bucket refills by: it moves only when this spec moves it. */
let clock = Date.parse('2026-01-01T00:00:00Z');

let server: TestServer;
beforeAll(async () => {
  const budgets = Object.keys(DEFAULT_RATE_LIMITS)
    .map((name) => `${name}=1/${PERIOD_SECONDS}s`)
    .join(',');
  server = await startServer(
    {
      RATE_LIMITS: budgets,
      // The runner is the trusted proxy: each user signs up from an address of its own.
      TRUSTED_PROXIES: '127.0.0.1/8,::1',
      ADMIN_USERNAMES: ADMINS.join(','),
    },
    undefined,
    { now: () => clock },
  );
});
afterAll(() => server.stop());

let addresses = 0;
/** A client address nobody else uses (a signUp budget of one is per address). */
const freshAddress = () => {
  addresses += 1;
  return `10.77.${addresses >> 8}.${addresses & 255}`;
};

async function post(
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; from?: string } = {},
): Promise<Result<Record<string, never>>> {
  const response = await fetch(server.httpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': options.from ?? freshAddress(),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Result<Record<string, never>>;
}

// biome-ignore lint/suspicious/noExplicitAny: results read by field name, as a person reads them
type Data = any;

async function must(query: string, variables: Record<string, unknown>, token?: string) {
  const result = await post(query, variables, { token });
  if (result.errors?.length || !result.data) {
    throw new Error(`${query}: ${JSON.stringify(result.errors)}`);
  }
  return result.data as Data;
}

interface Person {
  id: string;
  username: string;
  token: string;
  from: string;
  /** A request as this person, from their address. */
  run(query: string, variables?: Record<string, unknown>): Promise<Result<Data>>;
  ok(query: string, variables?: Record<string, unknown>): Promise<Data>;
}

const SIGN_UP =
  'mutation($u: String!, $p: String!) { signUp(username: $u, password: $p) { token user { id } } }';
const LOG_IN = 'mutation($u: String!, $p: String!) { logIn(username: $u, password: $p) { token } }';

let people = 0;
async function person(username = `table${++people}_${process.pid % 1000}`): Promise<Person> {
  const from = freshAddress();
  const result = await post(SIGN_UP, { u: username, p: PASSWORD }, { from });
  if (!result.data) throw new Error(`sign-up: ${JSON.stringify(result.errors)}`);
  const { token, user } = (result.data as Data).signUp;
  const run = (query: string, variables: Record<string, unknown> = {}) =>
    post(query, variables, { token, from });
  return {
    id: user.id,
    username,
    token,
    from,
    run,
    async ok(query, variables) {
      const r = await run(query, variables);
      if (r.errors?.length || !r.data) throw new Error(`${query}: ${JSON.stringify(r.errors)}`);
      return r.data;
    },
  };
}

let admins = 0;
const admin = () => person(ADMINS[admins++]);

/** A fresh token of this person (a new session): logOut and the like end the one they use. */
async function freshToken(who: Person): Promise<string> {
  return (await must(LOG_IN, { u: who.username, p: PASSWORD })).logIn.token;
}

const as =
  (token: string, from: string) =>
  (query: string, variables = {}) =>
    post(query, variables, { token, from });

async function room(owner: Person, ...members: Person[]): Promise<string> {
  const { createRoom } = await owner.ok('mutation($t: String!) { createRoom(title: $t) { id } }', {
    t: `room of ${owner.username}`,
  });
  for (const member of members) {
    await member.ok('mutation($r: ID!) { joinRoom(roomId: $r) { id } }', { r: createRoom.id });
  }
  return createRoom.id;
}

const SEND =
  'mutation($to: ID!, $b: String!) { send(input: { toUserId: $to, body: $b }) { id conversation { id } } }';
const say = async (from: Person, to: Person) =>
  (await from.ok(SEND, { to: to.id, b: `${BODY_MARKER} setup` })).send as {
    id: string;
    conversation: { id: string };
  };

/** uploadAttachment as apollo-upload-client sends it (the GraphQL multipart request spec). */
async function upload(who: Person): Promise<Result<Data>> {
  const form = new FormData();
  form.set(
    'operations',
    JSON.stringify({
      query: 'mutation($f: File!) { uploadAttachment(file: $f) { id } }',
      variables: { f: null },
    }),
  );
  form.set('map', JSON.stringify({ 0: ['variables.f'] }));
  form.set('0', new Blob(['a small text file']), 'notes.txt');
  const response = await fetch(server.httpUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${who.token}`, 'x-forwarded-for': who.from },
    body: form,
  });
  return (await response.json()) as Result<Data>;
}

type Call = () => Promise<Result<Data>>;

interface Row {
  /** The RATE_LIMITS name whose bucket the mutation takes from. */
  limit: RateLimitName;
  /** Makes what the mutation needs, then gives the call: made twice, with nothing between. */
  prepare(): Promise<Call>;
  /** The first call's error code, when a first call is not a success (log-ins count failures). */
  firstCode?: string;
}

/** Numbers that make each call's input new (a title, a body, a status). */
let n = 0;

const rows: Record<string, Row> = {
  send: {
    limit: 'send',
    async prepare() {
      const [me, friend] = [await person(), await person()];
      return () => me.run(SEND, { to: friend.id, b: `${BODY_MARKER} ${++n}` });
    },
  },
  sendToMany: {
    limit: 'send',
    async prepare() {
      const [me, friend] = [await person(), await person()];
      return () =>
        me.run(
          'mutation($to: [ID!]!, $b: String!) { sendToMany(input: { toUserIds: $to, body: $b }) { id } }',
          { to: [friend.id], b: `${BODY_MARKER} ${++n}` },
        );
    },
  },
  editMessage: {
    limit: 'send',
    async prepare() {
      const [me, friend] = [await person(), await person()];
      const { id } = await say(me, friend);
      return () =>
        me.run('mutation($id: ID!, $b: String!) { editMessage(id: $id, body: $b) { id } }', {
          id,
          b: `${BODY_MARKER} edited ${++n}`,
        });
    },
  },
  deleteMessage: {
    limit: 'deleteMessage',
    async prepare() {
      const [me, friend] = [await person(), await person()];
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push((await say(me, friend)).id);
        clock += PERIOD_SECONDS * 1000;
      }
      return () =>
        me.run('mutation($id: ID!) { deleteMessage(id: $id) { id deletedAt } }', {
          id: ids.shift(),
        });
    },
  },
  markRead: {
    limit: 'markRead',
    async prepare() {
      const [me, friend] = [await person(), await person()];
      const { conversation } = await say(friend, me);
      return () =>
        me.run('mutation($c: ID!) { markRead(conversationId: $c) { id } }', { c: conversation.id });
    },
  },
  joinRoom: {
    limit: 'membership',
    async prepare() {
      const [owner, me] = [await person(), await person()];
      const roomId = await room(owner);
      return () => me.run('mutation($r: ID!) { joinRoom(roomId: $r) { id } }', { r: roomId });
    },
  },
  leaveRoom: {
    limit: 'membership',
    async prepare() {
      const [owner, me] = [await person(), await person()];
      const roomId = await room(owner, me);
      return () => me.run('mutation($r: ID!) { leaveRoom(roomId: $r) }', { r: roomId });
    },
  },
  inviteToRoom: {
    limit: 'roomAdmin',
    async prepare() {
      const [me, ...guests] = [await person(), await person(), await person(), await person()];
      const { createRoom } = await me.ok(
        'mutation { createRoom(title: "private", isPrivate: true) { id } }',
      );
      return () =>
        me.run('mutation($r: ID!, $u: ID!) { inviteToRoom(roomId: $r, userId: $u) { id } }', {
          r: createRoom.id,
          u: guests.shift()?.id,
        });
    },
  },
  removeFromRoom: {
    limit: 'roomAdmin',
    async prepare() {
      const [me, ...members] = [await person(), await person(), await person(), await person()];
      const roomId = await room(me, ...members);
      return () =>
        me.run('mutation($r: ID!, $u: ID!) { removeFromRoom(roomId: $r, userId: $u) { id } }', {
          r: roomId,
          u: members.shift()?.id,
        });
    },
  },
  renameRoom: {
    limit: 'roomAdmin',
    async prepare() {
      const me = await person();
      const roomId = await room(me);
      return () =>
        me.run('mutation($r: ID!, $t: String!) { renameRoom(roomId: $r, title: $t) { id } }', {
          r: roomId,
          t: `renamed ${++n}`,
        });
    },
  },
  createRoom: {
    limit: 'createRoom',
    async prepare() {
      const me = await person();
      return () =>
        me.run('mutation($t: String!) { createRoom(title: $t) { id } }', { t: `new ${++n}` });
    },
  },
  updateRoom: {
    limit: 'roomSettings',
    async prepare() {
      const me = await person();
      const roomId = await room(me);
      return () =>
        me.run('mutation($r: ID!, $d: String) { updateRoom(roomId: $r, description: $d) { id } }', {
          r: roomId,
          d: `about ${++n}`,
        });
    },
  },
  transferRoom: {
    limit: 'roomSettings',
    async prepare() {
      const [me, heir] = [await person(), await person()];
      const roomId = await room(me, heir);
      return () =>
        me.run('mutation($r: ID!, $u: ID!) { transferRoom(roomId: $r, userId: $u) { id } }', {
          r: roomId,
          u: heir.id,
        });
    },
  },
  deleteRoom: {
    limit: 'deleteRoom',
    async prepare() {
      const me = await person();
      const rooms: string[] = [];
      for (let i = 0; i < 3; i++) {
        rooms.push(await room(me));
        clock += PERIOD_SECONDS * 1000;
      }
      return () =>
        me.run('mutation($r: ID!) { deleteRoom(roomId: $r) }', { r: rooms.shift() as string });
    },
  },
  signUp: {
    limit: 'signUp',
    async prepare() {
      const from = freshAddress();
      return () =>
        post(SIGN_UP, { u: `newcomer${++n}_${process.pid % 1000}`, p: PASSWORD }, { from });
    },
  },
  logIn: {
    limit: 'logIn',
    firstCode: 'UNAUTHENTICATED',
    async prepare() {
      const me = await person();
      const from = freshAddress();
      return () => post(LOG_IN, { u: me.username, p: 'a-wrong-guess' }, { from });
    },
  },
  logOut: {
    limit: 'account',
    async prepare() {
      const me = await person();
      return async () => as(await freshToken(me), me.from)('mutation { logOut }');
    },
  },
  logOutEverywhere: {
    limit: 'account',
    async prepare() {
      const me = await person();
      return async () => as(await freshToken(me), me.from)('mutation { logOutEverywhere }');
    },
  },
  changePassword: {
    limit: 'account',
    async prepare() {
      const me = await person();
      // A change ends every other token: each call signs in anew (and keeps the password).
      return async () =>
        as(await freshToken(me), me.from)(
          'mutation($c: String!, $n: String!) { changePassword(current: $c, new: $n) { token } }',
          { c: PASSWORD, n: PASSWORD },
        );
    },
  },
  updateProfile: {
    limit: 'account',
    async prepare() {
      const me = await person();
      return () =>
        me.run('mutation($d: String!) { updateProfile(displayName: $d) { id } }', {
          d: `Name ${++n}`,
        });
    },
  },
  forceLogOut: {
    limit: 'moderation',
    async prepare() {
      const [me, target] = [await admin(), await person()];
      return () => me.run('mutation($u: ID!) { forceLogOut(userId: $u) }', { u: target.id });
    },
  },
  suspendUser: {
    limit: 'moderation',
    async prepare() {
      const [me, target] = [await admin(), await person()];
      return () =>
        me.run('mutation($u: ID!, $t: DateTime) { suspendUser(userId: $u, until: $t) { id } }', {
          u: target.id,
          t: '2030-01-01T00:00:00Z',
        });
    },
  },
  broadcast: {
    limit: 'broadcast',
    async prepare() {
      const [me, target] = [await admin(), await person()];
      return () =>
        me.run(
          'mutation($b: String!, $u: [ID!]) { broadcast(body: $b, toUserIds: $u) { recipients } }',
          {
            b: `${BODY_MARKER} announcement`,
            u: [target.id],
          },
        );
    },
  },
  sendCommand: {
    limit: 'broadcast',
    async prepare() {
      const [me, target] = [await admin(), await person()];
      return () =>
        me.run(
          'mutation($u: [ID!]) { sendCommand(command: "refresh", toUserIds: $u) { recipients } }',
          { u: [target.id] },
        );
    },
  },
  uploadAttachment: {
    limit: 'upload',
    async prepare() {
      const me = await person();
      return () => upload(me);
    },
  },
  muteConversation: {
    limit: 'mute',
    async prepare() {
      const me = await person();
      const roomId = await room(me);
      return () =>
        me.run('mutation($c: ID!) { muteConversation(conversationId: $c) { id } }', { c: roomId });
    },
  },
  setStatus: {
    limit: 'setStatus',
    async prepare() {
      const me = await person();
      return () =>
        me.run('mutation($s: UserStatus!, $t: String) { setStatus(status: $s, text: $t) { id } }', {
          s: ++n % 2 ? 'AWAY' : 'BUSY',
          t: `${BODY_MARKER} status`,
        });
    },
  },
  setTyping: {
    limit: 'typing',
    async prepare() {
      const me = await person();
      const roomId = await room(me);
      // A repeated `typing: true` is dropped before the limit: true, then false.
      let typing = false;
      return () => {
        typing = !typing;
        return me.run(
          'mutation($c: ID!, $t: Boolean) { setTyping(conversationId: $c, typing: $t) }',
          {
            c: roomId,
            t: typing,
          },
        );
      };
    },
  },
};

const mutationFields = () => {
  const schema = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
  return Object.keys(schema.getMutationType()?.getFields() ?? {}).sort();
};

describe('rate limits, mutation by mutation', () => {
  it('has a row or a reason to be exempt for every Mutation field of schema.graphql', () => {
    const covered = [...Object.keys(rows), ...Object.keys(EXEMPT)].sort();
    expect(covered).toEqual(mutationFields());
    for (const [field, reason] of Object.entries(EXEMPT)) {
      expect(reason.length, `${field} is exempt without a reason`).toBeGreaterThan(10);
    }
  });

  for (const [field, row] of Object.entries(rows)) {
    it(`${field}: a budget of one ${row.limit} token, then RATE_LIMITED with the wait`, async () => {
      const call = await row.prepare();
      // Every bucket the set-up spent is full again.
      clock += PERIOD_SECONDS * 1000;
      const first = await call();
      if (row.firstCode) {
        expect(first.errors?.map((e) => e.extensions?.code)).toEqual([row.firstCode]);
      } else {
        expect(first.errors).toBeUndefined();
      }
      const second = await call();
      expect(second.errors?.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
      expect(second.errors?.[0]?.extensions?.retryAfterSeconds).toBe(PERIOD_SECONDS);
      // The wait told is the wait needed.
      clock += PERIOD_SECONDS * 1000;
      const after = await call();
      expect(after.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('RATE_LIMITED');
    });
  }
});
