import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { conversations, members, messages, settings, users } from '../db/tables.js';
import type { InboxDoorbell } from '../pubsub/types.js';
import type { ConversationRow } from './conversations.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import type { ChatDeps } from './deps.js';
import { appendInboxEvent, ring } from './doorbell.js';
import { badInput, conflict, forbidden, notFound } from './errors.js';
import { type Connection, type PageArgs, parsePage, toConnection } from './pagination.js';
import { atMostCodePoints, parseTitle } from './validation.js';

const DEFAULT_ROOM_KEY = 'default_room_id';

export const MAX_MEMBERS_DEFAULT = 500;
export const MAX_MEMBERS_LIMIT = 10_000;

function parseMaxMembers(value: number | null | undefined): number {
  const max = value ?? MAX_MEMBERS_DEFAULT;
  if (!Number.isInteger(max) || max < 2 || max > MAX_MEMBERS_LIMIT) {
    throw badInput(`maxMembers must be between 2 and ${MAX_MEMBERS_LIMIT}`);
  }
  return max;
}

type Outcome<T> = { value: T; bell: InboxDoorbell | null };

async function run<T>(deps: ChatDeps, work: (tx: Tx) => Promise<Outcome<T>>): Promise<T> {
  const { value, bell } = await deps.database.db.transaction(work);
  await ring(deps, bell);
  return value;
}

/** Locks a room row; NOT_FOUND unless it is a live room the user may see. */
async function lockRoom(
  tx: Tx,
  roomId: number,
  userId: number,
): Promise<{ room: ConversationRow; isMember: boolean }> {
  const [room] = await tx
    .select()
    .from(conversations)
    .where(eq(conversations.id, roomId))
    .for('update');
  if (room?.kind !== 'ROOM' || room.archivedAt) throw notFound('Room');
  const [member] = await tx
    .select({ userId: members.userId })
    .from(members)
    .where(and(eq(members.conversationId, roomId), eq(members.userId, userId)));
  if (room.isPrivate && !member) throw notFound('Room');
  return { room, isMember: Boolean(member) };
}

async function addMember(tx: Tx, room: ConversationRow, userId: number): Promise<ConversationRow> {
  if (room.maxMembers !== null && room.memberCount >= room.maxMembers) {
    throw conflict(`Room is full (${room.maxMembers} members)`);
  }
  // A new member starts with the history read: unread counts what arrives after joining.
  await tx.insert(members).values({ conversationId: room.id, userId, readSeq: room.lastSeq });
  const [updated] = await tx
    .update(conversations)
    .set({ memberCount: sql`${conversations.memberCount} + 1` })
    .where(eq(conversations.id, room.id))
    .returning();
  return updated ?? room;
}

function membershipEvent(deps: ChatDeps, tx: Tx, roomId: number, userId: number, joined: boolean) {
  return appendInboxEvent(
    deps,
    tx,
    // One who left no longer has a member row, but hears of it too (their other devices).
    joined ? { conversationId: roomId } : { conversationId: roomId, alsoUserId: userId },
    {
      kind: 'MEMBERSHIP',
      conversationId: roomId,
      actorId: userId,
      joined,
    },
  );
}

export async function createRoom(
  deps: ChatDeps,
  ownerId: number,
  input: { title: string; isPrivate?: boolean | null; maxMembers?: number | null },
): Promise<ConversationRow> {
  const title = deps.contentFilter.apply(parseTitle(input.title), 'Room title');
  const maxMembers = parseMaxMembers(input.maxMembers);
  await deps.limits.take('createRoom', ownerId);
  return run(deps, async (tx) => {
    const [room] = await tx
      .insert(conversations)
      .values({
        kind: 'ROOM',
        title,
        isPrivate: input.isPrivate ?? false,
        maxMembers,
        ownerId,
        memberCount: 1,
      })
      .returning();
    if (!room) throw new Error('insert returned no room');
    await tx.insert(members).values({ conversationId: room.id, userId: ownerId });
    // The creator's other devices learn of the room at once.
    const bell = await membershipEvent(deps, tx, room.id, ownerId, true);
    return { value: room, bell };
  });
}

/** Joins a public room; joining twice is a no-op. A full room is a CONFLICT. */
export async function joinRoom(
  deps: ChatDeps,
  userId: number,
  roomId: number,
): Promise<ConversationRow> {
  await deps.limits.take('membership', userId);
  return run(deps, async (tx) => {
    const { room, isMember } = await lockRoom(tx, roomId, userId);
    if (isMember) return { value: room, bell: null };
    if (room.isPrivate) throw notFound('Room');
    const updated = await addMember(tx, room, userId);
    return { value: updated, bell: await membershipEvent(deps, tx, roomId, userId, true) };
  });
}

