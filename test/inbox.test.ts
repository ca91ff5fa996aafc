import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../src/chat/rate-limits.js';
import { idOf } from '../src/schema/global-id.js';
import type { Subscription } from './support/client.js';
import { Conversations, CreateRoom, Inbox, JoinRoom, Send } from './support/documents.js';
import { createDurableStorage, startServer, type TestServer } from './support/server.js';
import { asUser, signUp, type TestUser } from './support/users.js';

type InboxResult = {
  inbox: {
    __typename: string;
    cursor: string;
    message?: { body: string; sender?: { username: string } | null };
  };
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ INBOX_CATCHUP_SECONDS: '1' });
});
afterAll(() => server.stop());

const messageEvents = (events: InboxResult[]) =>
  events.filter((e) => e.inbox.__typename === 'MessageEvent');
const bodies = (events: InboxResult[]) => messageEvents(events).map((e) => e.inbox.message?.body);

/** The first `count` MessageEvents of a subscription (other events may come between). */
async function messagesOf(sub: Subscription<unknown>, count: number): Promise<InboxResult[]> {
  await expect
    .poll(() => messageEvents(sub.received as InboxResult[]).length, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(count);
  return messageEvents(sub.received as InboxResult[]).slice(0, count);
}

/** Waits until the server holds `count` live inbox streams (a subscription is live only then). */
async function liveStreams(count: number, on: TestServer = server) {
  await expect.poll(() => on.app.deps.inbox.stats().streams, { timeout: 10_000 }).toBe(count);
}

async function dm(from: TestUser, to: TestUser, body: string) {
  return from.ok(Send, { input: { toUserId: to.id, body } });
}

describe('the offline inbox', () => {
  it('replays direct messages sent while offline, each sender in order, then goes live', async () => {
    const [alice, bob, carol] = [
      await signUp(server, 'alice'),
      await signUp(server, 'bob'),
      await signUp(server, 'carol'),
    ];
    for (let i = 0; i < 5; i++) {
      await dm(alice, carol, `a${i}`);
      await dm(bob, carol, `b${i}`);
    }
    const device = carol.device();
    const sub = device.subscribe(Inbox, {});
    const replayed = bodies(await messagesOf(sub, 10));
    expect(replayed.filter((b) => b?.startsWith('a'))).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(replayed.filter((b) => b?.startsWith('b'))).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    await dm(alice, carol, 'live');
    expect(bodies(await messagesOf(sub, 11)).at(-1)).toBe('live');
    await device.close();
  });

  it('replays an inbox of several pages in order while new messages arrive, with no gap or duplicate', async () => {
    const [erin, frank] = [await signUp(server, 'erin'), await signUp(server, 'frank')];
    const first = await dm(erin, frank, 'first');
    const conversationId = idOf(first.send.conversation.id, 'Conversation');
    const erinId = idOf(erin.id, 'User');
    // Stored without doorbells, as if sent while the subscriber was away: 2.5 pages of replay.
    await server.app.deps.database.rows(
      sql`select chat_send_message(${erinId}, ${conversationId}, null, 'TEXT', 'bulk ' || g, null, null, null, 10000)
          from generate_series(1, 2500) g`,
    );
    const device = frank.device();
    const sub = device.subscribe(Inbox, {});
    // Doorbells ring while pages are being read.
    for (let i = 0; i < 20; i++) await dm(erin, frank, `live ${i}`);
    const received = bodies(await messagesOf(sub, 2521));
    const stored = await server.app.deps.database.rows<{ body: string }>(
      sql`select body from messages where conversation_id = ${conversationId} order by seq`,
    );
    expect(received).toEqual(stored.map((r) => r.body));
    expect(new Set(received).size).toBe(2521);
    await device.close();
  }, 60_000);

  it('resumes after a cursor with exactly the missed events, and never redelivers without one', async () => {
    const [alice, dave] = [await signUp(server, 'alice'), await signUp(server, 'dave')];
    const first = dave.device();
    const sub = first.subscribe(Inbox, {});
    await liveStreams(1);
    await dm(alice, dave, 'one');
    await dm(alice, dave, 'two');
    const seen = await messagesOf(sub, 2);
    await first.close();
    await liveStreams(0);

    for (const body of ['three', 'four', 'five']) await dm(alice, dave, body);

    const resumed = dave.device();
    const fromOne = resumed.subscribe(Inbox, { after: seen[0]?.inbox.cursor });
    expect(bodies(await messagesOf(fromOne, 4))).toEqual(['two', 'three', 'four', 'five']);
    await resumed.close();
    await liveStreams(0);

    // Without a cursor: only what no live subscription was given yet. The socket above
    // was given everything, so a new device starts empty and sees only what comes next.
    const fresh = dave.device();
    const live = fresh.subscribe(Inbox, {});
    await liveStreams(1);
    await dm(alice, dave, 'six');
    expect(bodies(await messagesOf(live, 1))).toEqual(['six']);
    expect(live.received).toHaveLength(1);
    await fresh.close();
  });

  it('gives every device of a user every event, the sender included', async () => {
    const [erin, frank] = [await signUp(server, 'erin'), await signUp(server, 'frank')];
    const phone = frank.device();
    const laptop = frank.device();
    const erinPhone = erin.device();
    const subs = [
      phone.subscribe(Inbox, {}),
      laptop.subscribe(Inbox, {}),
      erinPhone.subscribe(Inbox, {}),
    ];
    await liveStreams(3);
    await dm(erin, frank, 'hello both');
    await dm(frank, erin, 'hi from the phone');
    for (const sub of subs) {
      expect(bodies(await messagesOf(sub, 2))).toEqual(['hello both', 'hi from the phone']);
    }
    await Promise.all([phone.close(), laptop.close(), erinPhone.close()]);
    await liveStreams(0);
  });

  it("refuses a malformed cursor and another user's cursor with BAD_USER_INPUT", async () => {
    const [gina, hank] = [await signUp(server, 'gina'), await signUp(server, 'hank')];
    const gDevice = gina.device();
    const gSub = gDevice.subscribe(Inbox, {});
    await liveStreams(1);
    await dm(hank, gina, 'x');
    const [event] = await messagesOf(gSub, 1);
    await gDevice.close();
    await liveStreams(0);
    const hDevice = hank.device();
    for (const after of ['garbage', event?.inbox.cursor]) {
      const sub = hDevice.subscribe(Inbox, { after });
      await sub.completed;
      const error = sub.errors[0] as { extensions?: { code?: string } } | undefined;
      expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    await hDevice.close();
  });
});

describe('the replay/live boundary', () => {
  it('has no gap and no duplicate when subscribing from a random cursor during a burst of sends (200 times)', async () => {
    const [ivan, judy] = [await signUp(server, 'ivan'), await signUp(server, 'judy')];
    // The reference: every event of judy's inbox, in order, from one subscription.
    const reference = judy.device();
    const all = reference.subscribe(Inbox, {});
    await liveStreams(1);
    const probe = judy.device();
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    let sent = 0;
    for (let round = 0; round < 200; round++) {
      // A cursor among the recent events: the boundary is what is under test, not long replays.
      const known = all.received as InboxResult[];
      const window = Math.min(known.length, 30);
      const startIndex = window ? known.length - 1 - Math.floor(random() * window) : -1;
      const after = startIndex >= 0 ? known[startIndex]?.inbox.cursor : undefined;
      const sub = probe.subscribe(Inbox, after ? { after } : {});
      const burst = 1 + Math.floor(random() * 4);
      await Promise.all(Array.from({ length: burst }, (_, i) => dm(ivan, judy, `r${round}.${i}`)));
      sent += burst;
      const everything = (await all.waitFor(sent)) as InboxResult[];
      // Without a cursor the subscription starts at the delivered position, somewhere
      // before the burst; with one, right after that cursor. Either way it must end with
      // a contiguous run of the reference, with nothing missing or repeated.
      const expectedFrom = startIndex + 1;
      const want = after ? everything.slice(expectedFrom) : null;
      const got = (await sub.waitFor(want ? want.length : 1)) as InboxResult[];
      if (want) {
        expect(got.map((e) => e.inbox.cursor)).toEqual(want.map((e) => e.inbox.cursor));
      } else {
        const cursors = everything.map((e) => e.inbox.cursor);
        const start = cursors.indexOf(got[0]?.inbox.cursor ?? '');
        expect(start).toBeGreaterThanOrEqual(0);
        const rest = (await sub.waitFor(cursors.length - start)) as InboxResult[];
        expect(rest.map((e) => e.inbox.cursor)).toEqual(cursors.slice(start));
      }
      sub.dispose();
    }
    await Promise.all([reference.close(), probe.close()]);
    await liveStreams(0);
  }, 120_000);
});

describe('concurrent writers', () => {
  it('numbers 24 writers × 40 messages 1..960 and every subscriber sees all 960 in that order', async () => {
    const owner = await signUp(server, 'owner');
    const writers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => signUp(server, `w${i}_`)),
    );
    const { createRoom } = await owner.ok(CreateRoom, { title: 'busy', maxMembers: 100 });
    for (const w of writers) await w.ok(JoinRoom, { roomId: createRoom.id });
    const watchers = [owner, writers[0] as TestUser, writers[23] as TestUser];
    const devices = watchers.map((w) => w.device());
    const subs = devices.map((d) => d.subscribe(Inbox, {}));
    await liveStreams(3);
    // Each watcher's inbox starts with membership events; count only messages.
    await Promise.all(
      writers.map(async (w, i) => {
        for (let n = 0; n < 40; n++) {
          await w.ok(Send, { input: { conversationId: createRoom.id, body: `${i}:${n}` } });
        }
      }),
    );
    const roomId = idOf(createRoom.id, 'Conversation');
    const rows = await server.app.deps.database.rows<{ seq: string | number }>(
      sql`select seq from messages where conversation_id = ${roomId} order by seq`,
    );
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 960 }, (_, i) => i + 1));
    let reference: (string | undefined)[] | null = null;
    for (const sub of subs) {
      await expect
        .poll(() => bodies(sub.received as InboxResult[]).length, { timeout: 20_000 })
        .toBe(960);
      const got = bodies(sub.received as InboxResult[]);
      // Each writer's own messages in its order, and the same total order for everyone.
      for (let i = 0; i < 24; i++) {
        expect(got.filter((b) => b?.startsWith(`${i}:`))).toEqual(
          Array.from({ length: 40 }, (_, n) => `${i}:${n}`),
        );
      }
      reference ??= got;
      expect(got).toEqual(reference);
    }
    await Promise.all(devices.map((d) => d.close()));
    await liveStreams(0);
  }, 120_000);
});

