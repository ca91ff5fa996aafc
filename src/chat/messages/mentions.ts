import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { members, type TextEntityData, users } from '../../db/tables.js';
import { type FoundEntity, mentionedNames, withMembers } from './entities.js';

/**
 * The entities to store for a message of `conversationId`: mentions resolved to members
 * (one query, and only when the body mentions someone).
 */
export async function resolveMentions(
  tx: Tx,
  conversationId: number,
  found: readonly FoundEntity[],
): Promise<TextEntityData[]> {
  const names = mentionedNames(found);
  const byName = new Map<string, number>();
  if (names.length > 0) {
    const rows = await tx
      .select({ id: users.id, name: sql<string>`lower(${users.username})` })
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .where(
        and(
          eq(members.conversationId, conversationId),
          inArray(sql`lower(${users.username})`, names),
        ),
      );
    for (const row of rows) byName.set(row.name, row.id);
  }
  return withMembers(found, byName);
}
