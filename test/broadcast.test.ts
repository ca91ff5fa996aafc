import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InboxSubscription } from './gql/graphql.js';
import { codeOf, dataOf, request, type Socket, type Subscription } from './support/client.js';
import { Broadcast, Inbox, SignUp } from './support/documents.js';
import { until } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { asUser, signUp, type TestUser } from './support/users.js';

type InboxEvent = InboxSubscription['inbox'];

let server: TestServer;
let admin: TestUser;
const sockets: Socket[] = [];

async function signUpAdmin(on: TestServer, username: string): Promise<TestUser> {
  const { signUp: auth } = dataOf(
    await request(on.httpUrl, SignUp, { username, password: 'password123' }),
  );
  expect(auth.user.role).toBe('ADMIN');
  return asUser(on, { id: auth.user.id, username, token: auth.token });
}

beforeAll(async () => {
  server = await startServer({ ADMIN_USERNAMES: 'herald, other_admin' });
  admin = await signUpAdmin(server, 'herald');
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
});
afterAll(() => server.stop());

function inbox(user: TestUser): Subscription<InboxSubscription> {
  const socket = user.device();
  sockets.push(socket);
  return socket.subscribe(Inbox, {});
}

const isBroadcast = (body: string) => (e: InboxEvent) =>
  e.__typename === 'BroadcastEvent' && e.body === body;
const broadcastsIn = (events: InboxEvent[]) =>
  events.flatMap((e) => (e.__typename === 'BroadcastEvent' ? [e.body] : []));

/** A live inbox: its offline replay (at least the sign-up's lobby join) has arrived. */
async function liveInbox(user: TestUser) {
  const sub = inbox(user);
  await sub.waitFor(1);
  return sub;
}

/** Broadcasts a marker to the user and returns the broadcasts their inbox showed before it. */
async function broadcastsBeforeMarker(
  user: TestUser,
  sub: Subscription<InboxSubscription>,
): Promise<string[]> {
  const body = `marker for ${user.username}`;
  await admin.ok(Broadcast, { body, toUserIds: [user.id] });
  return broadcastsIn((await until(sub, isBroadcast(body))).slice(0, -1));
}

describe('broadcast to named users', () => {
  it('reaches an online subscriber live, from the admin', async () => {
    const ola = await signUp(server, 'ola');
    const sub = await liveInbox(ola);
    expect(
      (await admin.ok(Broadcast, { body: 'maintenance at noon', toUserIds: [ola.id] })).broadcast
        .recipients,
    ).toBe(1);
    const events = await until(sub, isBroadcast('maintenance at noon'));
    expect(events.at(-1)).toMatchObject({
      __typename: 'BroadcastEvent',
      from: { username: 'herald' },
    });
  });

  it('reaches an offline user on their next subscribe', async () => {
    const off = await signUp(server, 'offline');
    await admin.ok(Broadcast, { body: 'while you were away', toUserIds: [off.id] });
    const events = await until(inbox(off), isBroadcast('while you were away'));
    expect(events.at(-1)).toMatchObject({ from: { username: 'herald' } });
  });

  it('reaches the named users only', async () => {
    const [named1, named2, skipped] = [
      await signUp(server, 'n1'),
      await signUp(server, 'n2'),
      await signUp(server, 'skip'),
    ];
    const skippedInbox = await liveInbox(skipped);
    const result = await admin.ok(Broadcast, {
      body: 'for two',
      toUserIds: [named1.id, named2.id],
    });
    expect(result.broadcast.recipients).toBe(2);
    for (const user of [named1, named2]) await until(inbox(user), isBroadcast('for two'));
    expect(await broadcastsBeforeMarker(skipped, skippedInbox)).toEqual([]);
  });

  it('refuses a non-admin: FORBIDDEN, and nothing is sent', async () => {
    const [pretender, target] = [await signUp(server, 'pretender'), await signUp(server, 'target')];
    const targetInbox = await liveInbox(target);
    expect(
      codeOf(await pretender.run(Broadcast, { body: 'I am in charge', toUserIds: [target.id] })),
    ).toBe('FORBIDDEN');
    expect(codeOf(await pretender.run(Broadcast, { body: 'I am in charge' }))).toBe('FORBIDDEN');
    expect(await broadcastsBeforeMarker(target, targetInbox)).toEqual([]);
  });

  it('refuses an unknown user id: NOT_FOUND, and nobody gets anything', async () => {
    const known = await signUp(server, 'known');
    const knownInbox = await liveInbox(known);
    const ghost = Buffer.from('User:999999').toString('base64url');
    expect(
      codeOf(await admin.run(Broadcast, { body: 'half sent?', toUserIds: [known.id, ghost] })),
    ).toBe('NOT_FOUND');
    expect(await broadcastsBeforeMarker(known, knownInbox)).toEqual([]);
  });

  it('refuses a body that is empty or only white space: BAD_USER_INPUT', async () => {
    const someone = await signUp(server, 'someone');
    for (const body of ['', '   ']) {
      expect(codeOf(await admin.run(Broadcast, { body, toUserIds: [someone.id] }))).toBe(
        'BAD_USER_INPUT',
      );
    }
  });
});

describe('broadcast to everyone', () => {
  it('reaches every user who exists, the admin included, online or not', async () => {
    const own = await startServer({ ADMIN_USERNAMES: 'crier' });
    try {
      const crier = await signUpAdmin(own, 'crier');
      const users = [await signUp(own, 'e1'), await signUp(own, 'e2'), await signUp(own, 'e3')];
      const online = inbox(users[0] as TestUser);
      await online.waitFor(1);
      const result = await crier.ok(Broadcast, { body: 'hello world' });
      expect(result.broadcast.recipients).toBe(4);
      await until(online, isBroadcast('hello world'));
      for (const user of [crier, ...users.slice(1)]) {
        const socket = user.device();
        sockets.push(socket);
        const events = await until(socket.subscribe(Inbox, {}), isBroadcast('hello world'));
        expect(events.at(-1)).toMatchObject({ from: { username: 'crier' } });
      }
      // A user who signs up afterwards did not exist at that moment.
      const later = await signUp(own, 'later');
      const laterSocket = later.device();
      sockets.push(laterSocket);
      const laterInbox = laterSocket.subscribe(Inbox, {});
      await crier.ok(Broadcast, { body: 'marker', toUserIds: [later.id] });
      expect(broadcastsIn(await until(laterInbox, isBroadcast('marker')))).toEqual(['marker']);
    } finally {
      await Promise.all(sockets.splice(0).map((s) => s.close()));
      await own.stop();
    }
  });
});
