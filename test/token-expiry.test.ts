import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from './support/client.js';
import { ManualClock } from './support/clock.js';
import { Inbox, Me, PresenceChanges, Send } from './support/documents.js';
import { startServer, type TestServer } from './support/server.js';
import { type SseStream, subscribeSse } from './support/sse.js';
import { signUp, type TestUser } from './support/users.js';

const TTL_SECONDS = 600;

// Token expiry follows this clock: the tests move it instead of waiting.
const clock = new ManualClock();
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ JWT_TTL_SECONDS: String(TTL_SECONDS) }, undefined, { clock });
});
afterAll(() => server.stop());

const liveStreams = (count: number) =>
  expect.poll(() => server.app.deps.inbox.stats().streams, { timeout: 10_000 }).toBe(count);

const dm = (from: TestUser, to: TestUser, body: string) =>
  from.ok(Send, { input: { toUserId: to.id, body } });

type InboxData = { inbox: { __typename: string; message?: { body: string } } };

/** Waits until the stream delivered a message with this body. */
async function delivered(stream: SseStream<InboxData>, body: string) {
  await expect
    .poll(() => stream.received.some((r) => r.data?.inbox.message?.body === body), {
      timeout: 10_000,
    })
    .toBe(true);
}

describe('token expiry', () => {
  it('ends an SSE inbox with UNAUTHENTICATED when its token expires, not before', async () => {
    const [pia, rex] = [await signUp(server, 'pia'), await signUp(server, 'rex')];
    const stream = await subscribeSse(server.httpUrl, Inbox, {}, rex.token);
    await liveStreams(1);

    clock.advance(TTL_SECONDS * 1000 - 1000);
    await dm(pia, rex, 'a second before expiry');
    await delivered(stream as SseStream<InboxData>, 'a second before expiry');

    clock.advance(1000);
    await stream.ended;
    const last = stream.received.at(-1);
    expect(last?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await liveStreams(0);
    // The same token is refused from now on, on a new request too.
    expect(codeOf(await rex.run(Me))).toBe('UNAUTHENTICATED');
    expect(clock.pending()).toBe(0);
  });

  it('ends a subscription on a socket too (UNAUTHENTICATED, then complete)', async () => {
    // Fresh tokens: the clock moved on in the test above.
    const [sam, tia] = [await signUp(server, 'sam'), await signUp(server, 'tia')];
    const device = sam.device();
    await device.ready;
    const presence = device.subscribe(PresenceChanges, {});
    await expect.poll(() => clock.pending(), { timeout: 10_000 }).toBe(1);
    // Both are in the lobby: tia coming online is an event for sam.
    const other = tia.device();
    await presence.waitFor(1);

    clock.advance(TTL_SECONDS * 1000);
    await presence.completed;
    expect(presence.errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
    expect(clock.pending()).toBe(0);
    await Promise.all([device.close(), other.close()]);
  });

  it('forgets the deadline of a subscription the client ended', async () => {
    const uma = await signUp(server, 'uma');
    const stream = await subscribeSse(server.httpUrl, Inbox, {}, uma.token);
    await liveStreams(1);
    expect(clock.pending()).toBe(1);
    stream.close();
    await liveStreams(0);
    await expect.poll(() => clock.pending(), { timeout: 10_000 }).toBe(0);
  });
});
