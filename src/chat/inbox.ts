import { eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { inboxCounters } from '../db/tables.js';
import type { InboxDoorbell, PubSub } from '../pubsub/types.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import { badInput } from './errors.js';
import { type ChatMeters, noMeters } from './meters.js';

export type InboxEventKind = InboxDoorbell['kind'];

/** One event of a user's inbox, or the RESYNC marker for a cursor older than retention. */
export interface InboxItem {
  kind: InboxEventKind | 'RESYNC';
  userId: number;
  seq: number;
  conversationId: number | null;
  messageId: number | null;
  actorId: number | null;
  joined: boolean | null;
  broadcastId: number | null;
  at: Date;
  /**
   * The doorbell a live event came with: the same object for every recipient on this
   * instance, so work that is the same for all of them can be done once per event.
   */
  bell?: InboxDoorbell;
}

/** Events read from the database per query while replaying. */
export const REPLAY_PAGE = 1000;

export function inboxCursor(userId: number, seq: number): string {
  return encodeCursor('i', userId, seq);
}

function parseInboxCursor(cursor: string, userId: number): number {
  const [owner, seq] = decodeCursor(cursor, 'i', 2).map(Number);
  if (owner === undefined || seq === undefined || !Number.isSafeInteger(seq) || seq < 0) {
    throw badInput('Malformed inbox cursor: pass back a cursor the inbox gave you');
  }
  if (owner !== userId) throw badInput('This inbox cursor belongs to another user');
  return seq;
}

export interface InboxHubOptions {
  database: Database;
  pubsub: PubSub;
  logger: Logger;
  catchupMs: number;
  retentionMs: number;
  maxEvents: number;
  /** How often delivered positions are written (batched). */
  deliveredFlushMs?: number;
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

/** One open inbox: an async iterator of the user's events. */
export interface InboxSubscription extends AsyncIterableIterator<InboxItem> {
  /** The event numbered `seq` reached the client's socket (only with `manualAck`). */
  ack(seq: number): void;
  /** The next event if one is already queued (no promise), else undefined. */
  poll(): InboxItem | undefined;
  /** Stops the stream and forgets it. */
  return(): Promise<IteratorResult<InboxItem>>;
}

export interface OpenOptions {
  /**
   * The consumer reports what was written with ack(). Without it, asking for the next
   * event counts the previous one as delivered (a consumer that awaits every write).
   */
  manualAck?: boolean;
}

export interface InboxHub {
  /**
   * A user's inbox from `after` (a cursor), or from their delivered position when absent:
   * stored events first, then live ones, in order, without gaps or duplicates.
   * A malformed cursor, another user's, or one ahead of the inbox: BAD_USER_INPUT.
   */
  open(
    userId: number,
    after: string | null | undefined,
    options?: OpenOptions,
  ): Promise<InboxSubscription>;
  /** Re-reads every live stream that is behind its user's counter (lost doorbells). */
  catchUp(): Promise<void>;
  /** Deletes delivered events past retention and undelivered ones past the per-user cap. */
  prune(): Promise<void>;
  /** Writes the delivered positions noted so far. */
  flushDelivered(onlyUserId?: number): Promise<void>;
  /** Live streams and listeners, for leak checks. */
  stats(): { streams: number; users: number };
  /** Events handed to subscribers since start (replayed and live), for /metrics. */
  deliveredCount(): number;
  stop(): Promise<void>;
}

export function createInboxHub(options: InboxHubOptions): InboxHub {
  const { database, pubsub, logger } = options;
  const meters = options.meters ?? noMeters;
  const { db } = database;
  let deliveredEvents = 0;
  /** Background work that failed: logged, and counted as a database error. */
  const failed = (message: string) => (error: unknown) => {
    meters.databaseError('background');
    logger.warn({ err: error }, message);
  };
  const streams = new Map<number, Set<InboxStream>>();
  const delivered = new Map<number, number>();

  const detachBell = pubsub.on('inbox', (bell) => {
    const { to } = bell;
    for (let i = 0; i < to.length; i += 2) {
      const mine = streams.get(to[i] as number);
      if (mine) for (const stream of mine) stream.onBell(to[i + 1] as number, bell);
    }
  });

  async function readAfter(userId: number, seq: number): Promise<InboxItem[]> {
    // Raw rows shaped as InboxItems (float8 ids are exact below 2^53; the time as epoch
    // milliseconds, which both drivers return as a number): a replay page maps no row
    // through the ORM.
    const items = await database.rows<InboxItem>(sql`select
        user_id::float8 as "userId", seq::float8 as seq, kind,
        conversation_id::float8 as "conversationId", message_id::float8 as "messageId",
        actor_id::float8 as "actorId", joined, broadcast_id::float8 as "broadcastId",
        (extract(epoch from created_at) * 1000)::float8 as at
      from inbox_events where user_id = ${userId} and seq > ${seq}
      order by seq limit ${REPLAY_PAGE}`);
    // `at` arrives as epoch milliseconds; made a Date in place (no second object per row).
    for (const item of items) item.at = new Date(item.at as unknown as number);
    if (options.prefetch && items.length > 1) {
      await options
        .prefetch(items)
        .catch((error) => logger.warn({ err: error }, 'inbox prefetch failed'));
    }
    return items;
  }

  function markDelivered(userId: number, seq: number) {
    if ((delivered.get(userId) ?? 0) < seq) delivered.set(userId, seq);
  }

  async function detach(stream: InboxStream) {
    const mine = streams.get(stream.userId);
    mine?.delete(stream);
    if (mine?.size === 0) streams.delete(stream.userId);
    // A device that reconnects at once (maybe to another instance) must not get these again.
    await flushDelivered(stream.userId).catch(failed('could not record delivered position'));
  }

  /** Writes noted delivered positions: all of them, or one user's (a stream closing). */
  async function flushDelivered(onlyUserId?: number) {
    if (delivered.size === 0) return;
    const batch =
      onlyUserId === undefined
        ? [...delivered].sort((a, b) => a[0] - b[0])
        : delivered.has(onlyUserId)
          ? [[onlyUserId, delivered.get(onlyUserId) as number] as [number, number]]
          : [];
    if (batch.length === 0) return;
    for (const [userId] of batch) delivered.delete(userId);
    const ids = `{${batch.map(([u]) => u).join(',')}}`;
    const seqs = `{${batch.map(([, s]) => s).join(',')}}`;
    // Counter rows are locked in user id order, like every other writer of them.
    await database.rows(sql`with v as (
        select unnest(${ids}::bigint[]) as user_id, unnest(${seqs}::bigint[]) as seq
      ), locked as (
        select c.user_id, v.seq from inbox_counters c join v on v.user_id = c.user_id
        order by c.user_id for update of c
      )
      update inbox_counters c set delivered_seq = greatest(c.delivered_seq, locked.seq)
      from locked where c.user_id = locked.user_id`);
  }

  async function catchUp() {
    if (streams.size === 0) return;
    const ids = `{${[...streams.keys()].join(',')}}`;
    const rows = await database.rows<{ user_id: string | number; last_seq: string | number }>(
      sql`select user_id, last_seq from inbox_counters where user_id = any(${ids}::bigint[])`,
    );
    for (const row of rows) {
      for (const stream of streams.get(Number(row.user_id)) ?? [])
        stream.behind(Number(row.last_seq));
    }
  }

  async function prune() {
    const cutoff = new Date(Date.now() - options.retentionMs);
    await db.transaction(async (tx) => {
      // One instance prunes at a time; the others skip this round.
      const [lock] = await database.rows<{ ok: boolean }>(
        sql`select pg_try_advisory_xact_lock(7270003) as ok`,
        tx,
      );
      if (!lock?.ok) return;
      // Both rules delete a prefix of each inbox (delivered events are a prefix, and so
      // are the oldest beyond the cap), so `pruned_seq` is the one number that tells a
      // cursor it is too old.
      await database.rows(
        sql`with cut as (
            select c.user_id, greatest(
              least(c.delivered_seq, coalesce((select max(e.seq) from inbox_events e
                where e.user_id = c.user_id and e.created_at < ${cutoff.toISOString()}::timestamptz), 0)),
              c.last_seq - ${options.maxEvents}) as upto
            from inbox_counters c
          ), gone as (
            delete from inbox_events e using cut
            where e.user_id = cut.user_id and e.seq <= cut.upto
            returning e.user_id, e.seq
          )
          update inbox_counters c set pruned_seq = greatest(c.pruned_seq, g.upto)
          from (select user_id, max(seq) as upto from gone group by user_id) g
          where c.user_id = g.user_id`,
        tx,
      );
    });
  }

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
    async open(userId, after, openOptions) {
      const requested = after ? parseInboxCursor(after, userId) : null;
      const [counter] = await db
        .select()
        .from(inboxCounters)
        .where(eq(inboxCounters.userId, userId));
      if (!counter) throw badInput('This user has no inbox');
      if (requested !== null && requested > counter.lastSeq) {
        throw badInput('This inbox cursor is ahead of the inbox: was it issued by another server?');
      }
      // Positions this instance noted but has not written yet count as delivered too.
      const from = requested ?? Math.max(counter.deliveredSeq, delivered.get(userId) ?? 0);
      const stream = new InboxStream(userId, from, host, openOptions?.manualAck ?? false);
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
    flushDelivered,
    stats: () => ({
      streams: [...streams.values()].reduce((n, s) => n + s.size, 0),
      users: streams.size,
    }),
    deliveredCount: () => deliveredEvents,
    async stop() {
      clearInterval(catchupTimer);
      clearInterval(flushTimer);
      clearInterval(pruneTimer);
      detachBell();
      detachReconnect();
      for (const mine of [...streams.values()])
        for (const stream of [...mine]) await stream.return();
      await flushDelivered();
    },
  };
}

interface StreamHost {
  readAfter(userId: number, seq: number): Promise<InboxItem[]>;
  markDelivered(userId: number, seq: number): void;
  /** Forgets a closed stream and writes its user's delivered position. */
  detach(stream: InboxStream): Promise<void>;
  meters: ChatMeters;
  /** One more event reached a subscriber. */
  countDelivered(): void;
}

function itemFromBell(bell: InboxDoorbell, userId: number, seq: number): InboxItem {
  return {
    kind: bell.kind,
    userId,
    seq,
    conversationId: bell.conversationId,
    messageId: bell.messageId,
    actorId: bell.actorId,
    joined: bell.joined,
    broadcastId: bell.broadcastId,
    at: new Date(bell.at),
    bell,
  };
}

/**
 * One subscription's view of an inbox. `tail` is the highest sequence queued or emitted:
 * a doorbell for exactly `tail + 1` is queued as is; anything else (a gap, a catch-up
 * finding the counter ahead) reads the database after `tail`. Nothing at or below `tail`
 * is ever queued again, so there are no duplicates, and reads are in sequence order, so
 * there are no gaps.
 */
class InboxStream implements InboxSubscription {
  private queue: InboxItem[] = [];
  private tail: number;
  /** Highest sequence known to exist; above `tail` means the database must be read. */
  private known: number;
  private reading = false;
  /** Doorbells heard during a read may be for events its snapshot did not see. */
  private heardWhileReading = 0;
  private finished = false;
  private lastEmitted: number | null = null;
  /** Highest sequence counted as delivered (the last one is marked again at the end). */
  private counted = 0;
  /** Events read by the replay so far; null once the replay is over. */
  private replayedSoFar: number | null = 0;
  /** Events up to this sequence came from the replay; later ones are live (latency counts). */
  private replayEnd = Number.POSITIVE_INFINITY;
  private waiter: (() => void) | null = null;

  constructor(
    readonly userId: number,
    from: number,
    private readonly host: StreamHost,
    private readonly manualAck: boolean,
  ) {
    this.tail = from;
    // Replay first: read the database once even if no doorbell rings.
    this.known = Number.MAX_SAFE_INTEGER;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  /** The cursor was older than retention: tell the client, then go on from `prunedSeq`. */
  resync(prunedSeq: number) {
    this.host.meters.resynced();
    this.queue.push({
      kind: 'RESYNC',
      userId: this.userId,
      seq: prunedSeq,
      conversationId: null,
      messageId: null,
      actorId: null,
      joined: null,
      broadcastId: null,
      at: new Date(),
    });
    this.tail = prunedSeq;
  }

  onBell(seq: number, bell: InboxDoorbell) {
    if (this.finished || seq <= this.tail) return;
    if (seq === this.tail + 1 && !this.reading && this.known <= this.tail) {
      this.queue.push(itemFromBell(bell, this.userId, seq));
      this.tail = seq;
      this.known = seq;
      this.wake();
    } else {
      this.note(seq);
    }
  }

  /** The user's counter is at `lastSeq`: read up to it if this stream has not. */
  behind(lastSeq: number) {
    if (!this.finished && lastSeq > this.tail) this.note(lastSeq);
  }

  /** Something up to `seq` exists that must come from the database. */
  private note(seq: number) {
    if (this.reading) this.heardWhileReading = Math.max(this.heardWhileReading, seq);
    else this.known = Math.max(this.known, seq);
    this.wake();
  }

  private wake() {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  private async read() {
    this.reading = true;
    this.heardWhileReading = 0;
    try {
      const items = await this.host.readAfter(this.userId, this.tail);
      if (this.finished) return;
      const first = items[0];
      if (first && first.seq > this.tail + 1) {
        // Retention deleted events this stream had not reached (a consumer far behind).
        this.resync(first.seq - 1);
      }
      for (const item of items) this.queue.push(item);
      const last = items.at(-1);
      if (last) this.tail = last.seq;
      // A short page means everything committed before the read was read.
      if (items.length < REPLAY_PAGE) this.known = this.tail;
      if (this.replayedSoFar === null) {
        if (items.length > 0) this.host.meters.gapFilled();
      } else {
        this.replayedSoFar += items.length;
        if (items.length < REPLAY_PAGE) {
          this.host.meters.replayed(this.replayedSoFar);
          this.replayedSoFar = null;
          this.replayEnd = this.tail;
        }
      }
    } finally {
      this.reading = false;
      this.known = Math.max(this.known, this.heardWhileReading);
    }
  }

  ack(seq: number) {
    this.delivered(seq);
  }

  private delivered(seq: number) {
    this.host.markDelivered(this.userId, seq);
    if (seq > this.counted) {
      this.counted = seq;
      this.host.countDelivered();
    }
  }

  /** The item goes to the subscriber now. */
  private emit(item: InboxItem): InboxItem {
    this.lastEmitted = item.seq;
    if (item.seq > this.replayEnd && item.kind !== 'RESYNC') {
      this.host.meters.delivered(Date.now() - item.at.getTime());
    }
    return item;
  }

  poll(): InboxItem | undefined {
    if (this.finished || this.queue.length === 0) return undefined;
    if (this.lastEmitted !== null && !this.manualAck) this.delivered(this.lastEmitted);
    return this.emit(this.queue.shift() as InboxItem);
  }

  async next(): Promise<IteratorResult<InboxItem>> {
    // Asked for the next one: the previous one was written to the socket.
    if (this.lastEmitted !== null && !this.manualAck) this.delivered(this.lastEmitted);
    while (!this.finished) {
      const item = this.queue.shift();
      if (item) return { value: this.emit(item), done: false };
      if (this.known > this.tail) {
        await this.read();
        continue;
      }
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<InboxItem>> {
    if (!this.finished) {
      this.finished = true;
      if (this.lastEmitted !== null && !this.manualAck) this.delivered(this.lastEmitted);
      this.queue = [];
      this.wake();
      await this.host.detach(this);
    }
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<InboxItem>> {
    await this.return();
    throw error;
  }
}
