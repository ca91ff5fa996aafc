import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { attachments } from '../../db/tables.js';
import type { ChatDeps } from '../deps.js';
import { badInput } from '../errors.js';

export type AttachmentRow = typeof attachments.$inferSelect;

/** What a file's type is detected from, and image dimensions read from (the start of the file). */
const HEAD_BYTES = 256 * 1024;

/**
 * Images shown inline (`<img>`, `Content-Disposition: inline`): raster formats a browser
 * renders without running anything. SVG is not one (it may hold scripts); file-type does not
 * report it anyway.
 */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
]);

/** Raised by the byte counter: the upload is longer than MAX_UPLOAD_BYTES. */
export class UploadTooLarge extends Error {
  override name = 'UploadTooLarge';
}

/** Counts bytes as they pass, keeps the first HEAD_BYTES, and fails past `max`. */
class Measured extends Transform {
  size = 0;
  private readonly chunks: Buffer[] = [];
  private kept = 0;

  constructor(private readonly max: number) {
    super();
  }

  override _transform(
    chunk: Buffer,
    _encoding: string,
    done: (error?: Error | null, data?: Buffer) => void,
  ) {
    this.size += chunk.length;
    if (this.size > this.max) {
      done(new UploadTooLarge(`larger than ${this.max} bytes`));
      return;
    }
    if (this.kept < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.kept);
      this.chunks.push(part);
      this.kept += part.length;
    }
    done(null, chunk);
  }

  head(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** A file name to show: the last path segment, NFC, without control characters, 1–255 characters. */
function displayName(raw: string | null | undefined): string {
  const name = basename((raw ?? '').replaceAll('\\', '/'))
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();
  return [...name].slice(0, 255).join('') || 'file';
}

/** Whether an error means the client's upload was cut or was too large (graphql-upload's 413 too). */
function tooLarge(error: unknown): boolean {
  const e = error as { name?: string; status?: number } | null;
  return e?.name === 'UploadTooLarge' || e?.status === 413;
}

/**
 * Stores an uploaded file as it streams in: at most MAX_UPLOAD_BYTES, counted as it passes
 * (a client's Content-Length is not believed), never held whole in memory. Its type is
 * detected from its first bytes (file-type), not from its name or the client's header;
 * images get their width and height (image-size). Nothing is kept of a refused upload.
 */
export async function uploadAttachment(
  deps: ChatDeps,
  uploaderId: number,
  file: { name: string | null | undefined; stream: Readable },
): Promise<AttachmentRow> {
  // Until the pipeline below listens, an error of the upload (over MAX_UPLOAD_BYTES or cut
  // short while the rate limit is asked, a Redis round trip) would be an 'error' event nobody
  // hears, which ends the process. The pipeline meets the same error, and refuses with it.
  file.stream.on('error', () => {});
  try {
    await deps.limits.take('upload', uploaderId);
  } catch (error) {
    file.stream.resume();
    throw error;
  }
  const name = deps.contentFilter.apply(displayName(file.name), 'File name');
  const key = randomUUID();
  const measured = new Measured(deps.maxUploadBytes);
  // Errors either way reach the other stream, and the store through `measured`.
  pipeline(file.stream, measured).catch(() => {});
  try {
    await deps.files.put(key, measured);
  } catch (error) {
    file.stream.destroy();
    if (tooLarge(error)) {
      throw badInput(`File is larger than ${deps.maxUploadBytes} bytes (MAX_UPLOAD_BYTES)`);
    }
    if ((error as { status?: number }).status) throw badInput('The upload was cut short');
    throw error;
  }
  try {
    const head = measured.head();
    const detected = await fileTypeFromBuffer(head);
    const mimeType = detected?.mime ?? 'application/octet-stream';
    let width: number | null = null;
    let height: number | null = null;
    if (INLINE_IMAGE_TYPES.has(mimeType)) {
      try {
        ({ width, height } = imageSize(head));
      } catch {
        // Dimensions beyond the first HEAD_BYTES, or a damaged image: stored without them.
      }
    }
    const [row] = await deps.database.db
      .insert(attachments)
      .values({ uploaderId, storageKey: key, name, mimeType, size: measured.size, width, height })
      .returning();
    if (!row) throw new Error('insert returned no attachment');
    return row;
  } catch (error) {
    await deps.files.delete(key);
    throw error;
  }
}
