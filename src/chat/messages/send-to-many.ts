import { and, eq, sql } from 'drizzle-orm';
import { anyId } from '../../db/any-id.js';
import type { Tx } from '../../db/client.js';
import { pgError } from '../../db/errors.js';
import { inOrderOf } from '../../db/in-order.js';
import { messageBatches, messages, users } from '../../db/tables.js';
import type { InboxDoorbell } from '../../pubsub/types.js';
import { ensureDirectConversation } from '../conversations.js';
import type { ChatDeps } from '../deps.js';
import { ring } from '../doorbell.js';
import { badInput, conflict, notFound } from '../errors.js';
import { ownAttachment } from '../files/access.js';
import type { TextFormat } from './entities.js';
import { resolveMentions } from './mentions.js';
import type { MessageKind, MessageRow } from './rows.js';
import { callSend, REFUSALS, sentBell, sentMessage, type ValidSend, validateSend } from './send.js';

/** Users one sendToMany may address. */
export const MAX_SEND_TO_MANY = 100;

/** 1 to MAX_SEND_TO_MANY users, or BAD_USER_INPUT. */
export function boundRecipients(count: number): void {
  if (count === 0 || count > MAX_SEND_TO_MANY) {
    throw badInput(`toUserIds must name 1–${MAX_SEND_TO_MANY} users`);
  }
}

export interface SendToManyInput {
  toUserIds: number[];
  body: string;
  kind?: MessageKind | null;
  format?: TextFormat | null;
  /** An uploaded file of the sender's, sent with every message. */
  attachmentId?: number | null;
  clientId?: string | null;
}

/**
 * One message into the DIRECT conversation of the sender with each user (made on first
 * use), all or nothing: one transaction, and an unknown user (NOT_FOUND), the sender among
 * them or a bad body (BAD_USER_INPUT) sends nothing. Each message goes through
 * chat_send_message like any send (MessageEvents, entities, read position) and counts
 * against the send rate limit. A repeated id counts once; the answer lists one message per
 * distinct user, in the order first named. With a clientId, the same sender and clientId
 * give back the messages of the first call (CONFLICT for other users or another body);
 * these keys are apart from `send`'s.
 */
export async function sendToMany(
  deps: ChatDeps,
  senderId: number,
  input: SendToManyInput,
): Promise<MessageRow[]> {
  boundRecipients(input.toUserIds.length);
  const toUserIds = [...new Set(input.toUserIds)];
  // Each message is a send; counted before validation, as a send is.
  await deps.limits.take('send', senderId, toUserIds.length);
  if (toUserIds.includes(senderId)) {
    throw badInput('toUserIds names you: a direct message needs another user');
  }
  const valid = validateSend(deps, {
    toUserId: toUserIds[0] as number,
    body: input.body,
    kind: input.kind,
    format: input.format,
    attachmentId: input.attachmentId,
    clientId: input.clientId,
  });
  if (input.attachmentId != null) {
    valid.attachment = await ownAttachment(deps, senderId, input.attachmentId, valid.kind);
  }
  let sent: { messages: MessageRow[]; bells: InboxDoorbell[] } | null;
  try {
    sent = await deps.database.db.transaction((tx) =>
      sendAll(deps, tx, senderId, toUserIds, valid),
    );
  } catch (error) {
    const refusal = REFUSALS[pgError(error).code ?? ''];
    throw refusal ? refusal() : error;
  }
  if (!sent) {
    return sameBatch(deps, senderId, valid.clientId as string, toUserIds, valid.body);
  }
  for (const message of sent.messages) deps.recentMessages.remember(message);
  // In order, after commit; a lost doorbell is made good by the inbox catch-up.
  (async () => {
    for (const bell of sent.bells) await ring(deps, bell);
  })().catch((error: unknown) =>
    deps.logger.warn({ err: error }, 'doorbell failed; the inbox catch-up delivers'),
  );
  return sent.messages;
}

/**
 * The sends, in one transaction; null when the clientId names an earlier call. Locks are
 * taken up front in the order every writer takes them: the conversation rows (id order),
 * the sender's member rows, then every inbox counter concerned (user id order), so the
 * chat_send_message calls that follow wait for nothing and two calls never deadlock.
 */