describe('storage', () => {
  it("deleting a user (an operator's SQL) deletes their inbox events and nobody else's", async () => {
    const sender = await signUp(server, 'keeper');
    const leaver = await signUp(server, 'deleted');
    await dm(sender, leaver, 'one');
    await dm(sender, leaver, 'two');
    const count = async (userId: number) =>
      Number(
        (
          await server.app.deps.database.rows<{ n: string | number }>(
            sql`select count(*) as n from inbox_events where user_id = ${userId}`,
          )
        )[0]?.n,
      );
    const leaverId = idOf(leaver.id, 'User');
    const senderId = idOf(sender.id, 'User');
    expect(await count(leaverId)).toBeGreaterThanOrEqual(2);
    const senderEvents = await count(senderId);
    expect(senderEvents).toBeGreaterThanOrEqual(2);
    await server.app.deps.database.rows(sql`delete from users where id = ${leaverId}`);
    expect(await count(leaverId)).toBe(0);
    expect(await count(senderId)).toBe(senderEvents);
  });
});

describe('retention', () => {
  it('gives a cursor older than what is kept one ResyncEvent, then the rest', async () => {
    const own = await startServer();
    try {
      const [kim, leo] = [await signUp(own, 'kim'), await signUp(own, 'leo')];
      const first = leo.device();
      const sub = first.subscribe(Inbox, {});
      await liveStreams(1, own);
      for (const body of ['m1', 'm2', 'm3']) await dm(kim, leo, body);
      const [seen] = await messagesOf(sub, 3);
      await first.close();
      await liveStreams(0, own);
      // A month later, the delivered events are past retention.
      await own.app.deps.database.rows(
        sql`update inbox_events set created_at = created_at - interval '30 days'`,
      );
      await own.app.deps.inbox.prune();
      await dm(kim, leo, 'm4');
      const again = leo.device();
      const resumed = again.subscribe(Inbox, { after: seen?.inbox.cursor });
      const events = (await resumed.waitFor(2)) as InboxResult[];
      expect(events.map((e) => e.inbox.__typename)).toEqual(['ResyncEvent', 'MessageEvent']);
      expect(bodies(events)).toEqual(['m4']);
      await again.close();
    } finally {
      await own.stop();
    }
  });
});

