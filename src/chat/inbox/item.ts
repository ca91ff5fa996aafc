import type { users } from '../../db/tables.js';
import type { InboxDoorbell } from '../../pubsub/types.js';
import { decodeCursor, encodeCursor } from '../cursors.js';
import { badInput } from '../errors.js';

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
  /**
   * The events that came together with this one (its doorbell, or its replay page): rows
   * they refer to are loaded once per batch.
   */
  batch?: object;
  /**
   * MESSAGE only: whether it should alert this recipient (MessageEvent.notify), when it was
   * worked out before execution (src/schema/notify.ts); undefined otherwise.
   */
  notify?: boolean;
  /**
   * MESSAGE events read from storage: the recipient's membership as the page was read, for
   * `notify` (its mute's end in epoch milliseconds, 0 for none; null when no longer a
   * member) and their status. Absent on live events (their doorbell says who is quiet).
   */
  recipientMutedUntilMs?: number | null;
  recipientStatus?: (typeof users.$inferSelect)['status'];
}

export function inboxCursor(userId: number, seq: number): string {
  return encodeCursor('i', userId, seq);
}

/** The sequence number in a cursor of `userId`'s inbox; anything else is BAD_USER_INPUT. */
export function parseInboxCursor(cursor: string, userId: number): number {
  const [owner, seq] = decodeCursor(cursor, 'i', 2).map(Number);
  if (owner === undefined || seq === undefined || !Number.isSafeInteger(seq) || seq < 0) {
    throw badInput('Malformed inbox cursor: pass back a cursor the inbox gave you');
  }
  if (owner !== userId) throw badInput('This inbox cursor belongs to another user');
  return seq;
}
