import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { conversations, members, messages } from '../../db/tables.js';
import type { ConversationRow, MemberRow } from '../conversations.js';
import { notFound } from '../errors.js';
import type { MessageRow } from './rows.js';

/** A message locked for a change, with its conversation and the actor's membership. */
export interface LockedMessage {
  message: MessageRow;
  conversation: ConversationRow;
  /** The actor's membership; null when they are not a member. */
  member: MemberRow | null;
}

/**
 * Locks a message row for the rest of the transaction (concurrent edits and recalls of one
 * message queue here) and reads its conversation and the actor's membership in the same
 * statement. NOT_FOUND when there is no such message or its conversation was archived; who
 * may change it is the caller's rule.
 */
export async function lockMessage(
  tx: Tx,
  messageId: number,
  actorId: number,
): Promise<LockedMessage> {
  const [row] = await tx
    .select()
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .leftJoin(
      members,
      and(eq(members.conversationId, messages.conversationId), eq(members.userId, actorId)),
    )
    .where(eq(messages.id, messageId))
    .for('update', { of: messages });
  if (!row || row.conversations.archivedAt) throw notFound('Message');
  return { message: row.messages, conversation: row.conversations, member: row.members };
}