describe('a server stopping', () => {
  it('keeps the delivered position of a stream that closed just before: a device is not given it again', async () => {
    const storage = await createDurableStorage();
    try {
      const first = await startServer({}, storage);
      const [amy, ben] = [await signUp(first, 'amy'), await signUp(first, 'ben')];
      await dm(amy, ben, 'seen before the restart');
      const stream = await first.app.deps.inbox.open(idOf(ben.id, 'User'), null);
      let item = await stream.next();
      while (item.value?.kind !== 'MESSAGE') item = await stream.next();
      // Asking for the next counts the message delivered; the stream then waits for more.
      void stream.next();
      // Its socket closes (the position is being written) and the server stops at once.
      void stream.return();
      await first.stop();
      const second = await startServer({}, storage);
      try {
        await dm(asUser(second, amy), ben, 'after the restart');
        const device = asUser(second, ben).device();
        const sub = device.subscribe(Inbox, {});
        const [event] = await messagesOf(sub, 1);
        expect(event?.inbox.message?.body).toBe('after the restart');
        await device.close();
      } finally {
        await second.stop();
      }
    } finally {
      await storage.drop();
    }
  });
});

describe('the inbox cap', () => {
  /** Records what this instance noted as delivered, until the database has it all. */
  async function deliveredEverything(own: TestServer, user: TestUser) {
    const userId = idOf(user.id, 'User');
    await expect
      .poll(async () => {
        await own.app.deps.inbox.flushDelivered();
        const [row] = await own.app.deps.database.rows<{ behind: number }>(
          sql`select (last_seq - delivered_seq)::int as behind from inbox_counters where user_id = ${userId}`,
        );
        return row?.behind;
      })
      .toBe(0);
  }

  it('keeps what a full inbox holds, then gives a ResyncEvent where events were dropped, then the rest', async () => {
    const own = await startServer({ INBOX_MAX_EVENTS: '5' });
    try {
      const [amy, ben] = [await signUp(own, 'amy'), await signUp(own, 'ben')];
      // Ben's inbox holds his own lobby join, then room for four of these: m5 to m8 find it full.
      for (let i = 1; i <= 8; i++) await dm(amy, ben, `m${i}`);
      // Retention never deletes what was not delivered.
      await own.app.deps.inbox.prune();
      const device = ben.device();
      const sub = device.subscribe(Inbox, {});
      const replay = (await sub.waitFor(6)) as InboxResult[];
      expect(replay.map((e) => e.inbox.__typename)).toEqual([
        'MembershipEvent',
        'MessageEvent',
        'MessageEvent',
        'MessageEvent',
        'MessageEvent',
        'ResyncEvent',
      ]);
      expect(bodies(replay)).toEqual(['m1', 'm2', 'm3', 'm4']);
      // Caught up, Ben's inbox takes events again.
      await deliveredEverything(own, ben);
      await dm(amy, ben, 'm9');
      const rest = (await sub.waitFor(7)) as InboxResult[];
      expect(bodies(rest.slice(6))).toEqual(['m9']);
      await device.close();
    } finally {
      await own.stop();
    }
  });

  it("is not reached by another user's join/leave flood: the flood is RATE_LIMITED first", async () => {
    const own = await startServer({ RATE_LIMITS: 'on', INBOX_MAX_EVENTS: '100' });
    try {
      const [victim, flooder] = [await signUp(own, 'victim'), await signUp(own, 'flooder')];
      const { conversations } = await flooder.ok(Conversations, { first: 5 });
      const lobby = conversations.edges.find((e) => e.node.kind === 'ROOM')?.node.id;
      // The flood: 150 leave/join pairs on the lobby, every victim's room.
      const pairs = Array.from(
        { length: 10 },
        (_, i) => `l${i}: leaveRoom(roomId: "${lobby}") j${i}: joinRoom(roomId: "${lobby}") { id }`,
      ).join(' ');
      const refusals: unknown[] = [];
      for (let round = 0; round < 15; round++) {
        const response = await fetch(own.httpUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${flooder.token}` },
          body: JSON.stringify({ query: `mutation { ${pairs} }` }),
        });
        const { errors = [] } = (await response.json()) as {
          errors?: { extensions?: { code?: string } }[];
        };
        refusals.push(...errors.filter((e) => e.extensions?.code === 'RATE_LIMITED'));
      }
      // A refused field ends its document (mutations run in order): every round after the
      // burst was refused at once.
      expect(refusals.length).toBeGreaterThanOrEqual(13);
      await dm(flooder, victim, 'still here');
      const device = victim.device();
      const sub = device.subscribe(Inbox, {});
      await messagesOf(sub, 1);
      const events = sub.received as InboxResult[];
      expect(events.map((e) => e.inbox.__typename)).not.toContain('ResyncEvent');
      // The victim's own join, the flooder's sign-up, then at most the burst of the flood.
      const memberships = events.filter((e) => e.inbox.__typename === 'MembershipEvent');
      expect(memberships.length).toBeLessThanOrEqual(2 + DEFAULT_RATE_LIMITS.membership.burst);
      expect(DEFAULT_RATE_LIMITS.membership.burst + 2).toBeLessThan(100);
      expect(bodies(events)).toEqual(['still here']);
      await device.close();
    } finally {
      await own.stop();
    }
  });
});

describe('the socket', () => {
  it('closes with 4403 when the token expires while the socket is open', async () => {
    const own = await startServer({ JWT_TTL_SECONDS: '2' });
    try {
      const mia = await signUp(own, 'mia');
      const device = mia.device();
      device.subscribe(Inbox, {});
      expect((await device.closed).code).toBe(4403);
    } finally {
      await own.stop();
    }
  });

  it('leaves no inbox stream, listener or socket behind after clients go, even mid-replay', async () => {
    const own = await startServer();
    try {
      const [ned, ola] = [await signUp(own, 'ned'), await signUp(own, 'ola')];
      for (let i = 0; i < 30; i++) await dm(ned, ola, `backlog ${i}`);
      const listenersBefore = (
        own.app.deps.pubsub as unknown as { listeners: { size(): number } }
      ).listeners.size();
      const devices = Array.from({ length: 10 }, () => ola.device());
      // Some close at once (while replaying), some after receiving.
      const subs = devices.map((d) => d.subscribe(Inbox, {}));
      await liveStreams(10, own);
      await Promise.all(devices.slice(0, 5).map((d) => d.close()));
      await dm(ned, ola, 'ping');
      for (const sub of subs.slice(5)) {
        await expect.poll(() => bodies(sub.received as InboxResult[]).includes('ping')).toBe(true);
      }
      expect(own.app.deps.inbox.stats().streams).toBeGreaterThan(0);
      await Promise.all(devices.slice(5).map((d) => d.close()));
      await expect
        .poll(() => own.app.deps.inbox.stats(), { timeout: 5000 })
        .toEqual({ streams: 0, users: 0 });
      await expect.poll(() => own.app.webSocketCount(), { timeout: 5000 }).toBe(0);
      expect(
        (own.app.deps.pubsub as unknown as { listeners: { size(): number } }).listeners.size(),
      ).toBe(listenersBefore);
    } finally {
      await own.stop();
    }
  });

  it('streams the inbox over Server-Sent Events with the Authorization header (GraphiQL)', async () => {
    const [pia, rex] = [await signUp(server, 'pia'), await signUp(server, 'rex')];
    const controller = new AbortController();
    const response = await fetch(server.httpUrl, {
      method: 'POST',
      signal: controller.signal,
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${rex.token}`,
      },
      body: JSON.stringify({
        query: 'subscription { inbox { __typename ... on MessageEvent { message { body } } } }',
      }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    await liveStreams(1);
    await dm(pia, rex, 'over sse');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('over sse')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain('"body":"over sse"');
    controller.abort();
    await liveStreams(0);
  });

  it('requires a user for subscriptions over HTTP (SSE) too', async () => {
    const res = await fetch(server.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { inbox { cursor } }' }),
    });
    const text = await res.text();
    expect(text).toContain('UNAUTHENTICATED');
  });
});
