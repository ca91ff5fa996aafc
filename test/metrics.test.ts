import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../src/chat/rate-limits.js';
import { idOf } from '../src/schema/global-id.js';
import { codeOf, request } from './support/client.js';
import { EXPLODE, refuseMarkedRows } from './support/database-faults.js';
import { Inbox, LogIn, PresenceChanges, Send } from './support/documents.js';
import { moved, readMetrics } from './support/metrics.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    RATE_LIMITS: 'on',
    // Lost doorbells are made good quickly; an inbox over 5 undelivered events is pruned.
    INBOX_CATCHUP_SECONDS: '0.2',
    INBOX_MAX_EVENTS: '5',
  });
  await refuseMarkedRows(server.app);
});
afterAll(() => server.stop());

/** Messages from `from` to `to` stored without doorbells, as another instance whose publish was lost. */
async function storedWithoutDoorbell(from: TestUser, conversationId: string, count: number) {
  await server.app.deps.database.rows(
    sql`select chat_send_message(${idOf(from.id, 'User')}, ${idOf(conversationId, 'Conversation')},
          null, 'TEXT', 'quiet ' || g, null, null, null)
        from generate_series(1, ${count}) g`,
  );
}

describe('/metrics', () => {
  it('moves every chat counter with real traffic', async () => {
    const before = await readMetrics(server.url);
    const [alice, bob, carol] = [
      await signUp(server, 'alice'),
      await signUp(server, 'bob'),
      await signUp(server, 'carol'),
    ];
    const device = bob.device();
    const inbox = device.subscribe(Inbox, {});
    const presence = device.subscribe(PresenceChanges, {});
    // Bob's replay: his offline inbox (joining the default room).
    await inbox.waitFor(1);
    const live = await readMetrics(server.url);
    expect(live.get('chat_websocket_connections')).toBe(1);
    expect(live.get('chat_subscriptions{kind="inbox"}')).toBe(1);
    expect(live.get('chat_subscriptions{kind="presence"}')).toBe(1);

    // A live message, then one whose doorbell was lost: the catch-up finds it.
    const { send } = await alice.ok(Send, { input: { toUserId: bob.id, body: 'hello' } });
    await inbox.waitFor(2);
    await storedWithoutDoorbell(alice, send.conversation.id, 1);
    await inbox.waitFor(3);

    // Carol was away while 6 messages came: over the cap of 5, her inbox took no more, and
    // where it stopped she gets a ResyncEvent.
    const toCarol = await alice.ok(Send, { input: { toUserId: carol.id, body: 'first' } });
    for (let i = 0; i < 5; i++) {
      await alice.ok(Send, {
        input: { conversationId: toCarol.send.conversation.id, body: `m${i}` },
      });
    }
    const carolDevice = carol.device();
    const carolInbox = carolDevice.subscribe(Inbox, {});
    await expect
      .poll(() => carolInbox.received.some((e) => e.inbox.__typename === 'ResyncEvent'), {
        timeout: 10_000,
      })
      .toBe(true);

    // Password guessing beyond the limit.
    for (let i = 0; i <= DEFAULT_RATE_LIMITS.logIn.burst; i++) {
      await request(server.httpUrl, LogIn, { username: carol.username, password: `guess-${i}` });
    }
    // A failure the server did not expect (the database refuses the row).
    const failed = await alice.run(Send, { input: { toUserId: bob.id, body: EXPLODE } });
    expect(codeOf(failed)).toBe('INTERNAL_SERVER_ERROR');

    await Promise.all([device.close(), carolDevice.close()]);
    presence.dispose();
    const after = await readMetrics(server.url);
    const delta = moved(before, after);
    // 2 live sends (sender and recipient each) and 6 stored quietly for Carol.
    expect(delta('chat_inbox_events_written_total')).toBeGreaterThanOrEqual(4);
    // Bob: his replay, the live message, the caught-up one; Carol: the resync and what is kept.
    expect(delta('chat_inbox_events_delivered_total')).toBeGreaterThanOrEqual(3 + 1 + 5);
    expect(delta('chat_inbox_replay_events_count')).toBe(2);
    expect(delta('chat_inbox_replay_events_sum')).toBeGreaterThanOrEqual(1 + 5);
    // At least the lost one (a catch-up may also beat a live doorbell to an event).
    expect(delta('chat_inbox_gap_fills_total')).toBeGreaterThanOrEqual(1);
    expect(delta('chat_inbox_resyncs_total')).toBe(1);
    // The live message and the caught-up one; replayed events are not live deliveries.
    expect(delta('chat_delivery_latency_seconds_count')).toBe(2);
    expect(delta('chat_delivery_latency_seconds_bucket{le="+Inf"}')).toBe(
      delta('chat_delivery_latency_seconds_count'),
    );
    expect(delta('chat_rate_limited_total{action="log-in"}')).toBe(1);
    expect(delta('chat_internal_errors_total')).toBe(1);
    expect(delta('chat_database_errors_total{during="request"}')).toBe(1);
    expect(after.get('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    await expect
      .poll(async () => (await readMetrics(server.url)).get('chat_subscriptions{kind="inbox"}'))
      .toBe(0);
  });
});
