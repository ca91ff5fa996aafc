import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import type { InboxDoorbell, PubSub } from '../../pubsub/types.js';
import { badInput } from '../errors.js';
import { type ChatMeters, noMeters } from '../meters.js';
import { type ReachedMessage, recordDeliveries } from './deliveries.js';
import { type InboxItem, parseInboxCursor } from './item.js';
import { lastSeqs, pruneInboxes, readCounter, readEventsAfter, writeDelivered } from './storage.js';
import { InboxStream, type InboxSubscription, type StreamHost } from './stream.js';

export interface InboxHubOptions {
  database: Database;
  pubsub: PubSub;
  logger: Logger;
  catchupMs: number;
  retentionMs: number;
  /** How often delivered positions are written (batched). */
  deliveredFlushMs?: number;
  /** Undelivered events an inbox holds (DeliveredEvents beyond are dropped, as any event). */
  maxEvents?: number;
  /** How often retention runs. */
  pruneEveryMs?: number;
  /**
   * Called with each page read from the database before its events are emitted: events are
   * resolved one after another, so rows they refer to are best loaded here, in one query.
   */
  prefetch?: (items: InboxItem[]) => Promise<void>;
  /** Replays, gap fills, resyncs, delivery latency and failed background work. */
  meters?: ChatMeters;
}

export interface InboxHub {
  /**
   * A user's inbox from `after` (a cursor), or from their delivered position when absent:
   * stored events first, then live ones, in order, without gaps or duplicates.
   * A malformed cursor, another user's, or one ahead of the inbox: BAD_USER_INPUT.
   */
  open(userId: number, after: string | null | undefined): Promise<InboxSubscription>;
  /** Re-reads every live stream that is behind its user's counter (lost doorbells). */
  catchUp(): Promise<void>;
  /** Deletes delivered events past retention. */
  prune(): Promise<void>;
  /** Writes the delivered positions noted so far. */
  flushDelivered(): Promise<void>;
  /** Live streams and listeners, for leak checks. */
  stats(): { streams: number; users: number };
  /** Events handed to subscribers since start (replayed and live), for /metrics. */
  deliveredCount(): number;
  stop(): Promise<void>;
}

