import { eq, sql } from 'drizzle-orm';
import { messages } from '../../db/tables.js';
import type { ChatDeps } from '../deps.js';
import { appendInboxEvent, ring } from '../doorbell.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { parseBody } from '../validation.js';
import { findEntities } from './entities.js';
import { lockMessage } from './lock.js';
import { resolveMentions } from './mentions.js';
import type { MessageRow } from './rows.js';
import { refuseNul } from './send.js';

/** Earlier versions kept per message: a row holds at most this many bodies more. */
export const MAX_EDITS = 100;

/**
 * Replaces a message's body: its sender only, within the edit window, never a recalled
 * message. The replaced body is kept in `edits` (oldest first) and every member's inbox gets
 * a MESSAGE_EDITED event. Entities are parsed again (the format stays), mentions against
 * today's members. Read positions and sequence numbers stay: unread counts do not move.
 */
export async function editMessage(
  deps: ChatDeps,
  editorId: number,
  messageId: number,
  rawBody: string,
): Promise<MessageRow> {
  // An edit costs what a send costs: one bucket, so alternating the two floods nothing.
  await deps.limits.take('send', editorId);
  refuseNul(rawBody, 'Message body');
  const body = deps.contentFilter.apply(parseBody(rawBody), 'Message body');
  const { database } = deps;
  const { message, bell } = await database.db.transaction(async (tx) => {
    const { message: found, member } = await lockMessage(tx, messageId, editorId);
    // Outside the conversation, the message does not exist (as in `message(id)`).
    if (!member) throw notFound('Message');
    if (found.senderId !== editorId) throw forbidden('Only its sender may edit a message');
    if (found.deletedAt) throw conflict('This message was recalled; it cannot be edited');
    const now = deps.clock.now();
    if (now - found.createdAt.getTime() > deps.editWindowMs) {
      throw forbidden(`A message can be edited only within ${deps.editWindowMs / 1000} seconds`);
    }
    if ((found.edits?.length ?? 0) >= MAX_EDITS) {
      throw conflict(`A message can be edited at most ${MAX_EDITS} times`);
    }
    const entities = await resolveMentions(
      tx,
      found.conversationId,
      findEntities(body, found.format),
    );
    const editedAt = new Date(now);
    const earlier = { body: found.body, editedAt: editedAt.toISOString() };
    const [updated] = await tx
      .update(messages)
      .set({
        body,
        entities: entities.length > 0 ? entities : null,
        editedAt,
        edits: sql`coalesce(${messages.edits}, '[]'::jsonb) || ${JSON.stringify([earlier])}::jsonb`,
      })
      .where(eq(messages.id, found.id))
      .returning();
    if (!updated) throw new Error(`message ${found.id} vanished under its lock`);
    const bell = await appendInboxEvent(
      deps,
      tx,
      { conversationId: updated.conversationId },
      {
        kind: 'MESSAGE_EDITED',
        conversationId: updated.conversationId,
        messageId: updated.id,
        actorId: editorId,
      },
    );
    return { message: updated, bell };
  });
  // Live deliveries on this instance read the new version, not the one sent.
  deps.recentMessages.forget(message.id);
  await ring(deps, bell);
  return message;
}
