import { and, eq, sql } from 'drizzle-orm';
import { attachments, conversations, messages, users } from '../../db/tables.js';
import type { ChatDeps } from '../deps.js';
import { appendInboxEvent, ring } from '../doorbell.js';
import { forbidden, notFound } from '../errors.js';
import { type LockedMessage, lockMessage } from './lock.js';
import type { MessageRow } from './rows.js';

/** Who may recall: the sender within the window, a room's owner and an ADMIN at any time. */
function mayRecall(
  deps: ChatDeps,
  { message, conversation, member }: LockedMessage,
  actor: { id: number; role: string },
): void {
  if (actor.role === 'ADMIN') return;
  // Outside the conversation, the message does not exist (as in `message(id)`).
  if (!member) throw notFound('Message');
  if (conversation.kind === 'ROOM' && conversation.ownerId === actor.id) return;
  if (message.senderId !== actor.id) {
    throw forbidden("Only its sender, the room's owner or an admin may recall a message");
  }
  if (deps.clock.now() - message.createdAt.getTime() > deps.recallWindowMs) {
    throw forbidden(`A message can be recalled only within ${deps.recallWindowMs / 1000} seconds`);
  }
}

/**
 * Recalls a message: it keeps its place and number as a tombstone whose body, attachment,
 * entities and earlier versions are erased from the row itself, so no read path (history, search, replies,
 * the last message, replayed events) can show them. Every member's inbox gets a
 * MESSAGE_DELETED event. Unread counts skip tombstones: the conversation remembers its
 * highest recalled number, so counting costs nothing until a recall lands after someone's
 * read position (src/chat/reads.ts). Recalling a tombstone again changes nothing.
 */
export async function recallMessage(
  deps: ChatDeps,
  actorId: number,
  messageId: number,
): Promise<MessageRow> {
  await deps.limits.take('deleteMessage', actorId);
  const { database } = deps;
  const { message, bell, storageKey } = await database.db.transaction(async (tx) => {
    const locked = await lockMessage(tx, messageId, actorId);
    const [actor] = await tx
      .select({ id: users.id, role: users.role })
      .from(users)
      .where(eq(users.id, actorId));
    if (!actor) throw notFound('Message');
    mayRecall(deps, locked, actor);
    if (locked.message.deletedAt) return { message: locked.message, bell: null, storageKey: null };
    const [tombstone] = await tx
      .update(messages)
      .set({
        body: '',
        attachment: null,
        edits: null,
        entities: null,
        deletedAt: new Date(deps.clock.now()),
      })
      .where(eq(messages.id, locked.message.id))
      .returning();
    if (!tombstone) throw new Error(`message ${locked.message.id} vanished under its lock`);
    await tx
      .update(conversations)
      .set({ lastRecalledSeq: sql`greatest(${conversations.lastRecalledSeq}, ${tombstone.seq})` })
      .where(eq(conversations.id, tombstone.conversationId));
    const bell = await appendInboxEvent(
      deps,
      tx,
      { conversationId: tombstone.conversationId },
      {
        kind: 'MESSAGE_DELETED',
        conversationId: tombstone.conversationId,
        messageId: tombstone.id,
        actorId,
      },
    );
    // Its uploaded file goes too, unless another message (a forward) still holds it.
    const attachmentId = locked.message.attachment?.id;
    const [file] =
      attachmentId == null
        ? []
        : await tx
            .delete(attachments)
            .where(
              and(
                eq(attachments.id, attachmentId),
                sql`not exists (select 1 from messages m where (m.attachment->>'id')::bigint = ${attachmentId})`,
              ),
            )
            .returning({ storageKey: attachments.storageKey });
    return { message: tombstone, bell, storageKey: file?.storageKey ?? null };
  });
  // After the commit: a rolled-back recall keeps its file.
  if (storageKey) {
    await deps.files
      .delete(storageKey)
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'recalled file not deleted'));
  }
  // Live deliveries on this instance read the tombstone, not the message as sent.
  deps.recentMessages.forget(message.id);
  await ring(deps, bell);
  return message;
}
