import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../src/chat/rate-limits.js';
import { loadConfig } from '../src/config.js';
import { codeOf, connect, type Result } from './support/client.js';
import { JoinRoom, Send } from './support/documents.js';
import { room } from './support/helpers.js';
import { onServices, startServer, type TestServer } from './support/server.js';
import { signUp } from './support/users.js';

/** The clock every bucket refills by: it moves only when a spec moves it. */
let clock = Date.parse('2026-01-01T00:00:00Z');
const later = (seconds: number) => {
  clock += seconds * 1000;
};

/** A raw GraphQL POST (aliased documents), as a client behind a proxy at `from` sends it. */
async function post(
  server: TestServer,
  query: string,
  options: { token?: string; from?: string; variables?: Record<string, unknown> } = {},
): Promise<Result<Record<string, unknown>>> {
  const response = await fetch(server.httpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.from ? { 'x-forwarded-for': options.from } : {}),
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return (await response.json()) as Result<Record<string, unknown>>;
}

const codes = (result: Result<unknown>) => (result.errors ?? []).map((e) => e.extensions?.code);
const retryAfter = (result: Result<unknown>) =>
  result.errors?.find((e) => e.extensions?.code === 'RATE_LIMITED')?.extensions
    ?.retryAfterSeconds as number | undefined;
/** `count` aliases of one field in one document. */
const aliased = (count: number, field: string) =>
  Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join('\n');

const logIn = (server: TestServer, username: string, password: string, from?: string) =>
  post(
    server,
    'mutation($u: String!, $p: String!) { logIn(username: $u, password: $p) { token } }',
    { variables: { u: username, p: password }, from },
  );

let server: TestServer;
beforeAll(async () => {
  // The test runner is the trusted proxy: X-Forwarded-For names the client.
  server = await startServer({ RATE_LIMITS: 'on', TRUSTED_PROXIES: '127.0.0.1/8,::1' }, undefined, {
    now: () => clock,
  });
});
afterAll(() => server.stop());

describe('rate limits (defaults)', () => {
  it('never get in the way of one person chatting fast, and stop a flood with RATE_LIMITED', async () => {
    const [fast, friend] = [await signUp(server, 'fast'), await signUp(server, 'friend')];
    const send = (body: string) => fast.run(Send, { input: { toUserId: friend.id, body } });
    // A burst far beyond human typing speed still goes through...
    for (let i = 0; i < 60; i++) expect((await send(`quick ${i}`)).errors).toBeUndefined();
    // ...but a script that keeps hammering is told to slow down (bad requests count too,
    // which keeps this test fast: they are answered without touching the database).
    const seen: (string | undefined)[] = [];
    for (let i = 60; i < DEFAULT_RATE_LIMITS.send.burst + 5; i++) {
      seen.push(codeOf(await fast.run(Send, { input: { toUserId: friend.id, body: ' ' } })));
    }
    expect(seen.filter((c) => c === 'BAD_USER_INPUT')).toHaveLength(
      DEFAULT_RATE_LIMITS.send.burst - 60,
    );
    expect(seen.filter((c) => c === 'RATE_LIMITED')).toHaveLength(5);
    const refused = await send('one more');
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    // The bucket refills 12 a second: the wait is under a second, told as 1 s.
    expect(retryAfter(refused)).toBe(1);
    // Other people are not affected.
    expect(
      (await friend.run(Send, { input: { toUserId: fast.id, body: 'hi' } })).errors,
    ).toBeUndefined();
    later(1);
    expect((await send('after waiting as told')).errors).toBeUndefined();
  });

  it('counts aliases in one document and operations on a socket against the same budget', async () => {
    const [owner, flooder] = [await signUp(server, 'owner'), await signUp(server, 'flooder')];
    const roomId = await room(owner);
    const pair = `join: joinRoom(roomId: "${roomId}") { id } leave: leaveRoom(roomId: "${roomId}")`;
    const pairs = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        pair.replace('join:', `j${i}:`).replace('leave:', `l${i}:`),
      ).join('\n');
    const { burst } = DEFAULT_RATE_LIMITS.membership;
    // A part of the budget in one HTTP document of aliases...
    const overHttp = Math.floor(burst / 4);
    const first = await post(server, `mutation { ${pairs(overHttp)} }`, { token: flooder.token });
    expect(first.errors).toBeUndefined();
    // ...the rest in a document on one socket...
    const device = flooder.device();
    const onSocket = await new Promise<Result<unknown>>((resolve, reject) => {
      let result: Result<unknown> = {};
      device.client.subscribe(
        { query: `mutation { ${pairs(burst / 2 - overHttp)} }` },
        {
          next: (r) => (result = r as Result<unknown>),
          error: reject,
          complete: () => resolve(result),
        },
      );
    });
    expect(onSocket.errors).toBeUndefined();
    // ...and the budget is spent, whichever way the next one comes.
    const next = await flooder.run(JoinRoom, { roomId });
    expect(codeOf(next)).toBe('RATE_LIMITED');
    expect(retryAfter(next)).toBeGreaterThan(0);
    await device.close();
  });

  it('limits searches and pages over 50 rows, not ordinary pages', async () => {
    const reader = await signUp(server, 'reader');
    const { burst } = DEFAULT_RATE_LIMITS.largePage;
    const pages = (first: number) =>
      aliased(20, `conversations(first: ${first}) { edges { cursor } }`);
    for (let i = 0; i < burst / 20; i++) {
      expect(
        (await post(server, `{ ${pages(100)} }`, { token: reader.token })).errors,
      ).toBeUndefined();
    }
    expect(codes(await post(server, `{ ${pages(51)} }`, { token: reader.token }))).toContain(
      'RATE_LIMITED',
    );
    // A page of 50 is what a screen asks for: never counted.
    for (let i = 0; i < 5; i++) {
      expect(
        (await post(server, `{ ${pages(50)} }`, { token: reader.token })).errors,
      ).toBeUndefined();
    }
    const searches = aliased(20, 'searchMessages(query: "hello", first: 5) { edges { cursor } }');
    for (let i = 0; i < DEFAULT_RATE_LIMITS.searchMessages.burst / 20; i++) {
      expect(
        (await post(server, `{ ${searches} }`, { token: reader.token })).errors,
      ).toBeUndefined();
    }
    const refused = await post(server, '{ searchMessages(query: "hello") { edges { cursor } } }', {
      token: reader.token,
    });
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(retryAfter(refused)).toBe(1);
  });
});

