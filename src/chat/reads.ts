import { and, eq, gt, isNotNull, lt, sql } from 'drizzle-orm';
import { builtOnce } from '../db/built-once.js';
import type { Tx } from '../db/client.js';
import { conversations, members, messages } from '../db/tables.js';
import { type ConversationRow, directPeer, requireMember } from './conversations.js';
import type { ChatDeps } from './deps.js';
import { appendInboxEvent, ring } from './doorbell.js';
import { badInput, notFound } from './errors.js';

/**
 * Moves the viewer's read position forward to `upToMessageId` (or the latest message).
 * A move appends a ReadEvent to the reader's inbox and, in a DIRECT conversation, to the
 * other member's (a read receipt). A position never moves back.
 */
export async function markRead(
  deps: ChatDeps,
  viewerId: number,
  conversationId: number,
  upToMessageId: number | null,
): Promise<ConversationRow> {
  await deps.limits.take('markRead', viewerId);
  const { db } = deps.database;
  const result = await db.transaction(async (tx) => {
    const { conversation } = await requireMember(tx, conversationId, viewerId);
    let target: { seq: number; id: number } | null;
    if (upToMessageId !== null) {
      const [message] = await tx
        .select({ seq: messages.seq, id: messages.id, conversationId: messages.conversationId })
        .from(messages)
        .where(eq(messages.id, upToMessageId));
      if (!message) throw notFound('Message');
      if (message.conversationId !== conversationId) {
        throw badInput('upTo must be a message of this conversation');
      }
      target = message;
    } else {
      target = conversation.lastMessageId
        ? { seq: conversation.lastSeq, id: conversation.lastMessageId }
        : null;
    }
    if (!target) return { conversation, bell: null };
    const moved = await tx
      .update(members)
      .set({ readSeq: target.seq })
      .where(
        and(
          eq(members.conversationId, conversationId),
          eq(members.userId, viewerId),
          lt(members.readSeq, target.seq),
        ),
      )
      .returning({ readSeq: members.readSeq });
    if (moved.length === 0) return { conversation, bell: null };
    const peer = directPeer(conversation, viewerId);
    const bell = await appendInboxEvent(
      deps,
      tx,
      { userIds: peer ? [viewerId, peer] : [viewerId] },
      { kind: 'READ', conversationId, messageId: target.id, actorId: viewerId },
    );
    return { conversation, bell };
  });
  await ring(deps, result.bell);
  return result.conversation;
}

export interface UnreadCount {
  conversation: ConversationRow;
  count: number;
}

/**
 * Messages after the read position, less the tombstones among them; the tombstones are
 * counted (on the partial index of recalled messages) only when a recall landed after it.
 */
const unreadExpression = sql<number>`(${conversations.lastSeq} - ${members.readSeq} - case
  when ${conversations.lastRecalledSeq} > ${members.readSeq} then (select count(*) from messages r
    where r.conversation_id = ${conversations.id} and r.seq > ${members.readSeq}
      and r.deleted_at is not null)
  else 0 end)::int`;

function unreadQuery(db: Tx) {
  return db
    .select({ conversation: conversations, count: unreadExpression })
    .from(members)
    .innerJoin(conversations, eq(conversations.id, members.conversationId))
    .where(
      and(
        eq(members.userId, sql.placeholder('viewerId')),
        sql`${conversations.lastSeq} > ${members.readSeq}`,
        sql`${unreadExpression} > 0`,
      ),
    )
    .orderBy(sql`${conversations.lastActivityAt} desc`, sql`${conversations.id} desc`)
    .prepare('unread_counts');
}

/**
 * Unread counts by sequence arithmetic: the sender's own messages never lie after their
 * read position (sending moves it), so everything after it is from others, less the
 * recalled ones. The conversations come with their counts (one query).
 */
export async function unreadCounts(deps: ChatDeps, viewerId: number): Promise<UnreadCount[]> {
  const { db } = deps.database;
  const query = builtOnce(db, 'unread_counts', () => unreadQuery(db));
  const rows = await query.execute({ viewerId });
  return rows.map((r) => ({ conversation: r.conversation, count: Number(r.count) }));
}

/**
 * The viewer's unread count of one conversation, from their membership row: without a query
 * unless a message after their read position was recalled (then its tombstones are counted).
 */
export function unreadOf(
  deps: ChatDeps,
  conversation: ConversationRow,
  readSeq: number | null,
): number | Promise<number> {
  if (readSeq === null) return 0;
  const after = Math.max(0, conversation.lastSeq - readSeq);
  if (after === 0 || conversation.lastRecalledSeq <= readSeq) return after;
  return recalledAfter(deps, conversation.id, readSeq).then((recalled) =>
    Math.max(0, after - recalled),
  );
}

async function recalledAfter(deps: ChatDeps, conversationId: number, seq: number) {
  const [row] = await deps.database.db
    .select({ count: sql<number>`count(*)::int` })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        gt(messages.seq, seq),
        isNotNull(messages.deletedAt),
      ),
    );
  return Number(row?.count ?? 0);
}
