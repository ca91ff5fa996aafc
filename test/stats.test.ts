import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpStats } from '../src/chat/stats.js';
import { SendCommand, StatsQuery, signUpAdmin } from './support/accounts.js';
import { codeOf } from './support/client.js';
import { CreateRoom, Send } from './support/documents.js';
import { readMetrics } from './support/metrics.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

const ADMIN = `stats_admin_${process.pid}`;
const DAY_MS = 86_400_000;
let server: TestServer;
let admin: TestUser;

beforeAll(async () => {
  // A database of its own: every figure is this spec's.
  server = await startServer({ ADMIN_USERNAMES: ADMIN });
  admin = await signUpAdmin(server, ADMIN);
});
afterAll(() => server.stop());

const today = () => new Date().toISOString().slice(0, 10);
const stats = async (variables: { since?: string; until?: string } = {}) =>
  (await admin.ok(StatsQuery, variables)).stats;

/**
 * Rolls up everything (nothing younger held back) until today's row holds `messages`: the
 * server's own rollup may hold the lock at that moment.
 */
const rolledUp = (messages: number) =>
  expect
    .poll(async () => {
      const { database } = server.app.deps;
      await rollUpStats(database, 0);
      const [row] = await database.rows<{ messages: string }>(
        sql`select messages from stats_days where day = (now() at time zone 'UTC')::date`,
      );
      return Number(row?.messages ?? 0);
    })
    .toBe(messages);

describe('stats', () => {
  it('counts users, rooms, messages, senders and sign-ups per UTC day, before and after the rollup', async () => {
    const [ann, bob, cat] = [
      await signUp(server, 'ann'),
      await signUp(server, 'bob'),
      await signUp(server, 'cat'),
    ];
    await ann.ok(CreateRoom, { title: 'one' });
    for (const body of ['a', 'b', 'c']) await ann.ok(Send, { input: { toUserId: bob.id, body } });
    await bob.ok(Send, { input: { toUserId: ann.id, body: 'd' } });
    // Commands and broadcasts are not messages.
    await admin.ok(SendCommand, { command: 'ping', toUserIds: [cat.id] });

    const expected = {
      users: 4,
      rooms: 2, // the default room and "one"
      messages: 4,
      today: { day: today(), messages: 4, activeUsers: 2, newUsers: 4 },
    };
    const check = async () => {
      const s = await stats();
      expect(s).toMatchObject({
        users: expected.users,
        rooms: expected.rooms,
        messages: expected.messages,
      });
      expect(s.days).toHaveLength(30);
      expect(s.days.at(-1)).toEqual(expected.today);
      expect(s.days.slice(0, -1).every((d) => d.messages === 0 && d.newUsers === 0)).toBe(true);
    };
    // Before any rollup: everything is in the live tail.
    await check();
    // Rolled up (nothing younger is held back): the same figures from the per-day rows.
    await rolledUp(4);
    await check();
    // More after the rollup: the tail adds to the rolled-up day, a sender counted once.
    await ann.ok(Send, { input: { toUserId: cat.id, body: 'e' } });
    await cat.ok(Send, { input: { toUserId: ann.id, body: 'f' } });
    expected.messages = 6;
    expected.today = { ...expected.today, messages: 6, activeUsers: 3 };
    await check();
    await rolledUp(6);
    await check();
    // Another rollup with nothing new changes nothing.
    await rolledUp(6);
    await check();

    // The same figures in /metrics.
    const metrics = await readMetrics(server.url);
    expect(metrics.get('chat_users')).toBe(4);
    expect(metrics.get('chat_rooms')).toBe(2);
    expect(metrics.get('chat_messages_sent')).toBe(6);
    expect(metrics.get('chat_messages_sent_today')).toBe(6);
    expect(metrics.get('chat_active_users_today')).toBe(3);
    expect(metrics.get('chat_signups_today')).toBe(4);
    expect(metrics.get('chat_users_online')).toBe(0);
  });

  it('rolls up only what comes before the first message younger than the window, and counts the rest live', async () => {
    const [fay, gus] = [await signUp(server, 'fay'), await signUp(server, 'gus')];
    const { database } = server.app.deps;
    const rolledUpMessages = async () =>
      Number(
        (
          await database.rows<{ n: string }>(
            sql`select coalesce(sum(messages), 0) as n from stats_days`,
          )
        )[0]?.n ?? 0,
      );
    // Everything before this case folded first (the server's own rollup may hold the lock).
    const total = (await stats()).messages;
    await expect
      .poll(async () => {
        await rollUpStats(database, 0);
        return rolledUpMessages();
      })
      .toBe(total);

    // Three messages; the first and the last an hour old, the middle one just sent.
    for (const body of ['settled one', 'just now', 'settled two'])
      await fay.ok(Send, { input: { toUserId: gus.id, body } });
    await database.rows(
      sql`update messages set created_at = created_at - interval '1 hour'
        where body in ('settled one', 'settled two')`,
    );
    // With a 30-minute window only the first folds: ids are handed out before commit, so
    // nothing after a row still inside the window counts as settled.
    await expect
      .poll(async () => {
        await rollUpStats(database, 1800);
        return rolledUpMessages();
      })
      .toBe(total + 1);
    await rollUpStats(database, 1800);
    expect(await rolledUpMessages()).toBe(total + 1);
    // The other two are counted live, each once.
    expect((await stats()).messages).toBe(total + 3);
    await expect
      .poll(async () => {
        await rollUpStats(database, 0);
        return rolledUpMessages();
      })
      .toBe(total + 3);
    expect((await stats()).messages).toBe(total + 3);
  });

  it('counts users online now', async () => {
    const dan = await signUp(server, 'dan');
    const device = dan.device();
    await device.ready;
    expect((await stats()).onlineNow).toBe(1);
    await device.close();
  });

  it('lists each day of the range, and bounds it', async () => {
    const until = new Date();
    const since = new Date(until.getTime() - 2 * DAY_MS);
    const days = (await stats({ since: since.toISOString(), until: until.toISOString() })).days;
    expect(days.map((d) => d.day)).toEqual(
      [2, 1, 0].map((n) => new Date(until.getTime() - n * DAY_MS).toISOString().slice(0, 10)),
    );
    const tooLong = await admin.run(StatsQuery, {
      since: new Date(until.getTime() - 400 * DAY_MS).toISOString(),
    });
    expect(codeOf(tooLong)).toBe('BAD_USER_INPUT');
    const backwards = await admin.run(StatsQuery, {
      since: until.toISOString(),
      until: since.toISOString(),
    });
    expect(codeOf(backwards)).toBe('BAD_USER_INPUT');
  });

  it('is for admins only', async () => {
    const eve = await signUp(server, 'eve');
    expect(codeOf(await eve.run(StatsQuery, {}))).toBe('FORBIDDEN');
  });
});
