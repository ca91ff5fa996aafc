import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { codeOf, connect, dataOf, request } from './support/client.js';
import { EXPLODE, refuseMarkedRows } from './support/database-faults.js';
import { CreateRoom, Inbox, LogIn, Me, Send, SignUp } from './support/documents.js';
import { captureLog } from './support/log-capture.js';
import { BODY_MARKER, MARKER_REQUEST_ID } from './support/log-marker.js';
import { startServer, suiteLog, type TestServer } from './support/server.js';
import { asUser } from './support/users.js';

const log = captureLog();
let server: TestServer;
beforeAll(async () => {
  // Into the suite log too (TEST_LOG_FILE): .ci/run searches the whole run's log for what
  // this traffic holds (tokens, hashes, BODY_MARKER in bodies, some in failed SQL).
  const suite = suiteLog();
  const logTo = pino.multistream([
    { level: 'debug', stream: log.stream },
    ...(suite ? [{ level: 'debug' as const, stream: suite }] : []),
  ]);
  server = await startServer({}, undefined, { logTo, logLevel: 'debug' });
  await refuseMarkedRows(server.app);
});
afterAll(() => server.stop());

/** Every secret the traffic used: none may appear in any log line. */
const secrets: string[] = [];
const secret = (tag: string) => {
  const value = `${tag}-${randomBytes(8).toString('hex')}`;
  secrets.push(value);
  return value;
};
/** A token, and its signature alone (a log that cut the token would still hold that). */
const rememberToken = (token: string) => secrets.push(token, token.split('.')[2] as string);
const username = (tag: string) => `${tag}_${randomBytes(4).toString('hex')}`;

async function newUser(tag: string) {
  const name = username(tag);
  const password = secret(`${tag}-password`);
  const { signUp } = dataOf(await request(server.httpUrl, SignUp, { username: name, password }));
  rememberToken(signUp.token);
  return {
    ...asUser(server, { id: signUp.user.id, username: name, token: signUp.token }),
    password,
  };
}

/** GraphQL over a raw WebSocket with chosen upgrade headers: one operation, its first result. */
async function overRawSocket(
  token: string,
  headers: Record<string, string>,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ echoedId: string | undefined; result: { errors?: { extensions?: unknown }[] } }> {
  const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws', { headers });
  const echoed = new Promise<string | undefined>((resolve) =>
    socket.once('upgrade', (response) => resolve(response.headers['x-request-id'] as string)),
  );
  const frames: { type: string; payload?: unknown }[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    frames.push(JSON.parse(String(data)));
    for (const wake of waiters.splice(0)) wake();
  });
  const frame = async (type: string) => {
    for (;;) {
      const found = frames.find((f) => f.type === type);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { token } }));
  await frame('connection_ack');
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
  const next = await frame('next');
  socket.close();
  return { echoedId: await echoed, result: next.payload as never };
}

const SEND = 'mutation ($input: SendInput!) { send(input: $input) { id } }';

