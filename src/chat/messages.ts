import { and, asc, desc, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import { PG_UNIQUE_VIOLATION, pgError } from '../db/errors.js';
import { appendInboxEvent } from '../db/inbox-log.js';
import { conversations, members, messages } from '../db/tables.js';
import type { InboxDoorbell } from '../pubsub/types.js';
import {
  ensureDirectConversation,
  findDirectConversation,
  requireMember,
} from './conversations.js';
import { decodeIntCursor, encodeCursor } from './cursors.js';
import type { ChatDeps } from './deps.js';
import { ring } from './doorbell.js';
import { badInput, conflict, notFound } from './errors.js';
import { type Connection, type PageArgs, parsePage, toConnection } from './pagination.js';
import { type Attachment, parseAttachment, parseBody, parseClientId } from './validation.js';

export type MessageRow = typeof messages.$inferSelect;
export type MessageKind = MessageRow['kind'];

export interface SendInput {
  conversationId?: number | null;
  toUserId?: number | null;
  body: string;
  kind?: MessageKind | null;
  attachment?: unknown;
  replyToId?: number | null;
  clientId?: string | null;
}

const KINDS_WITH_ATTACHMENT: MessageKind[] = ['IMAGE', 'FILE', 'AUDIO'];

interface ValidSend {
  body: string;
  kind: MessageKind;
  attachment: Attachment | null;
  clientId: string | null;
}

/** PostgreSQL text and jsonb cannot hold U+0000: refuse it here rather than fail (masked) in the database. */
function refuseNul(value: unknown, what: string): void {
  if (value != null && JSON.stringify(value).includes('\\u0000')) {
    throw badInput(`${what} must not contain the NUL character (U+0000)`);
  }
}

function validateSend(input: SendInput): ValidSend {
  if ((input.conversationId == null) === (input.toUserId == null)) {
    throw badInput('Give exactly one of conversationId and toUserId');
  }
  refuseNul(input.body, 'Message body');
  refuseNul(input.attachment, 'Attachment');
  refuseNul(input.clientId, 'clientId');
  const body = parseBody(input.body);
  const kind = input.kind ?? 'TEXT';
  if (kind === 'SYSTEM') throw badInput('SYSTEM messages are sent by the server, not by users');
  const attachment = input.attachment == null ? null : parseAttachment(input.attachment);
  if (KINDS_WITH_ATTACHMENT.includes(kind) && !attachment) {
    throw badInput(`A ${kind} message needs an attachment`);
  }
  return { body, kind, attachment, clientId: parseClientId(input.clientId) };
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
  if (first.body !== body || first.conversationId !== target) {
    throw conflict('This clientId was already used for a different message');
  }
  return first;
}

/**
 * Sends a message: numbers it under the conversation's row lock (so sequence order is
 * commit order), moves the sender's read position, appends a MessageEvent to every
 * member's inbox, and rings their doorbells after commit. A first direct message makes
 * its DIRECT conversation in the same transaction.
 */
export async function send(
  deps: ChatDeps,
  senderId: number,
  input: SendInput,
): Promise<MessageRow> {
  // Counted before validation: a flood of bad requests is still a flood.
  await deps.limits.check('send', senderId);
  const valid = validateSend(input);
  if (valid.clientId) {
    const first = await findIdempotent(deps, senderId, valid.clientId, valid.body, input);
    if (first) return first;
  }
  try {
    const { message, bell } = await insertMessage(
      deps,
      senderId,
      input,
      valid,
      input.replyToId ?? null,
    );
    await ring(deps, bell);
    return message;
  } catch (error) {
    // Two sends with one clientId raced: the loser returns the winner's message.
    if (valid.clientId && pgError(error).code === PG_UNIQUE_VIOLATION) {
      const first = await findIdempotent(deps, senderId, valid.clientId, valid.body, input);
      if (first) return first;
    }
    throw error;
  }
}

async function insertMessage(
  deps: ChatDeps,
  senderId: number,
  input: SendInput,
  valid: ValidSend,
  replyToId: number | null,
): Promise<{ message: MessageRow; bell: InboxDoorbell }> {
  return deps.database.db.transaction(async (tx) => {
    const conversationId =
      input.conversationId ??
      (await ensureDirectConversation(tx, senderId, input.toUserId as number)).id;
    if (replyToId != null) {
      const [replyTo] = await tx
        .select({ conversationId: messages.conversationId })
        .from(messages)
        .where(eq(messages.id, replyToId));
      if (!replyTo) throw notFound('Message to reply to');
      if (replyTo.conversationId !== conversationId) {
        throw badInput('replyToId must be a message of the same conversation');
      }
    }
    // Locks the conversation row: concurrent sends queue here and take 1, 2, 3... in commit order.
    await requireMember(tx, conversationId, senderId, true);
    const [counter] = await tx
      .update(conversations)
      .set({ lastSeq: sql`${conversations.lastSeq} + 1`, lastActivityAt: sql`clock_timestamp()` })
      .where(eq(conversations.id, conversationId))
      .returning({ seq: conversations.lastSeq, at: conversations.lastActivityAt });
    if (!counter) throw notFound('Conversation');
    const [message] = await tx
      .insert(messages)
      .values({
        conversationId,
        seq: counter.seq,
        senderId,
        kind: valid.kind,
        body: valid.body,
        attachment: valid.attachment,
        replyToId,
        clientId: valid.clientId,
        createdAt: counter.at,
      })
      .returning();
    if (!message) throw new Error('insert returned no message');
    await tx
      .update(conversations)
      .set({ lastMessageId: message.id })
      .where(eq(conversations.id, conversationId));
    await tx
      .update(members)
      .set({ readSeq: sql`greatest(${members.readSeq}, ${message.seq})` })
      .where(and(eq(members.conversationId, conversationId), eq(members.userId, senderId)));
    const bell = await appendInboxEvent(
      deps.database,
      tx,
      { conversationId },
      {
        kind: 'MESSAGE',
        conversationId,
        messageId: message.id,
      },
    );
    return { message, bell };
  });
}

export async function loadMessages(
  deps: Pick<ChatDeps, 'database'>,
  ids: readonly number[],
): Promise<(MessageRow | null)[]> {
  const rows = await deps.database.db
    .select()
    .from(messages)
    .where(inArray(messages.id, [...ids]));
  const byId = new Map(rows.map((m) => [m.id, m]));
  return ids.map((id) => byId.get(id) ?? null);
}

export interface HistoryArgs extends PageArgs {
  since?: Date | null | undefined;
  until?: Date | null | undefined;
}

/**
 * A page of a conversation's history, oldest first within the page. `first/after` pages
 * forward; `last/before` gives the newest N before a cursor. `since` is inclusive and
 * `until` exclusive. Only members read a conversation.
 */
export async function history(
  deps: ChatDeps,
  viewerId: number,
  conversationId: number,
  args: HistoryArgs,
): Promise<Connection<MessageRow>> {
  const page = parsePage(args);
  const afterSeq = args.after ? decodeIntCursor(args.after, 'm') : null;
  const beforeSeq = args.before ? decodeIntCursor(args.before, 'm') : null;
  await requireMember(deps.database.db, conversationId, viewerId);
  const conditions = [eq(messages.conversationId, conversationId)];
  if (afterSeq !== null) conditions.push(gt(messages.seq, afterSeq));
  if (beforeSeq !== null) conditions.push(lt(messages.seq, beforeSeq));
  if (args.since) conditions.push(gte(messages.createdAt, args.since));
  if (args.until) conditions.push(lt(messages.createdAt, args.until));
  const forward = page.direction === 'forward';
  const rows = await deps.database.db
    .select()
    .from(messages)
    .where(and(...conditions))
    .orderBy(forward ? asc(messages.seq) : desc(messages.seq))
    .limit(page.size + 1);
  return toConnection(
    rows,
    page,
    (m) => encodeCursor('m', m.seq),
    forward ? afterSeq !== null && afterSeq > 0 : beforeSeq !== null,
  );
}

/** Escapes LIKE wildcards so a query matches literally. */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Messages containing every word of the query (case-insensitive, a part of a word
 * matches, so Chinese text without spaces is found too), in the viewer's conversations,
 * newest first.
 */
export async function searchMessages(
  deps: ChatDeps,
  viewerId: number,
  query: string,
  conversationId: number | null,
  args: PageArgs,
): Promise<Connection<MessageRow>> {
  const page = parsePage(args);
  if (args.last != null || args.before != null)
    throw badInput('Search pages forward only: use first and after');
  const words = query.normalize('NFC').trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) throw badInput('Search query must not be empty');
  if (words.length > 10 || query.length > 200)
    throw badInput('Search query is too long (10 words, 200 characters)');
  if (conversationId !== null) await requireMember(deps.database.db, conversationId, viewerId);
  const afterId = args.after ? decodeIntCursor(args.after, 's') : null;
  const conditions = [
    sql`${messages.conversationId} in (select conversation_id from members where user_id = ${viewerId})`,
    ...words.map((w) => sql`${messages.body} ilike ${likePattern(w)}`),
  ];
  if (conversationId !== null) conditions.push(eq(messages.conversationId, conversationId));
  if (afterId !== null) conditions.push(lt(messages.id, afterId));
  const rows = await deps.database.db
    .select()
    .from(messages)
    .where(and(...conditions))
    .orderBy(desc(messages.id))
    .limit(page.size + 1);
  return toConnection(rows, page, (m) => encodeCursor('s', m.id), afterId !== null);
}
