import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anotherSession,
  ChangePassword,
  ForceLogOut,
  LogOut,
  LogOutEverywhere,
  SuspendUser,
  signUpAdmin,
} from './support/accounts.js';
import { codeOf, dataOf, request, type Socket } from './support/client.js';
import { ManualClock } from './support/clock.js';
import { Inbox, LogIn, Me, Send } from './support/documents.js';
import {
  createDurableStorage,
  createStorage,
  onServices,
  startServer,
  type TestServer,
} from './support/server.js';
import { type SseStream, subscribeSse } from './support/sse.js';
import { asUser, signUp, type TestUser } from './support/users.js';

const ADMIN = `sessions_admin_${process.pid}`;
// Suspensions end by this clock: the tests move it instead of waiting.
const clock = new ManualClock();
let server: TestServer;
let admin: TestUser;

beforeAll(async () => {
  server = await startServer({ ADMIN_USERNAMES: ADMIN }, undefined, { clock });
  admin = await signUpAdmin(server, ADMIN);
});
afterAll(() => server.stop());

const works = async (user: TestUser) => (await user.run(Me)).data?.me?.id === user.id;
const refused = async (user: TestUser) => codeOf(await user.run(Me)) === 'UNAUTHENTICATED';

/** A device of the user with its inbox open, acknowledged and live. */
async function liveDevice(on: TestServer, user: TestUser): Promise<Socket> {
  const device = asUser(on, user).device();
  await device.ready;
  device.subscribe(Inbox, {});
  return device;
}

/** An SSE inbox of the user, live. */
async function liveStream(on: TestServer, user: TestUser) {
  const before = on.app.deps.inbox.stats().streams;
  const stream = await subscribeSse(on.httpUrl, Inbox, {}, user.token);
  await expect.poll(() => on.app.deps.inbox.stats().streams).toBeGreaterThan(before);
  return stream;
}

/** The stream ended with UNAUTHENTICATED. */
async function endedUnauthenticated(stream: SseStream<unknown>) {
  await stream.ended;
  expect(stream.received.at(-1)?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
}

/** A new SSE subscription with the token: what the server answers, as text. */
async function sseAnswer(on: TestServer, token: string): Promise<string> {
  const response = await fetch(on.httpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query: print(Inbox) }),
  });
  return response.text();
}

/** A new socket with the token is closed with 4403. */
async function socketRefused(on: TestServer, user: TestUser) {
  expect((await asUser(on, user).device().closed).code).toBe(4403);
}

describe('logOut', () => {
  it('ends this token on HTTP, SSE and WebSocket at once; the other sessions go on', async () => {
    const phone = await signUp(server, 'leo');
    const laptop = await anotherSession(server, phone);
    const device = await liveDevice(server, phone);
    const laptopDevice = await liveDevice(server, laptop);
    const stream = await liveStream(server, phone);

    const started = Date.now();
    expect((await phone.ok(LogOut)).logOut).toBe(true);
    expect((await device.closed).code).toBe(4403);
    await endedUnauthenticated(stream);
    expect(Date.now() - started).toBeLessThan(1000);

    expect(await refused(phone)).toBe(true);
    await socketRefused(server, phone);
    expect(await sseAnswer(server, phone.token)).toContain('UNAUTHENTICATED');
    // The laptop's token is another session.
    expect(await works(laptop)).toBe(true);
    await laptop.ok(Send, { input: { toUserId: admin.id, body: 'still here' } });
    await laptopDevice.close();
  });
});

describe('logOutEverywhere and changePassword', () => {
  it('logOutEverywhere ends every token of the user, sockets too', async () => {
    const one = await signUp(server, 'mia');
    const two = await anotherSession(server, one);
    const devices = [await liveDevice(server, one), await liveDevice(server, two)];
    expect((await one.ok(LogOutEverywhere)).logOutEverywhere).toBe(true);
    for (const device of devices) expect((await device.closed).code).toBe(4403);
    expect(await refused(one)).toBe(true);
    expect(await refused(two)).toBe(true);
    // Logging in again starts a new session.
    expect(await works(await anotherSession(server, one))).toBe(true);
  });

  it('changePassword ends every other token and answers with a fresh one', async () => {
    const user = await signUp(server, 'ned');
    const other = await anotherSession(server, user);
    const otherDevice = await liveDevice(server, other);

    const wrong = await user.run(ChangePassword, { current: 'not-it-at-all', new: 'password456' });
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect(await works(other)).toBe(true);

    const { changePassword } = await user.ok(ChangePassword, {
      current: 'password123',
      new: 'password456',
    });
    expect((await otherDevice.closed).code).toBe(4403);
    expect(await refused(other)).toBe(true);
    expect(await refused(user)).toBe(true);
    const fresh = asUser(server, { ...user, token: changePassword.token });
    expect(await works(fresh)).toBe(true);

    const logIn = (password: string) =>
      request(server.httpUrl, LogIn, { username: user.username, password });
    expect(codeOf(await logIn('password123'))).toBe('UNAUTHENTICATED');
    expect(dataOf(await logIn('password456')).logIn.user.id).toBe(user.id);
  });
});

