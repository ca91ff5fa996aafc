import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AttachmentData } from '../src/db/tables.js';
import { DeleteMessage } from './support/changes.js';
import { ManualClock } from './support/clock.js';
import {
  ConversationById,
  ConversationHistory,
  Inbox,
  MarkRead,
  Search,
  Send,
  UnreadState,
} from './support/documents.js';
import { room } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

const DAY_MS = 86_400_000;
const RETENTION_DAYS = 30;

const clock = new ManualClock();
const removedFiles: AttachmentData[] = [];
let server: TestServer;
beforeAll(async () => {
  server = await startServer(
    {
      MESSAGE_RETENTION_DAYS: String(RETENTION_DAYS),
      // The clock moves a month on: tokens outlive it.
      JWT_TTL_SECONDS: String(90 * 24 * 3600),
      MESSAGE_RETENTION_EVERY_SECONDS: '3600',
      // Small batches: the run takes many turns, and sends go in between.
      MESSAGE_RETENTION_BATCH: '2',
    },
    undefined,
    {
      clock,
      removeMessageFiles: async (attachments) => {
        removedFiles.push(...attachments);
      },
    },
  );
});
afterAll(() => server.stop());

const say = async (user: TestUser, conversationId: string, body: string, url?: string) =>
  (
    await user.ok(Send, {
      input: { conversationId, body, ...(url ? { kind: 'FILE', attachment: { url } } : {}) },
    })
  ).send;

const historyOf = async (user: TestUser, id: string) =>
  (await user.ok(ConversationHistory, { id, last: 100 })).conversation?.messages.edges.map(
    (e) => e.node.body,
  );

const unreadIn = async (user: TestUser, id: string) =>
  (await user.ok(UnreadState, {})).conversations.edges.find((e) => e.node.id === id)?.node
    .unreadCount;

describe('message retention', () => {
  it('removes exactly the messages older than MESSAGE_RETENTION_DAYS, with their files and events, while sends go on', async () => {
    const [ann, bo, cy] = [
      await signUp(server, 'ann'),
      await signUp(server, 'bo'),
      await signUp(server, 'cy'),
    ];
    const here = await room(ann, bo, cy);
    const old: { id: string; createdAt: string }[] = [];
    for (let i = 1; i <= 5; i++) {
      old.push(
        await say(
          ann,
          here,
          `old ${i} harvest`,
          i === 3 ? 'https://files.example/old-3.pdf' : undefined,
        ),
      );
    }
    await ann.ok(DeleteMessage, { id: old[4]?.id as string });
    const direct = (await bo.ok(Send, { input: { toUserId: ann.id, body: 'old direct harvest' } }))
      .send;
    // bo read the first two of the room; ann never read the direct message.
    await bo.ok(MarkRead, { conversationId: here, upTo: old[1]?.id });
    const device = bo.device();
    const seen = device.subscribe(Inbox, {});
    const [firstEvent] = await seen.waitFor(1);
    await device.close();

    // Everything after here is kept: the next millisecond on.
    const lastOld = Date.parse(direct.createdAt);
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(lastOld + 1), { interval: 1 });
    const kept = [await say(ann, here, 'new 1 harvest'), await say(ann, here, 'new 2 harvest')];
    expect(await unreadIn(bo, here)).toBe(2 + 2); // old 3, old 4 (old 5 is a tombstone), new 1, new 2

    // The retention timer fires when the clock reaches it: RETENTION_DAYS after `lastOld`.
    clock.advance(lastOld + 1 + RETENTION_DAYS * DAY_MS - clock.now());
    const retention = server.app.retention;
    if (!retention) throw new Error('retention is off');
    const running = retention.runNow();
    // Sends while it runs: none waits for long, none is removed.
    const during = await Promise.all(
      Array.from({ length: 6 }, (_, i) => say(i % 2 ? cy : ann, here, `during ${i} harvest`)),
    );
    const run = await running;
    expect(run.messages).toBe(6);
    // A second run finds nothing more.
    expect((await retention.runNow()).messages).toBe(0);

    const history = await historyOf(bo, here);
    expect(history).toEqual(expect.arrayContaining(['new 1 harvest', 'new 2 harvest']));
    expect(history).toHaveLength(2 + during.length);
    expect(history?.some((b) => b.startsWith('old'))).toBe(false);
    expect(
      (await bo.ok(Search, { query: 'harvest', first: 50 })).searchMessages.edges.map(
        (e) => e.node.body,
      ),
    ).toHaveLength(2 + during.length);
    // Unread counts skip what is gone: bo has the new ones and those sent during the run.
    expect(await unreadIn(bo, here)).toBe(2 + during.length);
    // The direct conversation is empty now: no last message, nothing unread.
    const dm = await ann.ok(ConversationById, { id: direct.conversation.id });
    expect(dm.conversation?.lastMessage).toBeNull();
    expect(dm.conversation?.unreadCount).toBe(0);
    expect(removedFiles.map((f) => f.url)).toEqual(['https://files.example/old-3.pdf']);

    // The old events are gone (with those of the edit window after the cutoff, where a removed
    // message's edits are): a cursor from before resumes with a ResyncEvent, then goes on.
    const again = bo.device();
    const resumed = again.subscribe(Inbox, { after: firstEvent?.inbox.cursor });
    expect((await resumed.waitFor(1)).map((e) => e.inbox.__typename)).toEqual(['ResyncEvent']);
    await say(ann, here, 'after harvest');
    const [, next] = await resumed.waitFor(2);
    expect(next?.inbox).toMatchObject({
      __typename: 'MessageEvent',
      message: { body: 'after harvest' },
    });
    await again.close();
    expect(kept.map((m) => m.body)).toEqual(['new 1 harvest', 'new 2 harvest']);
  });

  it('is off unless MESSAGE_RETENTION_DAYS is set', async () => {
    const plain = await startServer();
    try {
      expect(plain.app.retention).toBeNull();
    } finally {
      await plain.stop();
    }
  });
});
