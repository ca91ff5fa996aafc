import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { rowsById } from '../db/any-id.js';
import { builtOnce } from '../db/built-once.js';
import type { Db, Tx } from '../db/client.js';
import { inOrderOf } from '../db/in-order.js';
import { conversations, members, users } from '../db/tables.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import type { ChatDeps } from './deps.js';
import { badInput, forbidden, notFound } from './errors.js';
import { type Connection, type PageArgs, parsePage, toConnection } from './pagination.js';

export type ConversationRow = typeof conversations.$inferSelect;
export type MemberRow = typeof members.$inferSelect;
/** A membership with its member's status, as inbox deliveries read it (MessageEvent.notify). */
export type RecipientRow = MemberRow & { status: (typeof users.$inferSelect)['status'] };

/** Whether the viewer may see a conversation at all: a member, or anyone for a public room. */
export function isVisible(conversation: ConversationRow, member: MemberRow | null): boolean {
  return (
    member !== null ||
    (conversation.kind === 'ROOM' && !conversation.isPrivate && !conversation.archivedAt)
  );
}

export async function loadConversations(
  deps: ChatDeps,
  ids: readonly number[],
): Promise<(ConversationRow | null)[]> {
  const rows = await rowsById(deps.database.db, conversations, ids);
  return inOrderOf(ids, rows, (row) => row.id);
}

/**
 * Membership rows of (user, conversation) pairs, in the order asked (a DataLoader batch
 * function): the recipients of one event on an instance share one query for theirs. Each
 * comes with its member's status, so deciding whether a message notifies them (mute, do not
 * disturb) costs no query more.
 */
export async function loadMembershipPairs(
  deps: ChatDeps,
  pairs: readonly (readonly [userId: number, conversationId: number])[],
): Promise<(RecipientRow | null)[]> {
  const { db } = deps.database;
  const query = builtOnce(db, 'membership_pairs', () => membershipPairsQuery(db));
  const rows = await query.execute({
    userIds: `{${pairs.map(([userId]) => userId).join(',')}}`,
    conversationIds: `{${pairs.map(([, conversationId]) => conversationId).join(',')}}`,
  });
  return inOrderOf(
    pairs.map(([userId, conversationId]) => `${userId}:${conversationId}`),
    rows,
    (row) => `${row.userId}:${row.conversationId}`,
  );
}

/** Live events whose doorbell did not say who is quiet ask it (notify). */
function membershipPairsQuery(db: Db) {
  return db
    .select({ ...getTableColumns(members), status: users.status })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(
      sql`(${members.userId}, ${members.conversationId}) in (select * from unnest(${sql.placeholder('userIds')}::bigint[], ${sql.placeholder('conversationIds')}::bigint[]))`,
    )
    .prepare('membership_pairs');
}

async function conversationWithMember(
  tx: Tx,
  conversationId: number,
  userId: number,
  lock: boolean,
): Promise<{ conversation: ConversationRow; member: MemberRow | null } | null> {
  const query = tx.select().from(conversations).where(eq(conversations.id, conversationId));
  const [conversation] = lock ? await query.for('update') : await query;
  if (!conversation) return null;
  const [member] = await tx
    .select()
    .from(members)
    .where(and(eq(members.conversationId, conversationId), eq(members.userId, userId)));
  return { conversation, member: member ?? null };
}

/**
 * The conversation if the user is a member. Not visible to them: NOT_FOUND (a private
 * conversation's existence is not revealed); a public room they have not joined: FORBIDDEN.
 * With `lock`, the conversation row is locked for the rest of the transaction.
 */
export async function requireMember(
  tx: Tx,
  conversationId: number,
  userId: number,
  lock = false,
): Promise<{ conversation: ConversationRow; member: MemberRow }> {
  const found = await conversationWithMember(tx, conversationId, userId, lock);
  if (!found || !isVisible(found.conversation, found.member)) throw notFound('Conversation');
  if (!found.member) throw forbidden('Join this room first');
  return { conversation: found.conversation, member: found.member };
}

/** A conversation the viewer may see, or null. */
export async function findVisibleConversation(
  deps: ChatDeps,
  conversationId: number,
  userId: number,
): Promise<ConversationRow | null> {
  const found = await conversationWithMember(deps.database.db, conversationId, userId, false);
  return found && isVisible(found.conversation, found.member) ? found.conversation : null;
}