async function sendAll(
  deps: ChatDeps,
  tx: Tx,
  senderId: number,
  toUserIds: number[],
  valid: ValidSend,
): Promise<{ messages: MessageRow[]; bells: InboxDoorbell[] } | null> {
  if (valid.clientId) {
    // A concurrent call with the same key waits here for the first to commit (or roll back).
    const [claimed] = await tx
      .insert(messageBatches)
      .values({ senderId, clientId: valid.clientId, toUserIds, messageIds: [] })
      .onConflictDoNothing()
      .returning({ senderId: messageBatches.senderId });
    if (!claimed) return null;
  }
  const known = await tx.select({ id: users.id }).from(users).where(anyId(users.id, toUserIds));
  if (known.length !== toUserIds.length) throw notFound('User');

  const conversationOf = new Map<number, number>();
  for (const userId of [...toUserIds].sort((a, b) => a - b)) {
    conversationOf.set(userId, (await ensureDirectConversation(tx, senderId, userId)).id);
  }
  const conversationIds = `{${[...conversationOf.values()].join(',')}}`;
  const everyone = `{${[senderId, ...toUserIds].join(',')}}`;
  await deps.database.rows(
    sql`select id from conversations where id = any(${conversationIds}::bigint[])
      order by id for update`,
    tx,
  );
  await deps.database.rows(
    sql`select conversation_id from members
      where conversation_id = any(${conversationIds}::bigint[]) and user_id = ${senderId}
      order by conversation_id for update`,
    tx,
  );
  await deps.database.rows(
    sql`select user_id from inbox_counters where user_id = any(${everyone}::bigint[])
      order by user_id for update`,
    tx,
  );

  // Each message is its own; the call's clientId is kept on the batch, not on them.
  const each: ValidSend = { ...valid, clientId: null };
  const sent: MessageRow[] = [];
  const bells: InboxDoorbell[] = [];
  for (const userId of toUserIds) {
    const conversationId = conversationOf.get(userId) as number;
    const row = await callSend(deps, senderId, { conversationId }, each, null, tx);
    let entities = null;
    if (each.format !== 'PLAIN' || each.found.length > 0) {
      const found = await resolveMentions(tx, conversationId, each.found);
      entities = found.length > 0 ? found : null;
      await tx
        .update(messages)
        .set({ format: each.format, entities })
        .where(eq(messages.id, Number(row.sent_id)));
    }
    const message = sentMessage(senderId, row, each, null, { forwardOfId: null, entities });
    sent.push(message);
    bells.push(sentBell(row, message, deps.clock.now()));
  }
  if (valid.clientId) {
    await tx
      .update(messageBatches)
      .set({ messageIds: sent.map((m) => m.id) })
      .where(
        and(eq(messageBatches.senderId, senderId), eq(messageBatches.clientId, valid.clientId)),
      );
  }
  return { messages: sent, bells };
}

/** The messages of an earlier call with this clientId, if it asked the same. */
async function sameBatch(
  deps: ChatDeps,
  senderId: number,
  clientId: string,
  toUserIds: number[],
  body: string,
): Promise<MessageRow[]> {
  const { db } = deps.database;
  const [batch] = await db
    .select()
    .from(messageBatches)
    .where(and(eq(messageBatches.senderId, senderId), eq(messageBatches.clientId, clientId)));
  if (!batch) throw new Error('message batch vanished');
  const sorted = (ids: readonly number[]) => [...ids].sort((a, b) => a - b).join(',');
  const rows = await db.select().from(messages).where(anyId(messages.id, batch.messageIds));
  const found = inOrderOf(batch.messageIds, rows, (row) => row.id);
  const same =
    sorted(batch.toUserIds) === sorted(toUserIds) && (found[0] == null || found[0].body === body);
  if (!same) throw conflict('This clientId was already used for different messages');
  // In the order of this call (the same users; a message may be gone to retention).
  const byUser = new Map(batch.toUserIds.map((userId, i) => [userId, found[i]]));
  return toUserIds.flatMap((userId) => byUser.get(userId) ?? []);
}
