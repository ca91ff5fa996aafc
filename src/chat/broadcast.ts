import { inArray, sql } from 'drizzle-orm';
import { inOrderOf } from '../db/in-order.js';
import { broadcasts } from '../db/tables.js';
import type { ChatDeps } from './deps.js';
import { appendInboxEvent, ring } from './doorbell.js';
import { notFound } from './errors.js';
import { parseBody } from './validation.js';

/** Users per statement when broadcasting to everyone: short locks, so sends never stall long. */
export const BROADCAST_CHUNK = 5000;

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
  const { database } = deps;
  if (toUserIds) {
    const ids = [...new Set(toUserIds)];
    const bell = await database.db.transaction(async (tx) => {
      const [{ count } = { count: 0 }] = await database.rows<{ count: number }>(
        sql`select count(*)::int as count from users where id = any(${`{${ids.join(',')}}`}::bigint[])`,
        tx,
      );
      if (Number(count) !== ids.length) throw notFound('User');
      const [row] = await tx.insert(broadcasts).values({ fromId: adminId, body: text }).returning();
      if (!row) throw new Error('insert returned no broadcast');
      return appendInboxEvent(
        deps,
        tx,
        { userIds: ids },
        {
          kind: 'BROADCAST',
          broadcastId: row.id,
          actorId: adminId,
        },
      );
    });
    await ring(deps, bell);
    return ids.length;
  }
  const [row] = await database.db
    .insert(broadcasts)
    .values({ fromId: adminId, body: text })
    .returning();
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
          kind: 'BROADCAST',
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