/**
 * Removes a member. Everyone who was a member, the leaver included, gets the event; when
 * the owner goes, the longest-standing member owns the room; the last one out archives it.
 */
async function removeMember(
  deps: ChatDeps,
  tx: Tx,
  room: ConversationRow,
  userId: number,
): Promise<InboxDoorbell> {
  // The member row before the inbox counters, the order markRead takes them in (its
  // read position, then the READ event): the other way round, the two deadlocked.
  await tx
    .delete(members)
    .where(and(eq(members.conversationId, room.id), eq(members.userId, userId)));
  const [heir] =
    room.ownerId === userId
      ? await tx
          .select({ userId: members.userId })
          .from(members)
          .where(eq(members.conversationId, room.id))
          .orderBy(asc(members.joinedAt), asc(members.userId))
          .limit(1)
      : [];
  await tx
    .update(conversations)
    .set({
      memberCount: sql`${conversations.memberCount} - 1`,
      ...(room.ownerId === userId ? { ownerId: heir?.userId ?? null } : {}),
      // The default room has no owner and stays open for the next sign-up.
      ...(room.memberCount <= 1 && room.ownerId !== null ? { archivedAt: sql`now()` } : {}),
    })
    .where(eq(conversations.id, room.id));
  // Counters last, as every writer takes them.
  return membershipEvent(deps, tx, room.id, userId, false);
}

/** Leaves a room; false when the user was not a member of this public room. */
export async function leaveRoom(deps: ChatDeps, userId: number, roomId: number): Promise<boolean> {
  await deps.limits.take('membership', userId);
  return run(deps, async (tx) => {
    const { room, isMember } = await lockRoom(tx, roomId, userId);
    if (!isMember) return { value: false, bell: null };
    return { value: true, bell: await removeMember(deps, tx, room, userId) };
  });
}

async function requireOwner(tx: Tx, roomId: number, userId: number): Promise<ConversationRow> {
  const { room, isMember } = await lockRoom(tx, roomId, userId);
  if (!isMember || room.ownerId !== userId) throw forbidden('Only the room owner may do that');
  return room;
}

/** Locks a room its owner or an ADMIN (any room, member or not) manages; FORBIDDEN otherwise. */
async function requireManager(tx: Tx, roomId: number, userId: number): Promise<ConversationRow> {
  const [actor] = await tx.select({ role: users.role }).from(users).where(eq(users.id, userId));
  if (actor?.role !== 'ADMIN') return requireOwner(tx, roomId, userId);
  const [room] = await tx
    .select()
    .from(conversations)
    .where(eq(conversations.id, roomId))
    .for('update');
  if (room?.kind !== 'ROOM' || room.archivedAt) throw notFound('Room');
  return room;
}

async function isMemberOf(tx: Tx, roomId: number, userId: number): Promise<boolean> {
  const [member] = await tx
    .select({ userId: members.userId })
    .from(members)
    .where(and(eq(members.conversationId, roomId), eq(members.userId, userId)));
  return member !== undefined;
}

/** The owner adds a user to the room (the way into a private room). */
export async function inviteToRoom(
  deps: ChatDeps,
  ownerId: number,
  roomId: number,
  inviteeId: number,
): Promise<ConversationRow> {
  await deps.limits.take('roomAdmin', ownerId);
  return run(deps, async (tx) => {
    const room = await requireOwner(tx, roomId, ownerId);
    const [invitee] = await tx.select({ id: users.id }).from(users).where(eq(users.id, inviteeId));
    if (!invitee) throw notFound('User');
    const [already] = await tx
      .select({ userId: members.userId })
      .from(members)
      .where(and(eq(members.conversationId, roomId), eq(members.userId, inviteeId)));
    if (already) return { value: room, bell: null };
    const updated = await addMember(tx, room, inviteeId);
    return { value: updated, bell: await membershipEvent(deps, tx, roomId, inviteeId, true) };
  });
}

/**
 * The owner or an ADMIN removes a member (an ADMIN even the owner, whose room then passes on
 * as when they leave); their inbox gets the leave and nothing after it.
 */
