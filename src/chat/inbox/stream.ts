import type { InboxDoorbell } from '../../pubsub/types.js';
import type { ChatMeters } from '../meters.js';
import type { InboxItem } from './item.js';
import { REPLAY_PAGE } from './storage.js';

/**
 * One open inbox: an async iterator of the user's events. Asking for the next event counts
 * the previous one as delivered: the consumer writes each event to the client first.
 */
export interface InboxSubscription extends AsyncIterableIterator<InboxItem> {
  /** Stops the stream and forgets it. */
  return(): Promise<IteratorResult<InboxItem>>;
}

/** What a stream needs from its hub. */
export interface StreamHost {
  readAfter(userId: number, seq: number): Promise<InboxItem[]>;
  /**
   * The user's events up to `seq` reached a subscriber; the last was a message
   * (`messageId` of `conversationId`) unless those are 0. `resynced`: the client was told to
   * resync; an inbox that was full takes events again once this is written.
   */
  markDelivered(
    userId: number,
    seq: number,
    conversationId: number,
    messageId: number,
    resynced: boolean,
  ): void;
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
    batch: bell,
  };
}

/**
 * One subscription's view of an inbox. `tail` is the highest sequence queued or emitted:
 * a doorbell for exactly `tail + 1` is queued as is; anything else (a gap, a catch-up
 * finding the counter ahead) reads the database after `tail`. Nothing at or below `tail`
 * is ever queued again, so there are no duplicates, and reads are in sequence order, so
 * there are no gaps. A number the database does not hold was pruned or dropped (an inbox
 * over its cap): the stream says so with a ResyncEvent where it is missing.
 */
export class InboxStream implements InboxSubscription {
  private queue: InboxItem[] = [];
  private tail: number;
  /** Highest sequence known to exist; above `tail` means the database must be read. */
  private known: number;
  private reading = false;
  /** Doorbells heard during a read may be for events its snapshot did not see. */
  private heardWhileReading = 0;
  private finished = false;
  private lastEmitted: number | null = null;
  /** The last event emitted, when it was a message (its receipts move once it is delivered). */
  private lastConversationId = 0;
  private lastMessageId = 0;
  /** Highest sequence counted as delivered. */
  private counted = 0;
  /** Events read by the replay so far; null once the replay is over. */
  private replayedSoFar: number | null = 0;
  /** Events up to this sequence came from the replay; later ones are live (latency counts). */
  private replayEnd = Number.POSITIVE_INFINITY;
  private lastWasResync = false;
  private waiter: (() => void) | null = null;
  /** Highest sequence known to be committed (stored or dropped); a read sees all up to it. */
  private committed: number;

  constructor(
    readonly userId: number,
    from: number,
    private readonly host: StreamHost,
    /** The user's counter when the stream was opened. */
    lastSeq: number,
  ) {
    this.tail = from;
    this.committed = lastSeq;
    // Replay first: read the database once even if no doorbell rings.
    this.known = Number.MAX_SAFE_INTEGER;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  /** Events up to `prunedSeq` are gone (retention, or the cap): tell the client, go on after. */
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
    this.committed = Math.max(this.committed, seq);
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
    // Everything up to here committed before the read began, so the read sees it or it is gone.
    const reach = this.committed;
    try {
      const items = await this.host.readAfter(this.userId, this.tail);
      if (this.finished) return;
      for (const item of items) {
        // Retention deleted events this stream had not reached (a consumer far behind), or
        // the inbox was over its cap when they were written.
        if (item.seq > this.tail + 1) this.resync(item.seq - 1);
        this.queue.push(item);
        this.tail = item.seq;
      }
      // A short page means everything committed before the read was read.
      if (items.length < REPLAY_PAGE) {
        if (reach > this.tail) this.resync(reach);
        this.known = this.tail;
      }
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

  private delivered(seq: number) {
    this.host.markDelivered(
      this.userId,
      seq,
      this.lastConversationId,
      this.lastMessageId,
      this.lastWasResync,
    );
    if (seq > this.counted) {
      this.counted = seq;
      this.host.countDelivered();
    }
  }

  /** The item goes to the subscriber now. */
  private emit(item: InboxItem): InboxItem {
    this.lastEmitted = item.seq;
    const message = item.kind === 'MESSAGE' && item.conversationId && item.messageId;
    this.lastConversationId = message ? (item.conversationId as number) : 0;
    this.lastMessageId = message ? (item.messageId as number) : 0;
    this.lastWasResync = item.kind === 'RESYNC';
    if (item.seq > this.replayEnd && item.kind !== 'RESYNC') {
      this.host.meters.delivered(Date.now() - item.at.getTime());
    }
    return item;
  }

  async next(): Promise<IteratorResult<InboxItem>> {
    // Asked for the next one: the previous one was written to the socket.
    if (this.lastEmitted !== null) this.delivered(this.lastEmitted);
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
      // The last event handed out counts only once the next is asked for: stopped before
      // that, its write may have failed (a closed socket), so a later inbox gives it again.
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
