import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { messages } from '../../db/tables.js';
import { requireMember } from '../conversations.js';
import { decodeIntCursor, encodeCursor } from '../cursors.js';
import type { ChatDeps } from '../deps.js';
import { badInput } from '../errors.js';
import { type Connection, type PageArgs, parsePage, toConnection } from '../pagination.js';
import type { MessageRow } from './rows.js';

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
  // Every search scans text: each one counts, whatever its page size.
  await deps.limits.take('searchMessages', viewerId);
  const page = parsePage(args);
  if (args.last != null || args.before != null)
    throw badInput('Search pages forward only: use first and after');
  if (query.length > 200) throw badInput('Search query is too long (10 words, 200 characters)');
  const words = query.normalize('NFC').trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) throw badInput('Search query must not be empty');
  if (words.length > 10) throw badInput('Search query is too long (10 words, 200 characters)');
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