export function createInboxHub(options: InboxHubOptions): InboxHub {
  const { database, pubsub, logger } = options;
  const meters = options.meters ?? noMeters;
  let deliveredEvents = 0;
  /** Background work that failed: logged, and counted as a database error. */
  const failed = (message: string) => (error: unknown) => {
    meters.databaseError('background');
    logger.warn({ err: error }, message);
  };
  const streams = new Map<number, Set<InboxStream>>();
  const delivered = new Map<number, number>();
  /**
   * Per user, per conversation: the newest message delivered and not yet written to the
   * members' delivered positions (receipts). Message ids grow with seq within a conversation.
   */
  const reachedMessages = new Map<number, Map<number, number>>();
  /** Positions being written as streams close: stop() waits for them before the database closes. */
  const closing = new Set<Promise<void>>();
  /** Users whose streams closed since the last turn of the event loop (writeOnClose). */
  let closingUsers: { ids: Set<number>; written: Promise<void> } | null = null;

  const detachBell = pubsub.on('inbox', (bell) => {
    const { to } = bell;
    for (let i = 0; i < to.length; i += 2) {
      const mine = streams.get(to[i] as number);
      if (mine) for (const stream of mine) stream.onBell(to[i + 1] as number, bell);
    }
  });

  async function readAfter(userId: number, seq: number): Promise<InboxItem[]> {
    const items = await readEventsAfter(database, userId, seq);
    if (options.prefetch && items.length > 1) {
      await options
        .prefetch(items)
        .catch((error) => logger.warn({ err: error }, 'inbox prefetch failed'));
    }
    return items;
  }

  function markDelivered(
    userId: number,
    seq: number,
    conversationId: number,
    messageId: number,
    resynced: boolean,
  ) {
    if ((delivered.get(userId) ?? 0) < seq) delivered.set(userId, seq);
    if (messageId > 0) {
      let newest = reachedMessages.get(userId);
      if (!newest) {
        newest = new Map();
        reachedMessages.set(userId, newest);
      }
      if ((newest.get(conversationId) ?? 0) < messageId) newest.set(conversationId, messageId);
    }
    // Past a gap of dropped events, written now rather than with the next batch: until it
    // is, the inbox counts as full and drops what comes (src/db/inbox-log.ts).
    if (resynced) {
      flushDelivered(new Set([userId])).catch((error) =>
        logger.warn({ err: error }, 'could not record delivered position'),
      );
    }
  }

  async function detach(stream: InboxStream) {
    const mine = streams.get(stream.userId);
    mine?.delete(stream);
    if (mine?.size === 0) streams.delete(stream.userId);
    // A device that reconnects at once (maybe to another instance) must not get these again.
    const written = writeOnClose(stream.userId);
    closing.add(written);
    await written;
    closing.delete(written);
  }

  /**
   * Writes the positions of users whose streams closed in this turn of the event loop, in one
   * batch: when a proxy restarts, thousands of sockets close at once, and each writing its own
   * would queue two statements per socket ahead of every send.
   */
  function writeOnClose(userId: number): Promise<void> {
    if (!closingUsers) {
      const ids = new Set<number>();
      const written = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => {
          closingUsers = null;
          return flushDelivered(ids);
        })
        .catch(failed('could not record delivered positions'));
      closingUsers = { ids, written };
    }
    closingUsers.ids.add(userId);
    return closingUsers.written;
  }

  /** Writes noted delivered positions: all of them, or only these users'. */
  async function flushDelivered(only?: ReadonlySet<number>) {
    if (delivered.size === 0) return;
    const users = only
      ? [...only].filter((userId) => delivered.has(userId))
      : [...delivered.keys()];
    const batch = users
      .sort((a, b) => a - b)
      .map((userId) => [userId, delivered.get(userId) as number] as [number, number]);
    if (batch.length === 0) return;
    const reached: ReachedMessage[] = [];
    for (const [userId] of batch) {
      delivered.delete(userId);
      for (const [conversationId, messageId] of reachedMessages.get(userId) ?? [])
        reached.push({ userId, conversationId, messageId });
      reachedMessages.delete(userId);
    }
    // Members' positions per conversation (receipts) first. Their failure must not hold the
    // inbox back (its offline inbox and cap read the position): the next delivery in each
    // conversation moves them past what was missed; only DeliveredEvents of this batch are lost.
    const bells = await recordDeliveries(database, reached, options.maxEvents ?? 10_000).catch(
      (error: unknown) => {
        failed('could not record delivered receipts')(error);
        return [] as InboxDoorbell[];
      },
    );
    await writeDelivered(database, batch);
    for (const bell of bells) {
      meters.eventsWritten(1);
      pubsub.publish('inbox', bell).catch(failed('DeliveredEvent doorbell failed'));
    }
  }

  async function catchUp() {
    if (streams.size === 0) return;
    for (const { userId, lastSeq } of await lastSeqs(database, [...streams.keys()])) {
      for (const stream of streams.get(userId) ?? []) stream.behind(lastSeq);
    }
  }

  const prune = () => pruneInboxes(database, options);

  const catchupTimer = setInterval(() => {
    catchUp().catch(failed('inbox catch-up failed'));
  }, options.catchupMs);
  const flushTimer = setInterval(() => {
    flushDelivered().catch(failed('could not record delivered positions'));
  }, options.deliveredFlushMs ?? 1000);
  const pruneTimer = setInterval(() => {
    prune().catch(failed('inbox retention failed'));
  }, options.pruneEveryMs ?? 600_000);
  for (const timer of [catchupTimer, flushTimer, pruneTimer]) timer.unref();
  const detachReconnect = pubsub.onReconnect(() => {
    catchUp().catch(failed('inbox catch-up after reconnect failed'));
  });
  const host: StreamHost = {
    readAfter,
    markDelivered,
    detach,
    meters,
    countDelivered: () => {
      deliveredEvents += 1;
    },
  };

  return {
    async open(userId, after) {
      const requested = after ? parseInboxCursor(after, userId) : null;
      const counter = await readCounter(database, userId);
      if (!counter) throw badInput('This user has no inbox');
      if (requested !== null && requested > counter.lastSeq) {
        throw badInput('This inbox cursor is ahead of the inbox: was it issued by another server?');
      }
      // Positions this instance noted but has not written yet count as delivered too.
      const from = requested ?? Math.max(counter.deliveredSeq, delivered.get(userId) ?? 0);
      const stream = new InboxStream(userId, from, host, counter.lastSeq);
      // Attach before reading, so no doorbell rung during the replay is missed.
      let mine = streams.get(userId);
      if (!mine) {
        mine = new Set();
        streams.set(userId, mine);
      }
      mine.add(stream);
      if (from < counter.prunedSeq) stream.resync(counter.prunedSeq);
      return stream;
    },
    catchUp,
    prune,
    flushDelivered: () => flushDelivered(),
    deliveredCount: () => deliveredEvents,
    stats: () => ({
      streams: [...streams.values()].reduce((n, s) => n + s.size, 0),
      users: streams.size,
    }),
    async stop() {
      clearInterval(catchupTimer);
      clearInterval(flushTimer);
      clearInterval(pruneTimer);
      detachBell();
      detachReconnect();
      for (const mine of [...streams.values()])
        for (const stream of [...mine]) await stream.return();
      // Streams whose sockets closed first may still be writing their positions.
      await Promise.all(closing);
      await flushDelivered();
    },
  };
}