describe('forceLogOut', () => {
  it('an admin ends every token of a user; a user may not', async () => {
    const target = await signUp(server, 'ora');
    const device = await liveDevice(server, target);
    const bystander = await signUp(server, 'pat');
    expect(codeOf(await bystander.run(ForceLogOut, { userId: target.id }))).toBe('FORBIDDEN');
    expect(await works(target)).toBe(true);

    expect((await admin.ok(ForceLogOut, { userId: target.id })).forceLogOut).toBe(true);
    expect((await device.closed).code).toBe(4403);
    expect(await refused(target)).toBe(true);
    expect(await works(await anotherSession(server, target))).toBe(true);
  });
});

describe('suspendUser', () => {
  it('keeps a user from logging in, sending and subscribing until the clock passes `until`', async () => {
    const target = await signUp(server, 'quin');
    const friend = await signUp(server, 'rae');
    const device = await liveDevice(server, target);
    const stream = await liveStream(server, target);
    const until = new Date(clock.now() + 3_600_000);

    const bystander = await signUp(server, 'sol');
    expect(
      codeOf(await bystander.run(SuspendUser, { userId: target.id, until: until.toISOString() })),
    ).toBe('FORBIDDEN');

    const { suspendUser } = await admin.ok(SuspendUser, {
      userId: target.id,
      until: until.toISOString(),
    });
    expect(suspendUser.suspendedUntil).toBe(until.toISOString());
    expect((await device.closed).code).toBe(4403);
    await endedUnauthenticated(stream);

    // No sending, no subscribing, no logging in.
    const send = await target.run(Send, { input: { toUserId: friend.id, body: 'let me in' } });
    expect(codeOf(send)).toBe('UNAUTHENTICATED');
    await socketRefused(server, target);
    expect(await sseAnswer(server, target.token)).toContain('UNAUTHENTICATED');
    const logIn = await request(server.httpUrl, LogIn, {
      username: target.username,
      password: 'password123',
    });
    expect(codeOf(logIn)).toBe('FORBIDDEN');

    // A second before the end: still suspended.
    clock.advance(3_600_000 - 1000);
    expect(await refused(target)).toBe(true);
    clock.advance(1000);
    expect(await works(target)).toBe(true);
    await target.ok(Send, { input: { toUserId: friend.id, body: 'back' } });
    const again = await liveDevice(server, target);
    await again.close();
  });

  it('`until: null` lifts a suspension at once', async () => {
    const target = await signUp(server, 'tam');
    await admin.ok(SuspendUser, {
      userId: target.id,
      until: new Date(clock.now() + 86_400_000).toISOString(),
    });
    expect(await refused(target)).toBe(true);
    const { suspendUser } = await admin.ok(SuspendUser, { userId: target.id, until: null });
    expect(suspendUser.suspendedUntil).toBeNull();
    expect(await works(target)).toBe(true);
  });

  it('an admin cannot suspend themselves', async () => {
    const result = await admin.run(SuspendUser, {
      userId: admin.id,
      until: new Date(clock.now() + 1000).toISOString(),
    });
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
  });
});

describe('after a restart', () => {
  it('a token logged out stays refused: the database is the truth', async () => {
    const storage = await createDurableStorage();
    let first: TestServer | undefined = await startServer({}, storage);
    try {
      const user = await signUp(first, 'uli');
      const other = await anotherSession(first, user);
      await user.ok(LogOut);
      await first.stop();
      first = undefined;
      const second = await startServer({}, storage);
      try {
        expect(await refused(asUser(second, user))).toBe(true);
        expect(await works(asUser(second, other))).toBe(true);
      } finally {
        await second.stop();
      }
    } finally {
      await first?.stop();
      await storage.drop();
    }
  });
});

describe.runIf(onServices)('two instances sharing PostgreSQL and Redis', () => {
  it('a token ended on one instance is refused on the other within a second, its sockets closed', async () => {
    const storage = await createStorage();
    const a = await startServer({}, storage);
    const b = await startServer({}, storage);
    try {
      const user = await signUp(a, 'vic');
      const other = await anotherSession(a, user);
      // Both instances know the user's sessions (and hold their state in memory).
      expect(await works(asUser(b, user))).toBe(true);
      const device = await liveDevice(b, user);
      const stream = await liveStream(b, user);
      const otherDevice = await liveDevice(b, other);

      const started = Date.now();
      await user.ok(LogOut);
      expect((await device.closed).code).toBe(4403);
      await endedUnauthenticated(stream);
      expect(await refused(asUser(b, user))).toBe(true);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(await works(asUser(b, other))).toBe(true);

      // logOutEverywhere on B reaches A's sockets.
      const onA = await liveDevice(a, other);
      const startedAgain = Date.now();
      await asUser(b, other).ok(LogOutEverywhere);
      expect((await onA.closed).code).toBe(4403);
      expect((await otherDevice.closed).code).toBe(4403);
      expect(await refused(asUser(a, other))).toBe(true);
      expect(Date.now() - startedAgain).toBeLessThan(1000);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await storage.drop();
    }
  });

  it('a suspension on one instance closes the sockets on the other', async () => {
    const storage = await createStorage();
    const name = `cluster_admin_${process.pid}`;
    const a = await startServer({ ADMIN_USERNAMES: name }, storage);
    const b = await startServer({ ADMIN_USERNAMES: name }, storage);
    try {
      const boss = await signUpAdmin(a, name);
      const user = await signUp(a, 'wes');
      const device = await liveDevice(b, user);
      await boss.ok(SuspendUser, {
        userId: user.id,
        until: new Date(Date.now() + 3_600_000).toISOString(),
      });
      expect((await device.closed).code).toBe(4403);
      expect(await refused(asUser(b, user))).toBe(true);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await storage.drop();
    }
  });
});
