import { and, desc, eq, gte, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { messages } from '../../db/tables.js';
import { requireMember } from '../conversations.js';
import { decodeIntCursor, encodeCursor } from '../cursors.js';
import type { ChatDeps } from '../deps.js';
import { badInput } from '../errors.js';
import { type Edge, type PageArgs, parsePage, toConnection } from '../pagination.js';
import type { MessageRow } from './rows.js';

/** A match in a message's body, in UTF-16 code units (as JavaScript strings count). */
export interface TextRange {
  offset: number;
  length: number;
}

/** A search result: the message and where the query's words are in its body. */
export interface SearchEdge extends Edge<MessageRow> {
  highlights: TextRange[];
}

export interface SearchConnection {
  edges: SearchEdge[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

export interface SearchFilters {
  conversationId: number | null;
  /** The sender. */
  fromId: number | null;
  /** Sent at or after. */
  since: Date | null;
  /** Sent before. */
  until: Date | null;
}

export const MAX_QUERY_CHARS = 200;
export const MAX_QUERY_WORDS = 10;

/**
 * A word of a script written with spaces between words (Latin, Cyrillic, Greek...): letters
 * and digits only, nothing from the scripts that do not separate words.
 */
const WHOLE_WORD = /^[\p{L}\p{N}]+$/u;
const UNSPACED_SCRIPT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}]/u;

/**
 * How one word of a query is matched:
 * - `prefix`: a word of a spaced script finds the words of a body that start with it, any
 *   case ("report" finds "Reporting"), through full-text search (the 'simple' configuration:
 *   no stemming, no stop words, so every word counts).
 * - `fragment`: anything else (Chinese, Japanese, "100%", "e-mail") is found anywhere in a
 *   body, any case, through trigrams.
 */
export type QueryWord = { text: string; match: 'prefix' | 'fragment' };

/** Splits a query into its words; BAD_USER_INPUT when empty or too long. */
export function parseQuery(query: string): QueryWord[] {
  if (query.length > MAX_QUERY_CHARS) {
    throw badInput(
      `Search query is too long (${MAX_QUERY_WORDS} words, ${MAX_QUERY_CHARS} characters)`,
    );
  }
  const texts = query.normalize('NFC').trim().split(/\s+/u).filter(Boolean);
  if (texts.length === 0) throw badInput('Search query must not be empty');
  if (texts.length > MAX_QUERY_WORDS) {
    throw badInput(
      `Search query is too long (${MAX_QUERY_WORDS} words, ${MAX_QUERY_CHARS} characters)`,
    );
  }
  return texts.map((text) => ({
    text,
    match: WHOLE_WORD.test(text) && !UNSPACED_SCRIPT.test(text) ? 'prefix' : 'fragment',
  }));
}

/** Escapes LIKE wildcards so a fragment matches literally. */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where the words are in `body`: a prefix word at the start of a word of the body, a
 * fragment anywhere, any case. Overlapping matches are merged; sorted by offset.
 */
export function highlightsOf(body: string, words: readonly QueryWord[]): TextRange[] {
  const ranges: TextRange[] = [];
  for (const word of words) {
    const source =
      word.match === 'prefix'
        ? `(?<![\\p{L}\\p{N}\\p{M}])${escapeRegExp(word.text)}`
        : escapeRegExp(word.text);
    for (const found of body.matchAll(new RegExp(source, 'giu'))) {
      if (found[0].length > 0) ranges.push({ offset: found.index, length: found[0].length });
    }
  }
  ranges.sort((a, b) => a.offset - b.offset || b.length - a.length);
  const merged: TextRange[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range.offset <= last.offset + last.length) {
      last.length = Math.max(last.length, range.offset + range.length - last.offset);
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}

/** The SQL condition of the query's words (one tsquery for the prefix words, ILIKE for the rest). */
function wordConditions(words: readonly QueryWord[]): SQL[] {
  const conditions: SQL[] = [];
  const prefixes = words.filter((w) => w.match === 'prefix');
  if (prefixes.length > 0) {
    // Letters and digits only: nothing in a word can be read as tsquery syntax.
    const tsquery = prefixes.map((w) => `'${w.text}':*`).join(' & ');
    // `to_tsvector('simple', body)` as written in messages_body_fts_idx, so the index serves it.
    conditions.push(
      sql`to_tsvector('simple', ${messages.body}) @@ to_tsquery('simple', ${tsquery})`,
    );
  }
  for (const w of words) {
    if (w.match === 'fragment') conditions.push(sql`${messages.body} ilike ${likePattern(w.text)}`);
  }
  return conditions;
}

/**
 * Messages containing every word of the query in the viewer's conversations (not recalled,
 * not in a deleted room), newest first, each with the ranges of its body that matched.
 * Words of spaced scripts match the start of a word; Chinese and other fragments match
 * anywhere (see QueryWord). Both are indexed (drizzle/0011).
 */
export async function searchMessages(
  deps: ChatDeps,
  viewerId: number,
  query: string,
  filters: SearchFilters,
  args: PageArgs,
): Promise<SearchConnection> {
  // Every search reads an index and rows: each one counts, whatever its page size.
  await deps.limits.take('searchMessages', viewerId);
  const page = parsePage(args);
  if (args.last != null || args.before != null)
    throw badInput('Search pages forward only: use first and after');
  const words = parseQuery(query);
  if (filters.since && filters.until && filters.since >= filters.until) {
    throw badInput('since must be before until');
  }
  if (filters.conversationId !== null) {
    await requireMember(deps.database.db, filters.conversationId, viewerId);
  }
  const afterId = args.after ? decodeIntCursor(args.after, 's') : null;
  const conditions = [
    sql`${messages.conversationId} in (select mb.conversation_id from members mb
      join conversations c on c.id = mb.conversation_id
      where mb.user_id = ${viewerId} and c.archived_at is null)`,
    isNull(messages.deletedAt),
    ...wordConditions(words),
  ];
  if (filters.conversationId !== null) {
    conditions.push(eq(messages.conversationId, filters.conversationId));
  }
  if (filters.fromId !== null) conditions.push(eq(messages.senderId, filters.fromId));
  if (filters.since) conditions.push(gte(messages.createdAt, filters.since));
  if (filters.until) conditions.push(lt(messages.createdAt, filters.until));
  if (afterId !== null) conditions.push(lt(messages.id, afterId));
  const rows = await deps.database.db
    .select()
    .from(messages)
    .where(and(...conditions))
    .orderBy(desc(messages.id))
    .limit(page.size + 1);
  const connection = toConnection(rows, page, (m) => encodeCursor('s', m.id), afterId !== null);
  return {
    pageInfo: connection.pageInfo,
    edges: connection.edges.map((edge) => ({
      ...edge,
      highlights: highlightsOf(edge.node.body, words),
    })),
  };
}