export async function removeFromRoom(
  deps: ChatDeps,
  ownerId: number,
  roomId: number,
  memberId: number,
): Promise<ConversationRow> {
  await deps.limits.take('roomAdmin', ownerId);
  return run(deps, async (tx) => {
    const room = await requireManager(tx, roomId, ownerId);
    if (memberId === ownerId) throw badInput('You leave with leaveRoom, not removeFromRoom');
    const [member] = await tx
      .select({ userId: members.userId })
      .from(members)
      .where(and(eq(members.conversationId, roomId), eq(members.userId, memberId)));
    if (!member) throw notFound('Member');
    const bell = await removeMember(deps, tx, room, memberId);
    const [updated] = await tx.select().from(conversations).where(eq(conversations.id, roomId));
    return { value: updated ?? room, bell };
  });
}

export async function renameRoom(
  deps: ChatDeps,
  ownerId: number,
  roomId: number,
  rawTitle: string,
): Promise<ConversationRow> {
  await deps.limits.take('roomAdmin', ownerId);
  const title = deps.contentFilter.apply(parseTitle(rawTitle), 'Room title');
  return run(deps, async (tx) => {
    await requireOwner(tx, roomId, ownerId);
    const [updated] = await tx
      .update(conversations)
      .set({ title })
      .where(eq(conversations.id, roomId))
      .returning();
    if (!updated) throw notFound('Room');
    return { value: updated, bell: null };
  });
}

/** A room's description: up to 1000 characters; empty or only white space clears it. */
function parseDescription(raw: string): string | null {
  const text = atMostCodePoints(raw, 4 * 1000) ? raw.normalize('NFC').trim() : null;
  if (text === null || !atMostCodePoints(text, 1000)) {
    throw badInput('Room description must be at most 1000 characters');
  }
  return text.length > 0 ? text : null;
}

export interface RoomChanges {
  title?: string | null;
  description?: string | null;
  isPrivate?: boolean | null;
  maxMembers?: number | null;
}

/**
 * The owner or an ADMIN changes a room's settings; absent (null) ones stay. A cap below the
 * member count is a CONFLICT.
 */
