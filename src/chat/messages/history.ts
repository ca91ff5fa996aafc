import { and, asc, desc, eq, gte, lt, type Placeholder, sql } from 'drizzle-orm';
import { builtOnce } from '../../db/built-once.js';
import type { Tx } from '../../db/client.js';
import { members, messages, users } from '../../db/tables.js';
import { requireMember } from '../conversations.js';
import { decodeIntCursor, encodeCursor } from '../cursors.js';
import type { ChatDeps } from '../deps.js';
import { type Connection, type PageArgs, parsePage, toConnection } from '../pagination.js';
import { type UserRow, userColumns } from '../user-row.js';
import type { MessageRow } from './rows.js';

export interface HistoryArgs extends PageArgs {
  since?: Date | null | undefined;
  until?: Date | null | undefined;
}

/** A history page and the users who sent its messages (one query fetches both). */
export interface HistoryPage extends Connection<MessageRow> {
  senders: UserRow[];
}

interface HistoryParams {
  conversationId: number | Placeholder;
  viewerId: number | Placeholder;
  afterSeq: number | null | Placeholder;
  beforeSeq: number | null | Placeholder;
  limit: number | Placeholder;
  since?: Date | undefined;
  until?: Date | undefined;
}

/**
 * One statement for a whole page: the viewer's membership row, left-joined laterally with
 * the page and each message's sender. No membership row means no rows at all; a member
 * with an empty page gets one row without a message. The seq bounds stay index conditions
 * when a bound is absent (coalesce), so the statement can be prepared once and reused.
 */
function historyQuery(db: Tx, forward: boolean, p: HistoryParams) {
  const conditions = [
    eq(messages.conversationId, members.conversationId),
    sql`${messages.seq} > coalesce(${p.afterSeq}::bigint, 0)`,
    sql`${messages.seq} < coalesce(${p.beforeSeq}::bigint, 9223372036854775807)`,
  ];
  if (p.since) conditions.push(gte(messages.createdAt, p.since));
  if (p.until) conditions.push(lt(messages.createdAt, p.until));
  const page = db
    .select()
    .from(messages)
    .where(and(...conditions))
    .orderBy(forward ? asc(messages.seq) : desc(messages.seq))
    .limit(p.limit)
    .as('page');
  return db
    .select({ page: page._.selectedFields, users: userColumns })
    .from(members)
    .leftJoinLateral(page, sql`true`)
    .leftJoin(users, eq(users.id, page.senderId))
    .where(and(eq(members.conversationId, p.conversationId), eq(members.userId, p.viewerId)))
    .orderBy(forward ? asc(page.seq) : desc(page.seq));
}

type HistoryRow = Awaited<ReturnType<typeof historyQuery>>[number];

type PreparedHistory = { execute(values: Record<string, unknown>): Promise<HistoryRow[]> };

/** The two common shapes (no time window), built once per database. */
function preparedHistoryQueries(db: Tx): Record<'forward' | 'backward', PreparedHistory> {
  return builtOnce(db, 'history', () => {
    const params: HistoryParams = {
      conversationId: sql.placeholder('conversationId'),
      viewerId: sql.placeholder('viewerId'),
      afterSeq: sql.placeholder('afterSeq'),
      beforeSeq: sql.placeholder('beforeSeq'),
      limit: sql.placeholder('limit'),
    };
    return {
      forward: historyQuery(db, true, params).prepare('history_forward'),
      backward: historyQuery(db, false, params).prepare('history_backward'),
    };
  });
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
): Promise<HistoryPage> {
  const page = parsePage(args);
  const afterSeq = args.after ? decodeIntCursor(args.after, 'm') : null;
  const beforeSeq = args.before ? decodeIntCursor(args.before, 'm') : null;
  const forward = page.direction === 'forward';
  const { db } = deps.database;
  const values = { conversationId, viewerId, afterSeq, beforeSeq, limit: page.size + 1 };
  const rows =
    args.since || args.until
      ? await historyQuery(db, forward, {
          ...values,
          since: args.since ?? undefined,
          until: args.until ?? undefined,
        })
      : await preparedHistoryQueries(db)[forward ? 'forward' : 'backward'].execute(values);
  if (rows.length === 0) {
    // Not a member: requireMember says why (NOT_FOUND or FORBIDDEN). Should they have
    // joined in between, it passes and the page is read again.
    await requireMember(db, conversationId, viewerId);
    return history(deps, viewerId, conversationId, args);
  }
  const found: MessageRow[] = [];
  const senders = new Map<number, UserRow>();
  for (const row of rows) {
    if (row.page) found.push(row.page);
    if (row.users) senders.set(row.users.id, row.users);
  }
  const connection = toConnection(
    found,
    page,
    (m) => encodeCursor('m', m.seq),
    forward ? afterSeq !== null && afterSeq > 0 : beforeSeq !== null,
  );
  return { ...connection, senders: [...senders.values()] };
}
