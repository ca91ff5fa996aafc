import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, type Result, type Socket, type Subscription } from './support/client.js';
import { Inbox, Me } from './support/documents.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp } from './support/users.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

/** The error codes of an operation the server refused with an error frame. */
function refusedWith(sub: Subscription<unknown>): unknown[] {
  // graphql-ws hands the error frame's payload, a list of errors, to the error sink.
  return sub.errors.flat().map((e) => (e as { extensions?: { code?: string } }).extensions?.code);
}

/** A query over the socket, as a client that sends everything on it does. */
function queryOn(device: Socket) {
  return new Promise<Result<unknown>>((resolve, reject) => {
    let result: Result<unknown> = {};
    device.client.subscribe(
      { query: 'query { me { username } }' },
      {
        next: (r) => (result = r as Result<unknown>),
        error: reject,
        complete: () => resolve(result),
      },
    );
  });
}

describe('caps', () => {
  it('accepts 50 subscriptions on one socket and refuses the rest of 400 with an error, keeping the socket', async () => {
    const max = server.config.wsMaxSubscriptions;
    expect(max).toBe(50);
    const user = await signUp(server, 'hoarder');
    const device = user.device();
    await device.ready;
    const subs = Array.from({ length: 400 }, () => device.subscribe(Inbox, {}));
    await expect
      .poll(() => subs.filter((s) => s.errors.length > 0).length, { timeout: 15_000 })
      .toBe(400 - max);
    for (const sub of subs.filter((s) => s.errors.length > 0)) {
      expect(refusedWith(sub)).toEqual(['RATE_LIMITED']);
    }
    await expect.poll(() => server.app.deps.inbox.stats().streams, { timeout: 15_000 }).toBe(max);
    // The socket stays, and answers.
    expect(dataOf(await queryOn(device))).toEqual({ me: { username: user.username } });
    // One ended, one more is accepted.
    subs.find((s) => s.errors.length === 0)?.dispose();
    await expect
      .poll(() => server.app.deps.inbox.stats().streams, { timeout: 15_000 })
      .toBe(max - 1);
    const again = device.subscribe(Inbox, {});
    await expect.poll(() => server.app.deps.inbox.stats().streams, { timeout: 15_000 }).toBe(max);
    expect(again.errors).toEqual([]);
    await device.close();
    await expect.poll(() => server.app.deps.inbox.stats().streams, { timeout: 15_000 }).toBe(0);
  });

  it('closes a user’s socket beyond 20 on one instance with 4429, and takes one after another goes', async () => {
    const max = server.config.wsMaxSocketsPerUser;
    expect(max).toBe(20);
    const user = await signUp(server, 'many');
    const devices = Array.from({ length: max }, () => user.device());
    await Promise.all(devices.map((d) => d.ready));
    const extra = user.device();
    expect((await extra.closed).code).toBe(4429);
    // The others stay, and so do other users' sockets.
    expect(dataOf(await queryOn(devices[0] as Socket))).toEqual({
      me: { username: user.username },
    });
    const other = await signUp(server, 'other');
    const otherDevice = other.device();
    await otherDevice.ready;
    await devices.pop()?.close();
    const next = user.device();
    await next.ready;
    expect((await user.ok(Me)).me.username).toBe(user.username);
    await Promise.all([...devices, next, otherDevice, extra].map((d) => d.close()));
  });
});
