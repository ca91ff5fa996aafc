import { and, eq, lt, sql } from 'drizzle-orm';
import { revokedTokens, users } from '../db/tables.js';
import type { ChatDeps } from './deps.js';
import { badInput, forbidden, notFound, unauthenticated } from './errors.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { SessionToken } from './sessions.js';
import { type UserRow, userColumns } from './user-row.js';
import type { AuthResult } from './users.js';
import { parseDisplayName, parsePassword } from './validation.js';

/** The session an operation runs in: its user and the token it came with. */
export interface CurrentSession extends SessionToken {
  /** Epoch ms when the token expires (how long its revocation must be remembered). */
  expiresAt: number;
}

/** Ends the token of this session (logOut); the user's other tokens go on working. */
export async function logOut(deps: ChatDeps, session: CurrentSession): Promise<boolean> {
  await deps.limits.take('account', session.userId);
  const { db } = deps.database;
  await db.transaction(async (tx) => {
    // Expired revocations are forgotten: an expired token is refused anyway.
    await tx
      .delete(revokedTokens)
      .where(
        and(eq(revokedTokens.userId, session.userId), lt(revokedTokens.expiresAt, new Date())),
      );
    await tx
      .insert(revokedTokens)
      .values({
        tokenId: session.tokenId,
        userId: session.userId,
        expiresAt: new Date(session.expiresAt),
      })
      .onConflictDoNothing();
  });
  await deps.sessions.changed(session.userId);
  return true;
}

/** Bumps a user's session generation: every token of ours issued before stops working. */
async function endEverySession(deps: ChatDeps, userId: number): Promise<UserRow> {
  const [user] = await deps.database.db
    .update(users)
    .set({ sessionGeneration: sql`${users.sessionGeneration} + 1` })
    .where(eq(users.id, userId))
    .returning(userColumns);
  if (!user) throw notFound('User');
  await deps.sessions.changed(userId);
  return user;
}

/** Ends every token of the user, this one included. */
export async function logOutEverywhere(deps: ChatDeps, userId: number): Promise<boolean> {
  await deps.limits.take('account', userId);
  await endEverySession(deps, userId);
  return true;
}

/** ADMIN: ends every token of another user (they may log in again). */
export async function forceLogOut(
  deps: ChatDeps,
  adminId: number,
  userId: number,
): Promise<boolean> {
  await deps.limits.take('moderation', adminId);
  await endEverySession(deps, userId);
  return true;
}

/**
 * Changes the password after checking the current one; every other token of the user stops
 * working, and the answer carries a fresh one.
 */
export async function changePassword(
  deps: ChatDeps,
  userId: number,
  input: { current: string; new: string },
): Promise<AuthResult> {
  await deps.limits.take('account', userId);
  if (input.current.length > 4 * 128) throw badInput('Current password is wrong');
  const next = parsePassword(input.new);
  const { db } = deps.database;
  const [before] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  if (!before) throw unauthenticated('Your account no longer exists: sign up again');
  if (!(await verifyPassword(input.current, before.passwordHash))) {
    throw badInput('Current password is wrong');
  }
  const passwordHash = await hashPassword(next);
  const [user] = await db
    .update(users)
    .set({ passwordHash, sessionGeneration: sql`${users.sessionGeneration} + 1` })
    .where(eq(users.id, userId))
    .returning(userColumns);
  if (!user) throw unauthenticated('Your account no longer exists: sign up again');
  await deps.sessions.changed(userId);
  return { token: await deps.tokens.sign(user.id, user.sessionGeneration), user };
}

/**
 * ADMIN: the user may not log in, send or subscribe until `until` (null lifts it). Their
 * tokens are refused while it lasts and their sockets close at once.
 */
export async function suspendUser(
  deps: ChatDeps,
  adminId: number,
  userId: number,
  until: Date | null,
): Promise<UserRow> {
  await deps.limits.take('moderation', adminId);
  if (userId === adminId) throw badInput('You cannot suspend yourself');
  const [user] = await deps.database.db
    .update(users)
    .set({ suspendedUntil: until })
    .where(eq(users.id, userId))
    .returning(userColumns);
  if (!user) throw notFound('User');
  await deps.sessions.changed(userId);
  return user;
}

/** FORBIDDEN while a user is suspended (logIn checks it after the password). */
export function refuseSuspended(deps: Pick<ChatDeps, 'clock'>, user: UserRow): void {
  if (user.suspendedUntil && user.suspendedUntil.getTime() > deps.clock.now()) {
    throw forbidden(`Your account is suspended until ${user.suspendedUntil.toISOString()}`);
  }
}

/** Sets the name every member sees, in history too (bounded like sign-up's). */
export async function updateProfile(
  deps: ChatDeps,
  userId: number,
  displayName: string,
): Promise<UserRow> {
  await deps.limits.take('account', userId);
  const name = parseDisplayName(displayName, '');
  const [user] = await deps.database.db
    .update(users)
    .set({ displayName: name })
    .where(eq(users.id, userId))
    .returning(userColumns);
  if (!user) throw unauthenticated('Your account no longer exists: sign up again');
  return user;
}
