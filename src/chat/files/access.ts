import { and, eq, sql } from 'drizzle-orm';
import type { AttachmentData } from '../../db/tables.js';
import { attachments } from '../../db/tables.js';
import type { ChatDeps } from '../deps.js';
import { badInput, notFound } from '../errors.js';
import { type AttachmentRow, INLINE_IMAGE_TYPES } from './upload.js';

/**
 * The file if `viewerId` may have it now: its uploader, or a member of a conversation it was
 * sent to (a message holding it that is not recalled; forwards count). A member who left or
 * was removed is refused from then on, whatever URL they kept.
 */
export async function openableAttachment(
  deps: ChatDeps,
  attachmentId: number,
  viewerId: number,
): Promise<AttachmentRow | null> {
  const [row] = await deps.database.db
    .select()
    .from(attachments)
    .where(
      and(
        eq(attachments.id, attachmentId),
        sql`(${attachments.uploaderId} = ${viewerId} or exists (
          select 1 from messages m
          join members mb on mb.conversation_id = m.conversation_id and mb.user_id = ${viewerId}
          where (m.attachment->>'id')::bigint = ${attachmentId}))`,
      ),
    );
  return row ?? null;
}

/** What a message keeps of an uploaded file (its URL is made per viewer when read). */
export function attachmentData(row: AttachmentRow): AttachmentData {
  return {
    id: row.id,
    name: row.name,
    mimeType: row.mimeType,
    size: row.size,
    width: row.width,
    height: row.height,
  };
}

/**
 * The sender's own upload, to attach to a message: anyone else's (or none) is NOT_FOUND, as
 * if it did not exist. An IMAGE message needs a file detected as an image.
 */
export async function ownAttachment(
  deps: ChatDeps,
  senderId: number,
  attachmentId: number,
  kind: string,
): Promise<AttachmentData> {
  const [row] = await deps.database.db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.uploaderId, senderId)));
  if (!row) throw notFound('Attachment');
  if (kind === 'IMAGE' && !INLINE_IMAGE_TYPES.has(row.mimeType)) {
    throw badInput(`An IMAGE message needs an image; this file is ${row.mimeType}`);
  }
  return attachmentData(row);
}
