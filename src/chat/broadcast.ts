import { inArray, sql } from 'drizzle-orm';
import { inOrderOf } from '../db/in-order.js';
import { broadcasts } from '../db/tables.js';
import type { ChatDeps } from './deps.js';
import { appendInboxEvent, ring } from './doorbell.js';
import { badInput, notFound } from './errors.js';
import { parseBody } from './validation.js';

/** Users per statement when broadcasting to everyone: short locks, so sends never stall long. */
export const BROADCAST_CHUNK = 5000;
/** Users one broadcast or command may name (more: address everyone). */
export const MAX_NAMED_USERS = 10_000;

/**
 * A BroadcastEvent from an admin to the named users (all must exist, or nothing is sent)
 * or to every user who exists now. Returns the number of users addressed.
 */
export async function broadcast(
  deps: ChatDeps,
  adminId: number,
  body: string,
  toUserIds: number[] | null,
): Promise<number> {
  const text = parseBody(body);
  await deps.limits.take('broadcast', adminId);
  return announce(deps, adminId, { body: text }, 'BROADCAST', toUserIds);
}

/** Command names: a word clients switch on. */
const COMMAND = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/**
 * A SystemCommandEvent from an admin, stored and delivered like a broadcast: to the named
 * users (all must exist) or to everyone. Clients decide what it means.
 */
export async function sendCommand(
  deps: ChatDeps,
  adminId: number,
  command: string,
  payload: unknown,
  toUserIds: number[] | null,
): Promise<number> {
  if (!COMMAND.test(command)) {
    throw badInput('command must be 1–64 letters, digits or _.:- starting with a letter');
  }
  await deps.limits.take('broadcast', adminId);
  return announce(
    deps,
    adminId,
    { body: '', command, payload: payload ?? null },
    'SYSTEM_COMMAND',
    toUserIds,
  );
}

async function announce(
  deps: ChatDeps,
  adminId: number,
  content: { body: string; command?: string; payload?: unknown },
  kind: 'BROADCAST' | 'SYSTEM_COMMAND',
  toUserIds: number[] | null,
): Promise<number> {
  if (toUserIds && toUserIds.length > MAX_NAMED_USERS) {
    throw badInput(`Name at most ${MAX_NAMED_USERS} users, or none for everyone`);
  }
  const { database } = deps;
  const values = { fromId: adminId, ...content };
  if (toUserIds) {
    const ids = [...new Set(toUserIds)];
    const bell = await database.db.transaction(async (tx) => {
      const [{ count } = { count: 0 }] = await database.rows<{ count: number }>(
        sql`select count(*)::int as count from users where id = any(${`{${ids.join(',')}}`}::bigint[])`,
        tx,
      );
      if (Number(count) !== ids.length) throw notFound('User');
      const [row] = await tx.insert(broadcasts).values(values).returning();
      if (!row) throw new Error('insert returned no broadcast');
      return appendInboxEvent(
        deps,
        tx,
        { userIds: ids },
        {
          kind,
          broadcastId: row.id,
          actorId: adminId,
        },
      );
    });
    await ring(deps, bell);
    return ids.length;
  }
  const [row] = await database.db.insert(broadcasts).values(values).returning();
  if (!row) throw new Error('insert returned no broadcast');
  const [{ maxId } = { maxId: 0 }] = await database.rows<{ maxId: number }>(
    sql`select coalesce(max(id), 0) as "maxId" from users`,
  );
  let afterUserId = 0;
  let recipients = 0;
  for (;;) {
    const bell = await database.db.transaction((tx) =>
      appendInboxEvent(
        deps,
        tx,
        { everyone: true, afterUserId, upToUserId: Number(maxId), limit: BROADCAST_CHUNK },
        {
          kind,
          broadcastId: row.id,
          actorId: adminId,
        },
      ),
    );
    if (bell.to.length === 0) break;
    recipients += bell.to.length / 2;
    for (let i = 0; i < bell.to.length; i += 2)
      afterUserId = Math.max(afterUserId, bell.to[i] ?? 0);
    await ring(deps, bell);
  }
  return recipients;
}

export type BroadcastRow = typeof broadcasts.$inferSelect;

export async function loadBroadcasts(
  deps: ChatDeps,
  ids: readonly number[],
): Promise<(BroadcastRow | null)[]> {
  const rows = await deps.database.db
    .select()
    .from(broadcasts)
    .where(inArray(broadcasts.id, [...ids]));
  return inOrderOf(ids, rows, (row) => row.id);
}