export async function updateRoom(
  deps: ChatDeps,
  actorId: number,
  roomId: number,
  changes: RoomChanges,
): Promise<ConversationRow> {
  const title = changes.title == null ? undefined : parseTitle(changes.title);
  const description =
    changes.description == null ? undefined : parseDescription(changes.description);
  const maxMembers = changes.maxMembers == null ? undefined : parseMaxMembers(changes.maxMembers);
  await deps.limits.take('roomSettings', actorId);
  return run(deps, async (tx) => {
    const room = await requireManager(tx, roomId, actorId);
    if (maxMembers !== undefined && maxMembers < room.memberCount) {
      throw conflict(`The room has ${room.memberCount} members: maxMembers cannot be below that`);
    }
    const [updated] = await tx
      .update(conversations)
      .set({
        ...(title !== undefined ? { title } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(changes.isPrivate != null ? { isPrivate: changes.isPrivate } : {}),
        ...(maxMembers !== undefined ? { maxMembers } : {}),
      })
      .where(eq(conversations.id, roomId))
      .returning();
    return { value: updated ?? room, bell: null };
  });
}

/** The owner or an ADMIN hands the room to another member. */
export async function transferRoom(
  deps: ChatDeps,
  actorId: number,
  roomId: number,
  newOwnerId: number,
): Promise<ConversationRow> {
  await deps.limits.take('roomSettings', actorId);
  return run(deps, async (tx) => {
    const room = await requireManager(tx, roomId, actorId);
    if (!(await isMemberOf(tx, roomId, newOwnerId))) {
      throw badInput('A room passes only to one of its members');
    }
    const [updated] = await tx
      .update(conversations)
      .set({ ownerId: newOwnerId })
      .where(eq(conversations.id, roomId))
      .returning();
    return { value: updated ?? room, bell: null };
  });
}

/**
 * The owner or an ADMIN deletes a room: every member leaves it, every message in it is erased
 * as a recall erases one (so replayed events, forwards and search show nothing of it), and
 * the room is archived (gone from `rooms`, `node` and joins). Every member's inbox gets a
 * ROOM_DELETED event. The default room cannot be deleted: sign-ups join it.
 */
export async function deleteRoom(
  deps: ChatDeps,
  actorId: number,
  roomId: number,
): Promise<boolean> {
  await deps.limits.take('deleteRoom', actorId);
  const [setting] = await deps.database.db
    .select()
    .from(settings)
    .where(eq(settings.key, DEFAULT_ROOM_KEY));
  return run(deps, async (tx) => {
    const room = await requireManager(tx, roomId, actorId);
    if (setting && Number(setting.value) === room.id) {
      throw badInput('The default room cannot be deleted: every new user joins it');
    }
    // Member rows before the inbox counters, as removeMember takes them.
    const gone = await tx
      .delete(members)
      .where(eq(members.conversationId, roomId))
      .returning({ userId: members.userId });
    await tx
      .update(messages)
      .set({
        body: '',
        attachment: null,
        edits: null,
        entities: null,
        deletedAt: sql`coalesce(${messages.deletedAt}, now())`,
      })
      .where(eq(messages.conversationId, roomId));
    await tx
      .update(conversations)
      .set({ archivedAt: sql`now()`, memberCount: 0, lastRecalledSeq: room.lastSeq })
      .where(eq(conversations.id, roomId));
    const userIds = gone.map((m) => m.userId).sort((a, b) => a - b);
    const bell =
      userIds.length > 0
        ? await appendInboxEvent(
            deps,
            tx,
            { userIds },
            { kind: 'ROOM_DELETED', conversationId: roomId, actorId },
          )
        : null;
    return { value: true, bell };
  });
}

/**
 * The public room directory: a case-insensitive part of the title, latest activity first,
 * ties by id, like every conversation connection (API.md, "Relay connections").
 */
export async function listRooms(
  deps: ChatDeps,
  query: string | null | undefined,
  args: PageArgs,
): Promise<Connection<ConversationRow>> {
  const page = parsePage(args);
  if (args.last != null || args.before != null)
    throw badInput('The room directory pages forward only: use first and after');
  const conditions = [
    eq(conversations.kind, 'ROOM'),
    eq(conversations.isPrivate, false),
    isNull(conversations.archivedAt),
  ];
  if (query && query.length > 100) throw badInput('Room query must be at most 100 characters');
  const q = query?.trim();
  if (q) {
    conditions.push(
      sql`${conversations.title} ilike ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`,
    );
  }
  if (args.after) {
    const [id, at] = decodeCursor(args.after, 'r', 2);
    if (!Number.isSafeInteger(Number(id)) || !at || Number.isNaN(Date.parse(at))) {
      throw badInput('Malformed cursor: pass back a cursor this API gave you');
    }
    // The database's own text form of the timestamp: exact to the microsecond.
    conditions.push(
      sql`(${conversations.lastActivityAt}, ${conversations.id}) < (${at}::timestamptz, ${Number(id)})`,
    );
  }
  const rows = await deps.database.db
    .select({
      room: conversations,
      activityKey: sql<string>`${conversations.lastActivityAt}::text`,
    })
    .from(conversations)
    .where(and(...conditions))
    .orderBy(desc(conversations.lastActivityAt), desc(conversations.id))
    .limit(page.size + 1);
  const keys = new Map(rows.map((r) => [r.room, r.activityKey]));
  return toConnection(
    rows.map((r) => r.room),
    page,
    (r) => encodeCursor('r', r.id, keys.get(r) ?? ''),
    Boolean(args.after),
  );
}

/** Creates the default public room once per database (instances starting together agree). */
export async function ensureDefaultRoom(deps: ChatDeps): Promise<number> {
  const { db } = deps.database;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7270002)`);
    const [existing] = await tx.select().from(settings).where(eq(settings.key, DEFAULT_ROOM_KEY));
    if (existing) return Number(existing.value);
    const [room] = await tx
      .insert(conversations)
      .values({ kind: 'ROOM', title: deps.defaultRoom, isPrivate: false, maxMembers: null })
      .returning();
    if (!room) throw new Error('insert returned no room');
    await tx.insert(settings).values({ key: DEFAULT_ROOM_KEY, value: String(room.id) });
    return room.id;
  });
}

/**
 * New users start in the default room, so a fresh install has somewhere to talk. Only the
 * newcomer's own inbox hears of it: announcing every sign-up to every member would cost
 * one event per existing user per sign-up and bury real conversation.
 */
export async function joinDefaultRoom(deps: ChatDeps, userId: number): Promise<void> {
  const [setting] = await deps.database.db
    .select()
    .from(settings)
    .where(eq(settings.key, DEFAULT_ROOM_KEY));
  if (!setting) return;
  const roomId = Number(setting.value);
  try {
    await run(deps, async (tx) => {
      const { room, isMember } = await lockRoom(tx, roomId, userId);
      if (isMember) return { value: null, bell: null };
      await addMember(tx, room, userId);
      const bell = await appendInboxEvent(
        deps,
        tx,
        { userIds: [userId] },
        {
          kind: 'MEMBERSHIP',
          conversationId: roomId,
          actorId: userId,
          joined: true,
        },
      );
      return { value: null, bell };
    });
  } catch (error) {
    deps.logger.warn({ err: error, userId }, 'could not join the default room');
  }
}