describe('what the server logs', () => {
  it('holds no token, password, password hash or message body, even of failed SQL', async () => {
    const alice = await newUser('alice');
    const bob = await newUser('bob');
    // Log-ins: right, wrong, and an unknown user.
    const again = dataOf(
      await request(server.httpUrl, LogIn, { username: alice.username, password: alice.password }),
    );
    rememberToken(again.logIn.token);
    const guesses = [
      { username: alice.username, password: secret('wrong-password') },
      { username: username('nobody'), password: secret('unknown-user-password') },
    ];
    for (const guess of guesses) {
      expect(codeOf(await request(server.httpUrl, LogIn, guess))).toBe('UNAUTHENTICATED');
    }
    // Messages over HTTP and over the socket, delivered live to a subscribed device.
    const device = bob.device();
    const inbox = device.subscribe(Inbox, {});
    await device.ready;
    await alice.ok(Send, { input: { toUserId: bob.id, body: secret(`${BODY_MARKER} http body`) } });
    const sender = alice.device();
    const sent = sender.subscribe(Send, {
      input: { toUserId: bob.id, body: secret(`${BODY_MARKER} ws body`) },
    });
    await sent.waitFor(1);
    await expect
      .poll(() => inbox.received.filter((r) => r.inbox.__typename === 'MessageEvent').length)
      .toBe(2);
    // A NUL character: in a display name (the sign-up's hash is in that statement), a body,
    // a room title. Refused or failed, the server answers and logs nothing it was given.
    const nul = await request(server.httpUrl, SignUp, {
      username: username('nul'),
      password: secret('nul-password'),
      displayName: `nul\u0000${secret('nul-name')}`,
    });
    expect(nul.errors).toBeDefined();
    const nulBody = await alice.run(Send, {
      input: { toUserId: bob.id, body: `a\u0000${secret(`${BODY_MARKER} nul body`)}` },
    });
    expect(nulBody.errors).toBeDefined();
    expect(
      (await alice.run(CreateRoom, { title: `t\u0000${secret('nul title')}` })).errors,
    ).toBeDefined();
    // Bad tokens, over HTTP and the socket.
    const forged = `${alice.token.split('.').slice(0, 2).join('.')}.${secret('forged-signature')}`;
    expect(codeOf(await request(server.httpUrl, Me, undefined, forged))).toBe('UNAUTHENTICATED');
    expect(codeOf(await request(server.httpUrl, Me, undefined, secret('garbage-token')))).toBe(
      'UNAUTHENTICATED',
    );
    const refused = connect(server.wsUrl, { authorization: `Bearer ${forged}` });
    expect((await refused.closed).code).toBe(4403);
    // Internal errors: the database refuses the row, the server masks and logs the failure.
    const exploding = await request(server.httpUrl, SignUp, {
      username: username('boom'),
      password: secret('exploding-sign-up-password'),
      displayName: EXPLODE,
    });
    expect(codeOf(exploding)).toBe('INTERNAL_SERVER_ERROR');
    const explodingBody = `${EXPLODE} ${secret(`${BODY_MARKER} exploding http body`)}`;
    expect(
      codeOf(await alice.run(Send, { input: { toUserId: bob.id, body: explodingBody } })),
    ).toBe('INTERNAL_SERVER_ERROR');
    const overSocket = await overRawSocket(alice.token, {}, SEND, {
      input: { toUserId: bob.id, body: `${EXPLODE} ${secret(`${BODY_MARKER} exploding ws body`)}` },
    });
    expect(overSocket.result.errors?.[0]?.extensions).toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
    });
    // The request .ci/run looks for in the suite log: a marked body in a failed statement.
    const probe = await fetch(server.httpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${alice.token}`,
        'x-request-id': MARKER_REQUEST_ID,
      },
      body: JSON.stringify({
        query: SEND,
        variables: { input: { toUserId: bob.id, body: `${EXPLODE} ${BODY_MARKER} probe` } },
      }),
    });
    expect(((await probe.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    await Promise.all([device.close(), sender.close(), refused.close()]);

    const hashes = await server.app.deps.database.rows<{ password_hash: string }>(
      sql`select password_hash from users`,
    );
    for (const { password_hash } of hashes) secrets.push(password_hash);

    const text = log.text();
    const failures = log.lines().filter((line) => line.msg === 'unexpected error');
    // The failures were logged (so the grep below looked at failed SQL), statement included.
    expect(failures.length).toBeGreaterThanOrEqual(4);
    expect(failures).toContainEqual(expect.objectContaining({ reqId: MARKER_REQUEST_ID }));
    expect(text).not.toContain(BODY_MARKER);
    expect(JSON.stringify(failures)).toContain('Failed query');
    const found = secrets.filter((value) => text.includes(value));
    expect(found, `${secrets.length} secrets looked for`).toEqual([]);
    // Whichever user's hash it was, none is in the log.
    expect(text).not.toMatch(/scrypt\$\d+\$/);
  });
});

describe('request ids', () => {
  const failures = () => log.lines().filter((line) => line.msg === 'unexpected error');

  it('echo a sane x-request-id over HTTP and carry it on the log lines of that request', async () => {
    const alice = await newUser('traced');
    const bob = await newUser('other');
    const before = failures().length;
    const response = await fetch(server.httpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${alice.token}`,
        'x-request-id': 'trace-4f2a.1',
      },
      body: JSON.stringify({
        query: SEND,
        variables: { input: { toUserId: bob.id, body: `${EXPLODE} traced` } },
      }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-4f2a.1');
    expect(((await response.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    expect(failures().slice(before)).toEqual([
      expect.objectContaining({ reqId: 'trace-4f2a.1', level: 50 }),
    ]);
  });

  it('replace an absent, oversized or odd x-request-id with a fresh one', async () => {
    const ids = [];
    for (const sent of [undefined, 'x'.repeat(129), 'has spaces', 'line\tbreak']) {
      const response = await fetch(`${server.url}/healthz`, {
        headers: sent === undefined ? {} : { 'x-request-id': sent },
      });
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      ids.push(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('give each WebSocket message an id under its socket, echoed on the upgrade', async () => {
    const alice = await newUser('socket');
    const bob = await newUser('peer');
    const before = failures().length;
    const { echoedId, result } = await overRawSocket(
      alice.token,
      { 'x-request-id': 'sock-9' },
      SEND,
      {
        input: { toUserId: bob.id, body: `${EXPLODE} over the socket` },
      },
    );
    expect(echoedId).toBe('sock-9');
    expect(result.errors).toHaveLength(1);
    // connection_init is message 1, the operation message 2.
    expect(failures().slice(before)).toEqual([expect.objectContaining({ reqId: 'sock-9.2' })]);
  });
});
