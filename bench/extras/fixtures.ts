/**
 * Bulk SQL that builds the stored state a measurement needs in seconds instead of the
 * hours the API would take. Rows look like the server's own: a conversation's messages
 * are numbered 1..n with `last_seq`/`last_message_id` matching, members have read
 * positions, every user has an inbox counter.
 */
import type { Sql } from 'postgres';
import { BODY_BYTES } from './settings.ts';

export type Db = Sql;

/** `count` users named `<prefix>1..`, each with an inbox counter; their ids in that order. */
export async function seedUsers(sql: Db, prefix: string, count: number): Promise<number[]> {
  const rows = await sql<{ id: string }[]>`
    insert into users (username, display_name, password_hash)
    select ${prefix} || i, ${prefix} || ' ' || i, 'not-a-password-hash'
    from generate_series(1, ${count}::int) i
    order by i
    returning id`;
  const ids = rows.map((r) => Number(r.id));
  await sql`insert into inbox_counters (user_id) select unnest(${ids}::bigint[])`;
  return ids;
}

/** A DIRECT conversation between two users (`lowId:highId` key, as the server makes them). */
export async function seedDirect(sql: Db, a: number, b: number): Promise<number> {
  const [row] = await sql<{ id: string }[]>`
    insert into conversations (kind, direct_key, member_count)
    values ('DIRECT', ${`${Math.min(a, b)}:${Math.max(a, b)}`}, 2) returning id`;
  const id = Number(row?.id);
  await sql`insert into members (conversation_id, user_id) values (${id}, ${a}), (${id}, ${b})`;
  return id;
}

/** A public room with these members; the first owns it. */
export async function seedRoom(sql: Db, title: string, memberIds: number[]): Promise<number> {
  const [row] = await sql<{ id: string }[]>`
    insert into conversations (kind, title, owner_id, member_count)
    values ('ROOM', ${title}, ${memberIds[0] ?? null}, ${memberIds.length}) returning id`;
  const id = Number(row?.id);
  await sql`insert into members (conversation_id, user_id)
    select ${id}, unnest(${memberIds}::bigint[])`;
  return id;
}

/**
 * Messages 1..count in one conversation, senders taking turns, created 1 ms apart and
 * ending now; the conversation's counter and last message follow, and every sender has
 * read everything (sending moves the sender's read position).
 */
export async function seedMessages(
  sql: Db,
  conversationId: number,
  count: number,
  senderIds: number[],
): Promise<void> {
  await sql`
    insert into messages (conversation_id, seq, sender_id, kind, body, created_at)
    select ${conversationId}, i, (${senderIds}::bigint[])[1 + i % ${senderIds.length}::int], 'TEXT',
      rpad('message ' || i || ' ', ${BODY_BYTES}::int, 'lorem ipsum dolor sit amet '),
      now() - (${count}::int - i) * interval '1 millisecond'
    from generate_series(1, ${count}::int) i`;
  await sql`
    update conversations c set last_seq = m.seq, last_message_id = m.id, last_activity_at = m.created_at
    from messages m where c.id = ${conversationId} and m.conversation_id = c.id and m.seq = ${count}`;
  await sql`update members set read_seq = ${count}
    where conversation_id = ${conversationId} and user_id = any(${senderIds}::bigint[])`;
}
