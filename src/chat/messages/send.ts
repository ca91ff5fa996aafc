import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { PG_UNIQUE_VIOLATION, pgError } from '../../db/errors.js';
import { type AttachmentData, members, messages, type TextEntityData } from '../../db/tables.js';
import type { InboxDoorbell } from '../../pubsub/types.js';
import {
  ensureDirectConversation,
  findDirectConversation,
  requireMember,
} from '../conversations.js';
import type { ChatDeps } from '../deps.js';
import { ring } from '../doorbell.js';
import { badInput, type ChatError, conflict, forbidden, notFound } from '../errors.js';
import { ownAttachment } from '../files/access.js';
import { quietRecipients } from '../people/notify.js';
import { type Attachment, parseAttachment, parseBody, parseClientId } from '../validation.js';
import { type FoundEntity, findEntities, type TextFormat } from './entities.js';
import { resolveMentions } from './mentions.js';
import type { MessageKind, MessageRow } from './rows.js';

export interface SendInput {
  conversationId?: number | null;
  toUserId?: number | null;
  body: string;
  kind?: MessageKind | null;
  attachment?: unknown;
  replyToId?: number | null;
  clientId?: string | null;
  /** A message the sender can see, whose body, kind, format and attachment are copied. */
  forwardOfId?: number | null;
  format?: TextFormat | null;
  /** A file the sender uploaded (uploadAttachment). */
  attachmentId?: number | null;
}

const KINDS_WITH_ATTACHMENT: MessageKind[] = ['IMAGE', 'FILE', 'AUDIO'];

export interface ValidSend {
  body: string;
  kind: MessageKind;
  attachment: Attachment | AttachmentData | null;
  clientId: string | null;
  format: TextFormat;
  /** The body's entities, mentions not yet matched to members. */
  found: FoundEntity[];
}

/** PostgreSQL text and jsonb cannot hold U+0000: refuse it here rather than fail (masked) in the database. */
export function refuseNul(value: unknown, what: string): void {
  // A string is searched as it is; anything else in its JSON form, where U+0000 is escaped.
  const nul =
    typeof value === 'string'
      ? value.includes('\u0000')
      : value != null && JSON.stringify(value).includes('\\u0000');
  if (nul) {
    throw badInput(`${what} must not contain the NUL character (U+0000)`);
  }
}

export function validateSend(deps: ChatDeps, input: SendInput): ValidSend {
  if ((input.conversationId == null) === (input.toUserId == null)) {
    throw badInput('Give exactly one of conversationId and toUserId');
  }
  refuseNul(input.body, 'Message body');
  refuseNul(input.attachment, 'Attachment');
  refuseNul(input.clientId, 'clientId');
  if (input.forwardOfId != null) {
    // The copy's content is the original's, read under its lock (copyForwarded).
    if (input.body !== '' || input.attachment != null || input.attachmentId != null) {
      throw badInput(
        'A forward copies its body and attachment: pass an empty body and no attachment',
      );
    }
    return {
      body: '',
      kind: 'TEXT',
      attachment: null,
      clientId: parseClientId(input.clientId),
      format: 'PLAIN',
      found: [],
    };
  }
  const body = deps.contentFilter.apply(parseBody(input.body), 'Message body');
  const kind = input.kind ?? 'TEXT';
  if (kind === 'SYSTEM') throw badInput('SYSTEM messages are sent by the server, not by users');
  if (input.attachment != null && input.attachmentId != null) {
    throw badInput('Give at most one of attachment and attachmentId');
  }
  const attachment = input.attachment == null ? null : parseAttachment(input.attachment);
  if (KINDS_WITH_ATTACHMENT.includes(kind) && !attachment && input.attachmentId == null) {
    throw badInput(`A ${kind} message needs an attachment`);
  }
  const format = input.format ?? 'PLAIN';
  return {
    body,
    kind,
    attachment,
    clientId: parseClientId(input.clientId),
    format,
    found: findEntities(body, format),
  };
}

/** The same sender and clientId give back the first message; a different one is a CONFLICT. */
async function findIdempotent(
  deps: ChatDeps,
  senderId: number,
  clientId: string,
  body: string,
  input: SendInput,
): Promise<MessageRow | null> {
  const { db } = deps.database;
  const [first] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.senderId, senderId), eq(messages.clientId, clientId)));
  if (!first) return null;
  // Look the DIRECT conversation up without making it: a refused send creates nothing.
  const target =
    input.conversationId ??
    (await findDirectConversation(db, senderId, input.toUserId as number))?.id ??
    null;
  const sameContent =
    input.forwardOfId != null ? first.forwardOfId === input.forwardOfId : first.body === body;
  if (!sameContent || first.conversationId !== target) {
    throw conflict('This clientId was already used for a different message');
  }
  return first;
}

/**
 * Sends a message: numbers it under the conversation's row lock (so sequence order is
 * commit order), moves the sender's read position, appends a MessageEvent to every
 * member's inbox, and rings their doorbells after commit. All of it is one call of the
 * `chat_send_message` function (drizzle/0001_send_message.sql): one round trip. A first
 * direct message makes its DIRECT conversation in a transaction around that call.
 */
