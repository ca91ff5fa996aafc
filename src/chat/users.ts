import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import { rowsById } from '../db/any-id.js';
import { PG_UNIQUE_VIOLATION, pgError } from '../db/errors.js';
import { inOrderOf } from '../db/in-order.js';
import { inboxCounters, users } from '../db/tables.js';
import { refuseSuspended } from './accounts.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import type { ChatDeps } from './deps.js';
import { badInput, conflict, unauthenticated } from './errors.js';
import { type Connection, type PageArgs, parsePage, toConnection } from './pagination.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { joinDefaultRoom } from './rooms.js';
import { type UserRow, userColumns } from './user-row.js';
import { boundLogIn, parseDisplayName, parsePassword, parseUsername } from './validation.js';

export interface AuthResult {
  token: string;
  user: UserRow;
}

export async function signUp(
  deps: ChatDeps,
  input: { username: string; password: string; displayName?: string | null },
  clientAddress: string,
): Promise<AuthResult> {
  const username = parseUsername(input.username);
  await deps.limits.take('signUp', clientAddress);
  const password = parsePassword(input.password);
  const displayName = deps.contentFilter.apply(
    parseDisplayName(input.displayName, username),
    'Display name',
  );
  const passwordHash = await hashPassword(password);
  const role = deps.adminUsernames.includes(username.toLowerCase()) ? 'ADMIN' : 'USER';
  const { db } = deps.database;
  let user: UserRow;
  try {
    user = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(users)
        .values({ username, displayName, passwordHash, role })
        .returning(userColumns);
      if (!created) throw new Error('insert returned no user');
      await tx.insert(inboxCounters).values({ userId: created.id });
      return created;
    });
  } catch (error) {
    if (pgError(error).code === PG_UNIQUE_VIOLATION)
      throw conflict(`Username "${username}" is taken`);
    throw error;
  }
  await joinDefaultRoom(deps, user.id);
  return { token: await deps.tokens.sign(user.id), user };
}

/**
 * Unknown user and wrong password give the same error, after the same work. Failures are
 * limited per username and address, per username, and per address (rate-limits.ts); the
 * right password forgives the username's.
 */
export async function logIn(
  deps: ChatDeps,
  input: { username: string; password: string },
  clientAddress: string,
): Promise<AuthResult> {
  boundLogIn(input);
  const key = input.username.normalize('NFC').toLowerCase();
  const attempt = await deps.limits.logInAttempt(key, clientAddress);
  const [found] = await deps.database.db
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(sql`lower(${users.username})`, key));
  const ok = await verifyPassword(input.password, found?.passwordHash);
  if (!found || !ok) throw unauthenticated('Wrong username or password');
  const { passwordHash: _hash, ...user } = found;
  await attempt.succeeded();
  refuseSuspended(deps, user);
  return { token: await deps.tokens.sign(user.id, user.sessionGeneration), user };
}

/** Users by id, in the order asked, null where unknown (a DataLoader batch function). */
export async function loadUsers(
  deps: Pick<ChatDeps, 'database'>,
  ids: readonly number[],
): Promise<(UserRow | null)[]> {
  const rows = await rowsById<UserRow>(deps.database.db, users, ids, userColumns);
  return inOrderOf(ids, rows, (row) => row.id);
}

/** Which users a list holds: members of a conversation, or (not) in a set of ids. */
export type UserScope =
  | { conversationId: number }
  | { ids: number[]; include: boolean }
  /** Members other than the sender whose read position reached a message. */
  | { readersOf: { conversationId: number; seq: number; senderId: number } };

/** Users by username (case-insensitive), then id. */
export async function listUsers(
  deps: ChatDeps,
  args: PageArgs,
  scope?: UserScope,
): Promise<Connection<UserRow>> {
  const page = parsePage(args);
  const key = sql<string>`lower(${users.username})`;
  const cursorOf = (u: UserRow) => encodeCursor('u', u.id, u.username.toLowerCase());
  const position = (cursor: string) => {
    const [id, name] = decodeCursor(cursor, 'u', 2);
    // A non-integer id would reach the query and fail there (masked) instead of saying what to fix.
    if (!Number.isSafeInteger(Number(id)))
      throw badInput('Malformed cursor: pass back a cursor this API gave you');
    return { id: Number(id), name: name ?? '' };
  };
  const conditions = [];
  if (args.after) {
    const p = position(args.after);
    conditions.push(or(gt(key, p.name), and(eq(key, p.name), gt(users.id, p.id))));
  }
  if (args.before) {
    const p = position(args.before);
    conditions.push(or(sql`${key} < ${p.name}`, and(eq(key, p.name), sql`${users.id} < ${p.id}`)));
  }
  if (scope && 'conversationId' in scope) {
    conditions.push(
      sql`${users.id} in (select user_id from members where conversation_id = ${scope.conversationId})`,
    );
  } else if (scope && 'readersOf' in scope) {
    const { conversationId, seq, senderId } = scope.readersOf;
    conditions.push(
      sql`${users.id} in (select user_id from members where conversation_id = ${conversationId}
        and read_seq >= ${seq} and user_id <> ${senderId})`,
    );
  } else if (scope) {
    const ids = `{${scope.ids.join(',')}}`;
    conditions.push(
      scope.include
        ? sql`${users.id} = any(${ids}::bigint[])`
        : sql`not (${users.id} = any(${ids}::bigint[]))`,
    );
  }
  const forward = page.direction === 'forward';
  const rows = await deps.database.db
    .select(userColumns)
    .from(users)
    .where(and(...conditions))
    .orderBy(forward ? asc(key) : sql`${key} desc`, forward ? asc(users.id) : sql`${users.id} desc`)
    .limit(page.size + 1);
  return toConnection(rows, page, cursorOf, Boolean(forward ? args.after : args.before));
}
