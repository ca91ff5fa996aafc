import type { RecipientRow } from '../conversations.js';
import type { MessageRow } from '../messages/rows.js';

/**
 * Whether a new message should alert one recipient (MessageEvent.notify). Every event is
 * delivered all the same; this only says whether a client should ring, buzz or badge.
 *
 * Not for: their own message; anyone while their status is DO_NOT_DISTURB; a conversation
 * they muted (`mutedUntil` after `now`) unless the message mentions them; a message recalled
 * since (nothing left to show); someone no longer a member (`recipient` null).
 */
export function notifies(
  recipient: Pick<RecipientRow, 'userId' | 'status' | 'mutedUntil'> | null,
  message: Pick<MessageRow, 'senderId' | 'entities' | 'deletedAt'>,
  now: number,
): boolean {
  if (!recipient || message.deletedAt) return false;
  if (message.senderId === recipient.userId) return false;
  if (recipient.status === 'DO_NOT_DISTURB') return false;
  const muted = recipient.mutedUntil !== null && recipient.mutedUntil.getTime() > now;
  if (!muted) return true;
  return (
    message.entities?.some(
      (entity) => entity.kind === 'MENTION' && entity.userId === recipient.userId,
    ) ?? false
  );
}

/**
 * Who a new message must not alert, worked out when it is sent: its sender, and those of
 * `users` (members found muted, each with its mute's end, or Infinity for DO_NOT_DISTURB)
 * whom `notifies` would not alert now. Everyone else it reaches is alerted.
 */
export function quietRecipients(
  message: Pick<MessageRow, 'senderId' | 'entities' | 'deletedAt'>,
  users: readonly number[],
  untilMs: readonly number[],
  now: number,
): number[] {
  const quiet = new Set<number>();
  if (message.senderId !== null) quiet.add(message.senderId);
  for (const [i, userId] of users.entries()) {
    const until = untilMs[i] as number;
    const recipient =
      until === Number.POSITIVE_INFINITY
        ? { userId, status: 'DO_NOT_DISTURB' as const, mutedUntil: null }
        : { userId, status: 'AVAILABLE' as const, mutedUntil: new Date(until) };
    if (!notifies(recipient, message, now)) quiet.add(userId);
  }
  return [...quiet];
}