export async function send(
  deps: ChatDeps,
  senderId: number,
  input: SendInput,
): Promise<MessageRow> {
  // Counted before validation: a flood of bad requests is still a flood.
  await deps.limits.take('send', senderId);
  const valid = validateSend(deps, input);
  if (input.attachmentId != null) {
    valid.attachment = await ownAttachment(deps, senderId, input.attachmentId, valid.kind);
  }
  try {
    const { message, bell } = await insertMessage(deps, senderId, input, valid);
    // Chaos fault switch (CHAT_FAULT_CRASH_AFTER_COMMIT, off by default): die committed, unrung.
    if (Math.random() < deps.faultCrashAfterCommit) process.kill(process.pid, 'SIGKILL');
    // This instance's subscribers render the message from memory, not from a read back.
    deps.recentMessages.remember(message);
    // The answer does not wait for Redis: the message is committed, and a late or lost
    // doorbell is made good from the database by the inbox catch-up. The publish is issued
    // before the answer goes out, so a sender's next message never rings before this one.
    ring(deps, bell).catch((error: unknown) =>
      deps.logger.warn({ err: error }, 'doorbell failed; the inbox catch-up delivers'),
    );
    return message;
  } catch (error) {
    // A clientId seen before (a retry, or two sends racing): the first message answers, and
    // the unique index, not a read before every send, is what notices.
    if (valid.clientId && pgError(error).code === PG_UNIQUE_VIOLATION) {
      const first = await findIdempotent(deps, senderId, valid.clientId, valid.body, input);
      if (first) return first;
    }
    throw error;
  }
}

/** What chat_send_message returns: the message's numbers and its doorbell's recipients. */
export interface SentRow {
  sent_id: number;
  sent_conversation_id: number;
  sent_seq: number;
  sent_at_ms: number;
  bell_at_ms: number;
  bell_users: number[];
  bell_seqs: number[];
  /** Members who may not want it to alert them: each one's mute end, or Infinity (DO_NOT_DISTURB). */
  quiet_users: number[];
  quiet_until_ms: number[];
}

/** The refusals chat_send_message raises (SQLSTATE), as the errors the client sees. */
export const REFUSALS: Record<string, () => ChatError> = {
  CH404: () => notFound('Conversation'),
  CH403: () => forbidden('Join this room first'),
  CH402: () => notFound('Message to reply to'),
  CH400: () => badInput('replyToId must be a message of the same conversation'),
};
/** The refusals about replyToId, raised before the sender's membership is known. */
const REPLY_REFUSALS = new Set(['CH402', 'CH400']);
/** Raised when the two users have no DIRECT conversation yet. */
const NO_DIRECT_CONVERSATION = 'CH001';

export async function callSend(
  deps: ChatDeps,
  senderId: number,
  to: { conversationId: number } | { toUserId: number },
  valid: ValidSend,
  replyToId: number | null,
  tx?: Tx,
): Promise<SentRow> {
  const conversationId = 'conversationId' in to ? to.conversationId : null;
  const toUserId = 'toUserId' in to ? to.toUserId : null;
  const attachment = valid.attachment ? JSON.stringify(valid.attachment) : null;
  const [row] = await deps.database.rows<SentRow>(
    sql`select * from chat_send_message(${senderId}::bigint, ${conversationId}::bigint,
      ${toUserId}::bigint, ${valid.kind}::text, ${valid.body}::text, ${attachment}::jsonb,
      ${replyToId}::bigint, ${valid.clientId}::text, ${deps.inboxMaxEvents}::bigint)`,
    tx,
  );
  if (!row) throw new Error('chat_send_message returned no row');
  return row;
}

/** What a message needs beyond chat_send_message's columns (forward, format, entities). */
export interface Extras {
  forwardOfId: number | null;
  entities: TextEntityData[] | null;
}

const needsExtras = (input: SendInput, valid: ValidSend) =>
  input.forwardOfId != null || valid.format !== 'PLAIN' || valid.found.length > 0;

/**
 * Copies a message the sender can see into `valid`. It is read under a share lock, so a
 * recall waits for the copy (and a copy never outlives a recall that committed first).
 */
async function copyForwarded(
  tx: Tx,
  senderId: number,
  forwardOfId: number,
  valid: ValidSend,
): Promise<void> {
  const [original] = await tx
    .select()
    .from(messages)
    .innerJoin(
      members,
      and(eq(members.conversationId, messages.conversationId), eq(members.userId, senderId)),
    )
    .where(eq(messages.id, forwardOfId))
    .for('share', { of: messages });
  if (!original) throw notFound('Message to forward');
  if (original.messages.deletedAt) throw conflict('This message was recalled');
  valid.body = original.messages.body;
  valid.kind = original.messages.kind;
  valid.attachment = original.messages.attachment as Attachment | null;
  valid.format = original.messages.format;
  valid.found = findEntities(valid.body, valid.format);
}

