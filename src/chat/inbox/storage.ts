import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { inboxCounters } from '../../db/tables.js';
import type { InboxItem } from './item.js';

/** Events read from the database per query while replaying. */
export const REPLAY_PAGE = 1000;

/** A user's inbox counter: the last event, the last delivered one, and the pruned prefix. */
export async function readCounter(database: Database, userId: number) {
  const [counter] = await database.db
    .select()
    .from(inboxCounters)
    .where(eq(inboxCounters.userId, userId));
  return counter ?? null;
}

/** Up to REPLAY_PAGE events of a user's inbox after `seq`, in order. */
export async function readEventsAfter(
  database: Database,
  userId: number,
  seq: number,
): Promise<InboxItem[]> {
  // Raw rows shaped as InboxItems (float8 ids are exact below 2^53; the time as epoch
  // milliseconds, which both drivers return as a number): a replay page maps no row
  // through the ORM.
  // With each MESSAGE event comes what its `notify` needs: the recipient's membership of its
  // conversation as the page is read (read once per conversation of the page) and their status.
  const items = await database.rows<InboxItem>(sql`with page as materialized (
      select * from inbox_events where user_id = ${userId} and seq > ${seq}
      order by seq limit ${REPLAY_PAGE}
    ), mine as materialized (
      select conversation_id, coalesce(extract(epoch from muted_until) * 1000, 0)::float8 as until
      from members where user_id = ${userId}
        and conversation_id in (select conversation_id from page where kind = 'MESSAGE')
    )
    select
      user_id::float8 as "userId", seq::float8 as seq, kind,
      conversation_id::float8 as "conversationId", message_id::float8 as "messageId",
      actor_id::float8 as "actorId", joined, broadcast_id::float8 as "broadcastId",
      (extract(epoch from created_at) * 1000)::float8 as at,
      case when kind = 'MESSAGE' then
        (select until from mine where mine.conversation_id = page.conversation_id)
      end as "recipientMutedUntilMs",
      (select status from users where id = ${userId}) as "recipientStatus"
    from page order by seq`);
  // `at` arrives as epoch milliseconds; made a Date in place (no second object per row).
  for (const item of items) {
    item.at = new Date(item.at as unknown as number);
    item.batch = items;
  }
  return items;
}

/** Records delivered positions, `[userId, seq]` pairs sorted by user id. */
export async function writeDelivered(
  database: Database,
  batch: readonly (readonly [number, number])[],
): Promise<void> {
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

/** The last sequence number of each user's inbox. */
export async function lastSeqs(
  database: Database,
  userIds: readonly number[],
): Promise<{ userId: number; lastSeq: number }[]> {
  const ids = `{${userIds.join(',')}}`;
  const rows = await database.rows<{ user_id: string | number; last_seq: string | number }>(
    sql`select user_id, last_seq from inbox_counters where user_id = any(${ids}::bigint[])`,
  );
  return rows.map((row) => ({ userId: Number(row.user_id), lastSeq: Number(row.last_seq) }));
}

/**
 * Deletes delivered events older than `retentionMs`; undelivered events are kept (an inbox
 * over its cap takes no more instead: src/db/inbox-log.ts). One instance prunes at a time;
 * the others skip the round.
 */
export async function pruneInboxes(
  database: Database,
  limits: { retentionMs: number },
): Promise<void> {
  const cutoff = new Date(Date.now() - limits.retentionMs);
  await database.db.transaction(async (tx) => {
    const [lock] = await database.rows<{ ok: boolean }>(
      sql`select pg_try_advisory_xact_lock(7270003) as ok`,
      tx,
    );
    if (!lock?.ok) return;
    // Delivered events are a prefix of each inbox, so `pruned_seq` is the one number that
    // tells a cursor it is too old.
    await database.rows(
      sql`with cut as (
          select c.user_id,
            least(c.delivered_seq, coalesce((select max(e.seq) from inbox_events e
              where e.user_id = c.user_id and e.created_at < ${cutoff.toISOString()}::timestamptz), 0)) as upto
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
