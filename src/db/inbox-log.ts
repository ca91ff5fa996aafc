import { type SQL, sql } from 'drizzle-orm';
import type { Database, Tx } from './client.js';
import type { inboxEvents } from './tables.js';

export type InboxEventKind = (typeof inboxEvents.$inferInsert)['kind'];

export interface NewInboxEvent {
  kind: InboxEventKind;
  conversationId?: number | null;
  messageId?: number | null;
  actorId?: number | null;
  joined?: boolean | null;
  broadcastId?: number | null;
}

/** Where an appended event landed. */
export interface InsertedInboxEvent {
  /** When it was stored (epoch milliseconds); null when it had no recipient. */
  at: number | null;
  /** The inboxes it landed in, flattened: userId, seq, userId, seq... (user id order). */
  inboxes: number[];
}

/** Who receives an event: a conversation's members, some users, or a range of everyone. */
export type Recipients =
  /** `alsoUserId`: one more recipient, e.g. a member whose row this transaction deleted. */
  | { conversationId: number; alsoUserId?: number }
  | { userIds: number[] }
  | { everyone: true; afterUserId: number; upToUserId: number; limit: number };

function recipientQuery(to: Recipients): SQL {
  if ('conversationId' in to && to.alsoUserId !== undefined) {
    return sql`select c.user_id from inbox_counters c
      where c.user_id in (select m.user_id from members m where m.conversation_id = ${to.conversationId}
        union all select ${to.alsoUserId}::bigint)
      order by c.user_id`;
  }
  if ('conversationId' in to) {
    return sql`select c.user_id from inbox_counters c
      join members m on m.user_id = c.user_id and m.conversation_id = ${to.conversationId}
      order by c.user_id`;
  }
  if ('userIds' in to) {
    return sql`select c.user_id from inbox_counters c
      where c.user_id = any(${`{${to.userIds.join(',')}}`}::bigint[]) order by c.user_id`;
  }
  return sql`select c.user_id from inbox_counters c
    where c.user_id > ${to.afterUserId} and c.user_id <= ${to.upToUserId}
    order by c.user_id limit ${to.limit}`;
}

/**
 * Appends one event to the inbox of every recipient in one statement. A recipient with
 * `maxEvents` undelivered events gets the event's number but not the event: what their
 * inbox holds is never deleted to make room, and the gap tells their reader to resync.
 * `inboxes` names only those who got it. Each recipient's
 * counter row is locked (in user id order, so concurrent writers never deadlock) and
 * bumped in this transaction, so a user's sequence order is commit order. Call it last
 * in a transaction: counters are the last locks every writer takes. Returns where it
 * landed, for the doorbell rung after commit. A sent message's event is appended by
 * chat_send_message (drizzle/0001_send_message.sql) with the same statement: keep the two
 * alike.
 */
export async function insertInboxEvent(
  database: Database,
  tx: Tx,
  to: Recipients,
  event: NewInboxEvent,
  maxEvents: number,
): Promise<InsertedInboxEvent> {
  const rows = await database.rows<{ user_id: string | number; seq: string | number; at: string }>(
    sql`with recipients as (
        ${recipientQuery(to)} for update of c
      ), bumped as (
        update inbox_counters c set last_seq = c.last_seq + 1
        from recipients r where c.user_id = r.user_id
        returning c.user_id, c.last_seq, c.delivered_seq
      ), stamp as (select clock_timestamp() as at)
      insert into inbox_events
        (user_id, seq, kind, conversation_id, message_id, actor_id, joined, broadcast_id, created_at)
      select user_id, last_seq, ${event.kind}, ${event.conversationId ?? null}::bigint,
        ${event.messageId ?? null}::bigint, ${event.actorId ?? null}::bigint,
        ${event.joined ?? null}::boolean, ${event.broadcastId ?? null}::bigint, stamp.at
      from bumped, stamp where bumped.last_seq - bumped.delivered_seq <= ${maxEvents}
      returning user_id, seq, (extract(epoch from created_at) * 1000)::float8 as at`,
    tx,
  );
  const inboxes: number[] = [];
  for (const r of rows) inboxes.push(Number(r.user_id), Number(r.seq));
  return { at: rows[0] ? Number(rows[0].at) : null, inboxes };
}
