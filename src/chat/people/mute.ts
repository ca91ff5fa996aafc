import { and, eq } from 'drizzle-orm';
import { members } from '../../db/tables.js';
import { type ConversationRow, requireMember } from '../conversations.js';
import type { ChatDeps } from '../deps.js';
import { badInput } from '../errors.js';

/** The latest `until` a mute takes (a client's "forever"). */
const LATEST_MUTE = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Mutes a conversation for its member until `until`: its messages reach them with
 * `notify: false` (a mention of them still notifies). Null, or a moment already past,
 * unmutes. Members only: NOT_FOUND or FORBIDDEN as for sending.
 */
export async function muteConversation(
  deps: ChatDeps,
  userId: number,
  conversationId: number,
  until: Date | null,
): Promise<ConversationRow> {
  await deps.limits.take('mute', userId);
  if (until && until.getTime() > LATEST_MUTE) {
    throw badInput('until must be before the year 10000');
  }
  const mutedUntil = until && until.getTime() > deps.clock.now() ? until : null;
  return deps.database.db.transaction(async (tx) => {
    const { conversation } = await requireMember(tx, conversationId, userId);
    await tx
      .update(members)
      .set({ mutedUntil })
      .where(and(eq(members.conversationId, conversationId), eq(members.userId, userId)));
    return conversation;
  });
}

/** When a membership's mute ends, or null when it is not muted now. */
export function mutedUntilOf(member: { mutedUntil: Date | null } | null, now: number): Date | null {
  return member?.mutedUntil && member.mutedUntil.getTime() > now ? member.mutedUntil : null;
}
