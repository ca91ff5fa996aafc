import { eq } from 'drizzle-orm';
import { users } from '../../db/tables.js';
import type { UserStatus } from '../../pubsub/types.js';
import type { ChatDeps } from '../deps.js';
import { badInput, notFound } from '../errors.js';
import { refuseNul } from '../messages/send.js';
import { type UserRow, userColumns } from '../user-row.js';

export const STATUS_TEXT_MAX = 100;

/** A status text: null clears it; otherwise 1–100 characters, not only white space. */
export function parseStatusText(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  refuseNul(raw, 'Status text');
  // Bounded before NFC (which at most triples a string) copies it.
  const text = raw.length <= 4 * STATUS_TEXT_MAX ? raw.normalize('NFC').trim() : '';
  if (text.length === 0 || [...text].length > STATUS_TEXT_MAX) {
    throw badInput(
      `Status text must be 1–${STATUS_TEXT_MAX} characters and not only white space (or null)`,
    );
  }
  return text;
}

/**
 * Sets the user's status and its text (stored: it outlives sockets, restarts and instances)
 * and tells everyone who sees the user's presence, on every instance, with a presence event.
 */
export async function setStatus(
  deps: ChatDeps,
  userId: number,
  status: UserStatus,
  rawText: string | null | undefined,
): Promise<UserRow> {
  await deps.limits.take('setStatus', userId);
  const statusText = parseStatusText(rawText);
  const [user] = await deps.database.db
    .update(users)
    .set({ status, statusText })
    .where(eq(users.id, userId))
    .returning(userColumns);
  if (!user) throw notFound('User');
  const [online = false] = await deps.presence.areOnline([userId]).catch((error) => {
    deps.logger.warn({ err: error, userId }, 'presence unknown for a status change');
    return [false];
  });
  // Values, not a row: a status and a short text survive JSON over Redis as they are.
  await deps.pubsub.publish('presence', {
    userId,
    online,
    at: deps.clock.now(),
    status,
    statusText,
  });
  return user;
}