/**
 * A message with extras, in one transaction: chat_send_message, then its forward, format and
 * entities (mentions of the target conversation's members) on the row it wrote. Plain
 * messages without entities, nearly all of them, never come here. The first message to a user
 * makes the DIRECT conversation in the same transaction.
 */
async function sendWithExtras(
  deps: ChatDeps,
  senderId: number,
  input: SendInput,
  valid: ValidSend,
): Promise<{ row: SentRow; extras: Extras }> {
  return deps.database.db.transaction(async (tx) => {
    const forwardOfId = input.forwardOfId ?? null;
    if (forwardOfId !== null) await copyForwarded(tx, senderId, forwardOfId, valid);
    const conversationId =
      input.conversationId ??
      (await ensureDirectConversation(tx, senderId, input.toUserId as number)).id;
    const row = await callSend(
      deps,
      senderId,
      { conversationId },
      valid,
      input.replyToId ?? null,
      tx,
    );
    const found = await resolveMentions(tx, conversationId, valid.found);
    const entities = found.length > 0 ? found : null;
    await tx
      .update(messages)
      .set({ forwardOfId, format: valid.format, entities })
      .where(eq(messages.id, Number(row.sent_id)));
    return { row, extras: { forwardOfId, entities } };
  });
}

/** A new message: one call of chat_send_message, in a transaction for a first direct message. */
async function sendNew(
  deps: ChatDeps,
  senderId: number,
  input: SendInput,
  valid: ValidSend,
  replyToId: number | null,
): Promise<SentRow> {
  try {
    return await callSend(
      deps,
      senderId,
      input.conversationId != null
        ? { conversationId: input.conversationId }
        : { toUserId: input.toUserId as number },
      valid,
      replyToId,
    );
  } catch (error) {
    if (pgError(error).code !== NO_DIRECT_CONVERSATION) throw error;
    // The first direct message: make the conversation and send in one transaction, so a
    // message refused later (a bad reply, say) leaves no empty conversation behind.
    return deps.database.db.transaction(async (tx) => {
      const { id } = await ensureDirectConversation(tx, senderId, input.toUserId as number);
      return callSend(deps, senderId, { conversationId: id }, valid, replyToId, tx);
    });
  }
}

async function insertMessage(
  deps: ChatDeps,
  senderId: number,
  input: SendInput,
  valid: ValidSend,
): Promise<{ message: MessageRow; bell: InboxDoorbell }> {
  const replyToId = input.replyToId ?? null;
  let row: SentRow;
  let extras: Extras = { forwardOfId: null, entities: null };
  try {
    if (needsExtras(input, valid)) {
      ({ row, extras } = await sendWithExtras(deps, senderId, input, valid));
    } else {
      row = await sendNew(deps, senderId, input, valid, replyToId);
    }
  } catch (error) {
    const code = pgError(error).code ?? '';
    // chat_send_message checks the reply before the membership; an outsider must not learn
    // from the reply's error whether a message belongs to a room they cannot see, so their
    // refusal is the one requireMember gives, whatever replyToId names.
    if (REPLY_REFUSALS.has(code) && input.conversationId != null) {
      await requireMember(deps.database.db, input.conversationId, senderId);
    }
    const refusal = REFUSALS[code];
    throw refusal ? refusal() : error;
  }
  const message = sentMessage(senderId, row, valid, replyToId, extras);
  const bell = sentBell(row, message, deps.clock.now());
  return { message, bell };
}

/** The message chat_send_message wrote, as a row (no read back). */
export function sentMessage(
  senderId: number,
  row: SentRow,
  valid: ValidSend,
  replyToId: number | null,
  extras: Extras,
): MessageRow {
  return {
    id: Number(row.sent_id),
    conversationId: Number(row.sent_conversation_id),
    seq: Number(row.sent_seq),
    senderId,
    kind: valid.kind,
    body: valid.body,
    attachment: valid.attachment as MessageRow['attachment'],
    replyToId,
    clientId: valid.clientId,
    createdAt: new Date(Number(row.sent_at_ms)),
    editedAt: null,
    edits: null,
    deletedAt: null,
    forwardOfId: extras.forwardOfId,
    format: valid.format,
    entities: extras.entities,
  };
}

/**
 * The doorbell of the MessageEvent chat_send_message stored, with the recipients it must not
 * alert worked out now (the mentions are known), so no instance reads memberships for it.
 */
export function sentBell(row: SentRow, message: MessageRow, now: number): InboxDoorbell {
  const to: number[] = [];
  for (const [i, userId] of row.bell_users.entries()) {
    to.push(Number(userId), Number(row.bell_seqs[i]));
  }
  return {
    kind: 'MESSAGE',
    conversationId: Number(row.sent_conversation_id),
    messageId: Number(row.sent_id),
    actorId: null,
    joined: null,
    broadcastId: null,
    at: Number(row.bell_at_ms),
    to,
    quiet: quietRecipients(
      message,
      row.quiet_users.map(Number),
      row.quiet_until_ms.map(Number),
      now,
    ),
  };
}