describe('log-in limits', () => {
  it('stop guessing one account from one address without locking its owner out', async () => {
    const owner = await signUp(server, 'owner');
    const attacker = '203.0.113.7';
    const { burst } = DEFAULT_RATE_LIMITS.logIn;
    for (let i = 0; i < burst; i++) {
      expect(codes(await logIn(server, owner.username, `guess${i}xx`, attacker))).toEqual([
        'UNAUTHENTICATED',
      ]);
    }
    const refused = await logIn(server, owner.username, 'password123', attacker);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    // The owner, elsewhere, signs in at once, and the right password forgives the failures.
    expect((await logIn(server, owner.username, 'password123', '198.51.100.2')).errors).toBe(
      undefined,
    );
    // Typos at home are forgiven by the right password: they never add up to a lock-out.
    const home = '198.51.100.4';
    for (let round = 0; round < 2; round++) {
      for (let i = 1; i < burst; i++) {
        expect(codes(await logIn(server, owner.username, `typo${i}xx`, home))).toEqual([
          'UNAUTHENTICATED',
        ]);
      }
      expect((await logIn(server, owner.username, 'password123', home)).errors).toBe(undefined);
    }
    // The attacker's wait is short and ends: not a lock-out for ever.
    expect(retryAfter(refused)).toBeLessThanOrEqual(60);
    later(retryAfter(refused) ?? 0);
    expect(codes(await logIn(server, owner.username, 'guess-again', attacker))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it('stop one password tried over many usernames from one address', async () => {
    const sprayer = '203.0.113.9';
    const { burst } = DEFAULT_RATE_LIMITS.logInAddress;
    for (let i = 0; i < burst; i++) {
      expect(codes(await logIn(server, `nobody${i}`, 'Summer2026!', sprayer))).toEqual([
        'UNAUTHENTICATED',
      ]);
    }
    expect(codes(await logIn(server, 'nobody-else', 'Summer2026!', sprayer))).toEqual([
      'RATE_LIMITED',
    ]);
    // Another address is not affected.
    const user = await signUp(server, 'bystander');
    expect((await logIn(server, user.username, 'password123', '198.51.100.3')).errors).toBe(
      undefined,
    );
  });

  it("count a socket's operations by the address its proxy named", async () => {
    const user = await signUp(server, 'proxied');
    const address = '203.0.113.11';
    const device = connect(
      server.wsUrl,
      { authorization: `Bearer ${user.token}` },
      { 'x-forwarded-for': `10.9.9.9, ${address}` },
    );
    await device.ready;
    const { burst } = DEFAULT_RATE_LIMITS.logInAddress;
    for (let i = 0; i < burst; i++) {
      await new Promise<void>((resolve) => {
        device.client.subscribe(
          {
            query: 'mutation($u: String!) { logIn(username: $u, password: "nope-nope") { token } }',
            variables: { u: `ghost${i}` },
          },
          { next: () => {}, error: () => resolve(), complete: () => resolve() },
        );
      });
    }
    await device.close();
    // Over HTTP from the same address: that address's budget is spent.
    expect(codes(await logIn(server, 'ghost-http', 'nope-nope', address))).toEqual([
      'RATE_LIMITED',
    ]);
  });
});

describe('X-Forwarded-For', () => {
  it('is not believed from a peer that is no trusted proxy', async () => {
    const own = await startServer({ RATE_LIMITS: 'on' }, undefined, { now: () => clock });
    try {
      const owner = await signUp(own, 'owner');
      const results: Result<unknown>[] = [];
      // Each guess claims another address; the server counts the peer's.
      for (let i = 0; i <= DEFAULT_RATE_LIMITS.logIn.burst; i++) {
        results.push(await logIn(own, owner.username, `guess${i}xx`, `198.51.100.${i + 1}`));
      }
      expect(codes(results.at(-1) as Result<unknown>)).toEqual(['RATE_LIMITED']);
    } finally {
      await own.stop();
    }
  });
});

describe.runIf(onServices)('two instances sharing Redis', () => {
  it('spend one budget, and requests racing on both never overdraw it', async () => {
    const stopped = { now: () => clock };
    const env = { RATE_LIMITS: 'membership=10/1h' };
    const one = await startServer(env, undefined, stopped);
    const two = await startServer(env, one.storage, stopped);
    try {
      const [owner, joiner] = [await signUp(one, 'owner'), await signUp(one, 'joiner')];
      const roomId = await room(owner);
      const join = (on: TestServer) =>
        post(on, `mutation { joinRoom(roomId: "${roomId}") { id } }`, { token: joiner.token });
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => join(i % 2 === 0 ? one : two)),
      );
      expect(results.filter((r) => r.errors === undefined)).toHaveLength(10);
      expect(results.flatMap(codes).every((c) => c === 'RATE_LIMITED')).toBe(true);
    } finally {
      await two.stop();
      await one.stop();
    }
  });
});

describe('RATE_LIMITS', () => {
  it('refuses a malformed value at start, naming it', () => {
    expect(() => loadConfig({ RATE_LIMITS: 'send=lots' })).toThrow(/RATE_LIMITS: "send=lots"/);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
  });

  it('takes overrides per limit, and off turns every limit off', async () => {
    const joinTwice = async (own: TestServer, times: number) => {
      const [owner, joiner] = [await signUp(own, 'owner'), await signUp(own, 'joiner')];
      const roomId = await room(owner);
      const results: Result<unknown>[] = [];
      for (let i = 0; i < times; i++) results.push(await joiner.run(JoinRoom, { roomId }));
      return results;
    };
    const own = await startServer({ RATE_LIMITS: 'membership=2/1h' }, undefined, {
      now: () => clock,
    });
    try {
      const results = await joinTwice(own, 3);
      expect(results.slice(0, 2).every((r) => r.errors === undefined)).toBe(true);
      expect(codes(results[2] as Result<unknown>)).toEqual(['RATE_LIMITED']);
      expect(retryAfter(results[2] as Result<unknown>)).toBe(1800);
    } finally {
      await own.stop();
    }
    const off = await startServer({ RATE_LIMITS: 'off' });
    try {
      const results = await joinTwice(off, DEFAULT_RATE_LIMITS.membership.burst + 5);
      expect(results.every((r) => r.errors === undefined)).toBe(true);
    } finally {
      await off.stop();
    }
  });
});
