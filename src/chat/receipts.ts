import { sql } from 'drizzle-orm';
import type { ChatDeps } from './deps.js';
import type { MessageRow } from './messages/rows.js';
import type { Connection, PageArgs } from './pagination.js';
import type { UserRow } from './user-row.js';
import { listUsers } from './users.js';

/** How far a message got among the members other than its sender. */
export interface ReceiptCounts {
  /** Members of its conversation now, other than the sender. */
  recipients: number;
  /** Of them, those a device of whose got it (or who read it: reading implies it arrived). */
  delivered: number;
  /** Of them, those whose read position reached it. */
  read: number;
}

type Counted = Pick<MessageRow, 'id' | 'conversationId' | 'seq' | 'senderId'>;

/**
 * Receipt counts of many messages in one query (a DataLoader batch function): positions by
 * sequence number, so counting reads the members rows of the conversations asked about and
 * nothing on the send or delivery path. A message without a sender (SYSTEM) counts everyone.
 */
export async function loadReceipts(
  deps: Pick<ChatDeps, 'database'>,
  rows: readonly Counted[],
): Promise<ReceiptCounts[]> {
  const list = (pick: (m: Counted) => number) => `{${rows.map(pick).join(',')}}`;
  const counted = await deps.database.rows<{
    id: string | number;
    recipients: number;
    delivered: number;
    read: number;
  }>(
    sql`select v.id,
        count(mb.user_id)::int as recipients,
        (count(mb.user_id) filter (where greatest(mb.delivered_seq, mb.read_seq) >= v.seq))::int as delivered,
        (count(mb.user_id) filter (where mb.read_seq >= v.seq))::int as read
      from unnest(${list((m) => m.id)}::bigint[], ${list((m) => m.conversationId)}::bigint[],
        ${list((m) => m.seq)}::bigint[], ${list((m) => m.senderId ?? 0)}::bigint[])
        as v(id, conversation_id, seq, sender_id)
      left join members mb on mb.conversation_id = v.conversation_id and mb.user_id <> v.sender_id
      group by v.id`,
  );
  const byId = new Map(counted.map((r) => [Number(r.id), r]));
  return rows.map((m) => {
    const r = byId.get(m.id);
    return {
      recipients: Number(r?.recipients ?? 0),
      delivered: Number(r?.delivered ?? 0),
      read: Number(r?.read ?? 0),
    };
  });
}

/**
 * Members other than the sender whose read position reached the message, by username. The
 * caller decides who may ask (members of the conversation).
 */
export function listReaders(
  deps: ChatDeps,
  message: Counted,
  args: PageArgs,
): Promise<Connection<UserRow>> {
  return listUsers(deps, args, {
    readersOf: {
      conversationId: message.conversationId,
      seq: message.seq,
      senderId: message.senderId ?? 0,
    },
  });
}
