import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { conversations, members, users } from '../db/tables.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import type { ChatDeps } from './deps.js';
import { badInput, forbidden, notFound } from './errors.js';
import { type Connection, type PageArgs, parsePage, toConnection } from './pagination.js';

export type ConversationRow = typeof conversations.$inferSelect;
export type MemberRow = typeof members.$inferSelect;

/** Whether the viewer may see a conversation at all: a member, or anyone for a public room. */
export function isVisible(conversation: ConversationRow, member: MemberRow | null): boolean {
  return member !== null || (conversation.kind === 'ROOM' && !conversation.isPrivate && !conversation.archivedAt);
}

export async function loadConversations(
  deps: ChatDeps,
  ids: readonly number[],
): Promise<(ConversationRow | null)[]> {
  const rows = await deps.database.db.select().from(conversations).where(inArray(conversations.id, [...ids]));
  const byId = new Map(rows.map((c) => [c.id, c]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** The viewer's membership rows of these conversations (a DataLoader batch function). */
export async function loadMemberships(
  deps: ChatDeps,
  userId: number,
  conversationIds: readonly number[],
): Promise<(MemberRow | null)[]> {
  const rows = await deps.database.db
    .select()
    .from(members)
    .where(and(eq(members.userId, userId), inArray(members.conversationId, [...conversationIds])));
  const byId = new Map(rows.map((m) => [m.conversationId, m]));
  return conversationIds.map((id) => byId.get(id) ?? null);
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

/**
 * The DIRECT conversation of two users, made on first use. Both sides sending at once
 * still make one: the unique direct key decides, the loser reads the winner's row.
 */
export async function ensureDirectConversation(
  deps: ChatDeps,
  userId: number,
  otherUserId: number,
): Promise<ConversationRow> {
  if (userId === otherUserId) throw badInput('toUserId is you: a direct message needs another user');
  const { db } = deps.database;
  const key = directKey(userId, otherUserId);
  const [existing] = await db.select().from(conversations).where(eq(conversations.directKey, key));
  if (existing) return existing;
  const [other] = await db.select({ id: users.id }).from(users).where(eq(users.id, otherUserId));
  if (!other) throw notFound('User');
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(conversations)
      .values({ kind: 'DIRECT', directKey: key, memberCount: 2 })
      .onConflictDoNothing()
      .returning();
    if (created) {
      await tx.insert(members).values([
        { conversationId: created.id, userId },
        { conversationId: created.id, userId: otherUserId },
      ]);
      return created;
    }
    const [winner] = await tx.select().from(conversations).where(eq(conversations.directKey, key));
    if (!winner) throw new Error('direct conversation vanished');
    return winner;
  });
}

/** The other member of a DIRECT conversation. */
export function directPeer(conversation: ConversationRow, userId: number): number | null {
  if (conversation.kind !== 'DIRECT' || !conversation.directKey) return null;
  const [a, b] = conversation.directKey.split(':').map(Number);
  return a === userId ? (b ?? null) : (a ?? null);
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
    if (!Number.isSafeInteger(Number(id)) || !at || Number.isNaN(Date.parse(at))) {
      throw badInput('Malformed cursor: pass back a cursor this API gave you');
    }
    return { id: Number(id), at };
  };
  // Compare on the database's own text form of the timestamp: exact to the microsecond.
  if (args.after) {
    const p = position(args.after);
    conditions.push(sql`(${conversations.lastActivityAt}, ${conversations.id}) < (${p.at}::timestamptz, ${p.id})`);
  }
  if (args.before) {
    const p = position(args.before);
    conditions.push(sql`(${conversations.lastActivityAt}, ${conversations.id}) > (${p.at}::timestamptz, ${p.id})`);
  }
  const forward = page.direction === 'forward';
  const rows = await deps.database.db
    .select({ conversation: conversations, activityKey: sql<string>`${conversations.lastActivityAt}::text` })
    .from(members)
    .innerJoin(conversations, eq(conversations.id, members.conversationId))
    .where(and(...conditions))
    .orderBy(
      forward ? sql`${conversations.lastActivityAt} desc` : sql`${conversations.lastActivityAt} asc`,
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
