import { and, desc, eq, gte, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { conversations, members, messages } from '../../db/tables.js';
import { requireMember } from '../conversations.js';
import { decodeIntCursor, encodeCursor } from '../cursors.js';
import type { ChatDeps } from '../deps.js';
import { badInput } from '../errors.js';
import { type Edge, type PageArgs, parsePage, toConnection } from '../pagination.js';
import type { MessageRow } from './rows.js';
import { gramQuery, gramQueryIsExact, isGramText } from './unspaced-grams.js';

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
const emptyConnection: SearchConnection = {
  edges: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
};
export const MAX_QUERY_WORDS = 10;

/**
 * A word of a script written with spaces between words (Latin, Cyrillic, Greek...): letters
 * and digits only, nothing from the scripts that do not separate words; `*` at its end asks
 * for the words starting with it.
 */
const WHOLE_WORD = /^[\p{L}\p{N}]+\*?$/u;
const UNSPACED_SCRIPT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}]/u;

/**
 * How one word of a query is matched:
 * - `word`: a word of a spaced script finds that word, any case ("report" finds "REPORT",
 *   not "reporting"), through full-text search (the 'simple' configuration: no stemming, no
 *   stop words, so every word counts). Exact words keep PostgreSQL's estimates right (it
 *   keeps statistics of frequent words), so a common word reads the newest messages and
 *   a rare one the index.
 * - `prefix`: such a word ending in `*` finds the words starting with it ("report*").
 * - `fragment`: anything else (Chinese, Japanese, "100%", "e-mail") is found anywhere in a
 *   body, any case: Chinese, Japanese, Korean and Thai through their character pairs
 *   (unspaced-grams.ts), whatever their length; the rest through trigrams (three characters
 *   or more: shorter ones are checked message by message).
 */
export type QueryWord = { text: string; match: 'word' | 'prefix' | 'fragment' };

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
  return texts.map((text): QueryWord => {
    if (!WHOLE_WORD.test(text) || UNSPACED_SCRIPT.test(text)) return { text, match: 'fragment' };
    return text.endsWith('*')
      ? { text: text.slice(0, -1), match: 'prefix' }
      : { text, match: 'word' };
  });
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
    const text = escapeRegExp(word.text);
    const source =
      word.match === 'fragment'
        ? text
        : `(?<![\\p{L}\\p{N}\\p{M}])${text}${word.match === 'word' ? '(?![\\p{L}\\p{N}\\p{M}])' : ''}`;
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

/**
 * The body's grams as drizzle/0012 indexes them (messages_body_grams_idx): written exactly
 * as the index is, so the index serves it.
 */
const bodyGrams = sql`array_to_tsvector(unspaced_script_grams(${messages.body}))`;

/**
 * The SQL conditions of the query's words: one tsquery for the words of spaced scripts, one
 * on the grams for the fragments of unspaced scripts (see unspaced-grams.ts), LIKE for the
 * rest and for the longer fragments the grams only narrow down.
 */
function wordConditions(words: readonly QueryWord[]): SQL[] {
  const conditions: SQL[] = [];
  const terms = words
    .filter((w) => w.match !== 'fragment')
    // Letters and digits only: nothing in a word can be read as tsquery syntax.
    .map((w) => `'${w.text}'${w.match === 'prefix' ? ':*' : ''}`);
  if (terms.length > 0) {
    // `to_tsvector('simple', body)` as written in messages_body_fts_idx, so the index serves it.
    conditions.push(
      sql`to_tsvector('simple', ${messages.body}) @@ to_tsquery('simple', ${terms.join(' & ')})`,
    );
  }
  const fragments = words.filter((w) => w.match === 'fragment');
  const grams = fragments.filter((w) => isGramText(w.text));
  if (grams.length > 0) {
    const query = grams.map((w) => `(${gramQuery(w.text)})`).join(' & ');
    conditions.push(sql`${bodyGrams} @@ ${query}::tsquery`);
  }
  for (const w of fragments) {
    if (isGramText(w.text) && gramQueryIsExact(w.text)) continue;
    // Text without case (Chinese) compares bytes: several times faster than ILIKE's folding.
    conditions.push(
      w.text.toLowerCase() === w.text.toUpperCase()
        ? sql`${messages.body} like ${likePattern(w.text)}`
        : sql`${messages.body} ilike ${likePattern(w.text)}`,
    );
  }
  return conditions;
}

/**
 * Messages containing every word of the query in the viewer's conversations (not recalled,
 * not in a deleted room), newest first, each with the ranges of its body that matched.
 * Words of spaced scripts match the start of a word; Chinese and other fragments match
 * anywhere (see QueryWord). All are indexed (drizzle/0011, 0012).
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
  let scope: number[];
  if (filters.conversationId !== null) {
    await requireMember(deps.database.db, filters.conversationId, viewerId);
    scope = [filters.conversationId];
  } else {
    // The viewer's conversations as a list of ids, not a subquery: the planner then knows how
    // many messages they hold and checks the cheap `conversation_id = any(...)` on each row
    // before the text.
    const rows = await deps.database.db
      .select({ id: members.conversationId })
      .from(members)
      .innerJoin(conversations, eq(conversations.id, members.conversationId))
      .where(and(eq(members.userId, viewerId), isNull(conversations.archivedAt)));
    scope = rows.map((r) => r.id);
  }
  if (scope.length === 0) return emptyConnection;
  const afterId = args.after ? decodeIntCursor(args.after, 's') : null;
  const conditions = [
    sql`${messages.conversationId} = any(${`{${scope.join(',')}}`}::bigint[])`,
    isNull(messages.deletedAt),
    ...wordConditions(words),
  ];
  if (filters.fromId !== null) conditions.push(eq(messages.senderId, filters.fromId));
  if (filters.since) conditions.push(gte(messages.createdAt, filters.since));
  if (filters.until) conditions.push(lt(messages.createdAt, filters.until));
  if (afterId !== null) conditions.push(lt(messages.id, afterId));
  const rows = await deps.database.db.transaction(async (tx) => {
    // Statements are prepared (src/db/client.ts): after a few runs PostgreSQL may plan one for
    // any words, and no plan suits both a common word (read the newest messages) and a rare
    // one (read the index). Plan each search for its own words.
    // No parallel workers: a newest-first read that stops after a page was about twice as slow
    // with two workers on the bench's 1,000,000 messages (each scans ahead and past the page),
    // and took the cores other requests need.
    // Both statements are sent together (the driver pipelines them on the transaction's
    // connection, in this order; the page is planned when it is bound, after the settings):
    // one round trip fewer, which counts on a busy machine.
    const [, pageRows] = await Promise.all([
      tx.execute(
        sql`select set_config('plan_cache_mode', 'force_custom_plan', true),
          set_config('max_parallel_workers_per_gather', '0', true)`,
      ),
      tx
        .select()
        .from(messages)
        .where(and(...conditions))
        .orderBy(desc(messages.id))
        .limit(page.size + 1),
    ]);
    return pageRows;
  });
  const connection = toConnection(rows, page, (m) => encodeCursor('s', m.id), afterId !== null);
  return {
    pageInfo: connection.pageInfo,
    edges: connection.edges.map((edge) => ({
      ...edge,
      highlights: highlightsOf(edge.node.body, words),
    })),
  };
}