export function directKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/** The DIRECT conversation of two users if it exists; never creates it. */
export async function findDirectConversation(
  tx: Tx,
  userId: number,
  otherUserId: number,
): Promise<ConversationRow | null> {
  const [existing] = await tx
    .select()
    .from(conversations)
    .where(eq(conversations.directKey, directKey(userId, otherUserId)));
  return existing ?? null;
}

/**
 * The DIRECT conversation of two users, made on first use. Both sides sending at once
 * still make one: the unique direct key decides, the loser reads the winner's row.
 * Run it in the transaction that stores the first message, so a message refused later
 * (a bad reply, say) leaves no empty conversation behind.
 */
export async function ensureDirectConversation(
  tx: Tx,
  userId: number,
  otherUserId: number,
): Promise<ConversationRow> {
  if (userId === otherUserId)
    throw badInput('toUserId is you: a direct message needs another user');
  const existing = await findDirectConversation(tx, userId, otherUserId);
  if (existing) return existing;
  const [other] = await tx.select({ id: users.id }).from(users).where(eq(users.id, otherUserId));
  if (!other) throw notFound('User');
  const [created] = await tx
    .insert(conversations)
    .values({ kind: 'DIRECT', directKey: directKey(userId, otherUserId), memberCount: 2 })
    .onConflictDoNothing()
    .returning();
  if (created) {
    await tx.insert(members).values([
      { conversationId: created.id, userId },
      { conversationId: created.id, userId: otherUserId },
    ]);
    return created;
  }
  // Another transaction made it first; the insert waited for it to commit, so it is visible.
  const winner = await findDirectConversation(tx, userId, otherUserId);
  if (!winner) throw new Error('direct conversation vanished');
  return winner;
}

/** The other member of a DIRECT conversation. */
export function directPeer(conversation: ConversationRow, userId: number): number | null {
  if (conversation.kind !== 'DIRECT' || !conversation.directKey) return null;
  const [a, b] = conversation.directKey.split(':').map(Number);
  return a === userId ? (b ?? null) : (a ?? null);
}

/**
 * Whether `text` is a timestamptz as the database prints it (`2026-01-31 12:00:00.123456+00`),
 * a real calendar instant, so casting it back cannot fail inside the query. Date.parse is
 * not enough: it takes `1`, `2020` or `2024-02-30`, which PostgreSQL refuses.
 */
function isDatabaseTimestamp(text: string): boolean {
  const match =
    /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-](\d{2})(?::[0-5]\d){0,2}$/.exec(
      text,
    );
  if (!match) return false;
  const [year, month, day, hour, minute, second, , offset] = match.slice(1).map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    hour! < 24 &&
    minute! < 60 &&
    second! < 60 &&
    offset! <= 15
  );
}

/** The viewer's conversations, latest activity first, ties by id. */
export async function listConversations(
  deps: ChatDeps,
  userId: number,
  args: PageArgs,
): Promise<Connection<ConversationRow>> {
  const page = parsePage(args);
  const conditions = [eq(members.userId, userId)];
  const position = (cursor: string) => {
    const [id, at] = decodeCursor(cursor, 'c', 2);
    if (!Number.isSafeInteger(Number(id)) || !at || !isDatabaseTimestamp(at)) {
      throw badInput('Malformed cursor: pass back a cursor this API gave you');
    }
    return { id: Number(id), at };
  };
  // Compare on the database's own text form of the timestamp: exact to the microsecond.
  if (args.after) {
    const p = position(args.after);
    conditions.push(
      sql`(${conversations.lastActivityAt}, ${conversations.id}) < (${p.at}::timestamptz, ${p.id})`,
    );
  }
  if (args.before) {
    const p = position(args.before);
    conditions.push(
      sql`(${conversations.lastActivityAt}, ${conversations.id}) > (${p.at}::timestamptz, ${p.id})`,
    );
  }
  const forward = page.direction === 'forward';
  const rows = await deps.database.db
    .select({
      conversation: conversations,
      activityKey: sql<string>`${conversations.lastActivityAt}::text`,
    })
    .from(members)
    .innerJoin(conversations, eq(conversations.id, members.conversationId))
    .where(and(...conditions))
    .orderBy(
      forward
        ? sql`${conversations.lastActivityAt} desc`
        : sql`${conversations.lastActivityAt} asc`,
      forward ? sql`${conversations.id} desc` : sql`${conversations.id} asc`,
    )
    .limit(page.size + 1);
  const connection = toConnection(
    rows,
    page,
    (r) => encodeCursor('c', r.conversation.id, r.activityKey),
    Boolean(forward ? args.after : args.before),
  );
  return {
    pageInfo: connection.pageInfo,
    edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.conversation })),
  };
}
