import { rowsById } from '../../db/any-id.js';
import { inOrderOf } from '../../db/in-order.js';
import { messages } from '../../db/tables.js';
import type { ChatDeps } from '../deps.js';

export type MessageRow = typeof messages.$inferSelect;
export type MessageKind = MessageRow['kind'];

/** Messages by id, in the order asked; null where none is. */
export async function loadMessages(
  deps: Pick<ChatDeps, 'database'>,
  ids: readonly number[],
): Promise<(MessageRow | null)[]> {
  const rows = await rowsById(deps.database.db, messages, ids);
  return inOrderOf(ids, rows, (row) => row.id);
}
