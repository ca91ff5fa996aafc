import { and, inArray, sql } from 'drizzle-orm';
import type { AttachmentData } from '../../db/tables.js';
import { attachments } from '../../db/tables.js';
import type { ChatDeps } from '../deps.js';

/**
 * Deletes the uploaded files of messages that are gone (retention), each unless a message
 * still holds it (a forward): the row first, then the stored file, so a failure leaves at
 * worst a file without a row, never a message pointing at nothing.
 */
export async function releaseFiles(deps: ChatDeps, gone: AttachmentData[]): Promise<void> {
  const ids = [...new Set(gone.flatMap((a) => (a.id == null ? [] : [a.id])))];
  if (ids.length === 0) return;
  const released = await deps.database.db
    .delete(attachments)
    .where(
      and(
        inArray(attachments.id, ids),
        sql`not exists (select 1 from messages m where (m.attachment->>'id')::bigint = ${attachments.id})`,
      ),
    )
    .returning({ storageKey: attachments.storageKey });
  for (const { storageKey } of released) {
    await deps.files
      .delete(storageKey)
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'released file not deleted'));
  }
}
