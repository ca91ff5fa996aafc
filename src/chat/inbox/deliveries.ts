import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import type { InboxDoorbell } from '../../pubsub/types.js';

/** A DIRECT message of `senderId`'s reached a device of `recipientId`'s, up to `messageId`. */
interface Reached {
  conversationId: number;
  recipientId: number;
  senderId: number;
  messageId: number;
}

/** The newest message of a conversation that reached a live subscription of `userId`'s. */
export interface ReachedMessage {
  userId: number;
  conversationId: number;
  messageId: number;
}

/**
 * Moves members' delivered positions (`members.delivered_seq`, per conversation) to the
 * newest message each user's inbox handed to a live subscription, as the inbox noted them
 * while delivering (src/chat/inbox/hub.ts), and appends one DeliveredEvent per (DIRECT
 * conversation, recipient) that moved past a message of the other member's, to that
 * member's inbox. Two statements, however many messages the batch covers, each its own
 * transaction: the members rows it moves stay locked for one statement, not across round
 * trips (a send updates its sender's row and waits for it, holding its conversation's lock:
 * a room's sends queued behind a busy instance's flush). Rows are locked in (conversation,
 * user) order, the inbox counters in user order, as every writer takes them. A position is
 * only ever moved forward, so a batch that comes late (another device, another instance)
 * moves nothing twice and no DeliveredEvent is appended twice. Should the second statement
 * fail, that batch's DeliveredEvents are lost, never a position.
 * Returns the doorbells to ring after commit.
 */
export async function recordDeliveries(
  database: Database,
  batch: readonly ReachedMessage[],
  maxEvents: number,
): Promise<InboxDoorbell[]> {
  if (batch.length === 0) return [];
  const list = (pick: (r: ReachedMessage) => number) => `{${batch.map(pick).join(',')}}`;
  // One message row read per member moved (its seq, by primary key), not one inbox event
  // per message delivered: the inbox already knows which message each delivery was. In a
  // DIRECT conversation, the newest message from the other member in the range a member's
  // position moved over is what their DeliveredEvent names.
  const reached = await database.rows<{
    conversation_id: string | number;
    recipient_id: string | number;
    sender_id: string | number;
    message_id: string | number;
  }>(
    sql`with v as (
          select unnest(${list((r) => r.userId)}::bigint[]) as user_id,
            unnest(${list((r) => r.conversationId)}::bigint[]) as conversation_id,
            unnest(${list((r) => r.messageId)}::bigint[]) as last_id
        ), reached as (
          -- A subquery in the select list keeps the primary key lookup whatever the
          -- statistics say (joined, an unanalysed database scanned the conversation's messages).
          select v.user_id, v.conversation_id,
            (select m.seq from messages m where m.id = v.last_id) as seq
          from v
        ), locked as (
          select mb.conversation_id, mb.user_id, reached.seq, mb.delivered_seq as before
          from reached
          join members mb on mb.conversation_id = reached.conversation_id and mb.user_id = reached.user_id
          where mb.delivered_seq < reached.seq
          order by mb.conversation_id, mb.user_id
          for update of mb
        ), moved as (
          update members mb set delivered_seq = locked.seq from locked
          where mb.conversation_id = locked.conversation_id and mb.user_id = locked.user_id
          returning mb.conversation_id, mb.user_id, locked.seq, locked.before
        )
        select moved.conversation_id, moved.user_id as recipient_id, o.sender_id, o.id as message_id
        from moved
        join conversations c on c.id = moved.conversation_id and c.kind = 'DIRECT'
        cross join lateral (
          select m.id, m.sender_id from messages m
          where m.conversation_id = moved.conversation_id and m.seq > moved.before
            and m.seq <= moved.seq and m.sender_id <> moved.user_id
          order by m.seq desc limit 1
        ) o`,
  );
  const events: Reached[] = reached.map((r) => ({
    conversationId: Number(r.conversation_id),
    recipientId: Number(r.recipient_id),
    senderId: Number(r.sender_id),
    messageId: Number(r.message_id),
  }));
  if (events.length === 0) return [];
  return appendDeliveredEvents(database, events, maxEvents);
}

/**
 * One DeliveredEvent per item, each to its sender's inbox, in one statement: counters locked
 * in user id order and bumped by the number of events each user gets. Kept alike with
 * src/db/inbox-log.ts insertInboxEvent (the cap: a full inbox takes the number, not the event).
 */
async function appendDeliveredEvents(
  database: Database,
  events: Reached[],
  maxEvents: number,
): Promise<InboxDoorbell[]> {
  const list = (pick: (e: Reached) => number) => `{${events.map(pick).join(',')}}`;
  const rows = await database.rows<{
    user_id: string | number;
    seq: string | number;
    conversation_id: string | number;
    message_id: string | number;
    actor_id: string | number;
    at: number;
  }>(
    sql`with ev as (
        select * from unnest(${list((e) => e.senderId)}::bigint[],
          ${list((e) => e.conversationId)}::bigint[], ${list((e) => e.messageId)}::bigint[],
          ${list((e) => e.recipientId)}::bigint[])
          with ordinality as e(user_id, conversation_id, message_id, actor_id, n)
      ), per as (
        select user_id, count(*) as cnt from ev group by user_id
      ), recipients as (
        select c.user_id from inbox_counters c join per on per.user_id = c.user_id
        order by c.user_id for update of c
      ), bumped as (
        update inbox_counters c set last_seq = c.last_seq + per.cnt
        from per, recipients r where c.user_id = per.user_id and r.user_id = per.user_id
        returning c.user_id, c.last_seq - per.cnt as base, c.delivered_seq
      ), numbered as (
        select ev.*, row_number() over (partition by ev.user_id order by ev.n) as k from ev
      ), stamp as (select clock_timestamp() as at)
      insert into inbox_events (user_id, seq, kind, conversation_id, message_id, actor_id, created_at)
      select b.user_id, b.base + nb.k, 'DELIVERED', nb.conversation_id, nb.message_id,
        nb.actor_id, stamp.at
      from bumped b join numbered nb on nb.user_id = b.user_id cross join stamp
      where b.base + nb.k - b.delivered_seq <= ${maxEvents}
      returning user_id, seq, conversation_id, message_id, actor_id,
        (extract(epoch from created_at) * 1000)::float8 as at`,
  );
  return rows.map((row) => ({
    kind: 'DELIVERED',
    conversationId: Number(row.conversation_id),
    messageId: Number(row.message_id),
    actorId: Number(row.actor_id),
    joined: null,
    broadcastId: null,
    at: Number(row.at),
    to: [Number(row.user_id), Number(row.seq)],
  }));
}
