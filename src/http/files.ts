import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import rangeParser from 'range-parser';
import type { ChatDeps } from '../chat/deps.js';
import { openableAttachment } from '../chat/files/access.js';
import { INLINE_IMAGE_TYPES } from '../chat/files/upload.js';

const PATH = /^\/files\/([1-9]\d{0,15})$/;

/** `attachment; filename=...` with the name in ASCII and, when it is not, in UTF-8 (RFC 6266). */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * GET /files/<id>?u=&e=&s=: an uploaded file, to the viewer its signed URL names, while it
 * has not expired and while that viewer may see the file (src/chat/files/access.ts). The type
 * is the one detected at upload, never sniffed (`nosniff`); images show inline, every other
 * file is a download (`Content-Disposition: attachment`), and nothing served can run script
 * on this origin (`Content-Security-Policy: sandbox`). Single byte ranges are answered 206
 * (audio and video players seek with them).
 */
export function serveFiles(deps: ChatDeps) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = PATH.exec(url.pathname);
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const attachmentId = Number(match[1]);
    const viewerId = deps.fileUrls.verify(attachmentId, url.searchParams);
    if (viewerId === null) {
      res
        .writeHead(403, { 'content-type': 'text/plain' })
        .end('This link is not valid (expired or altered)');
      return;
    }
    const file = await openableAttachment(deps, attachmentId, viewerId);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('No such file');
      return;
    }
    const inline = INLINE_IMAGE_TYPES.has(file.mimeType);
    const headers: Record<string, string | number> = {
      'content-type': file.mimeType,
      'x-content-type-options': 'nosniff',
      'content-disposition': disposition(inline ? 'inline' : 'attachment', file.name),
      'content-security-policy': "default-src 'none'; sandbox",
      'accept-ranges': 'bytes',
      // The URL is this viewer's and expires; no shared cache may keep it.
      'cache-control': 'private, max-age=300',
    };
    let range: { start: number; end: number } | undefined;
    const asked = req.headers.range;
    if (asked) {
      const ranges = rangeParser(file.size, asked, { combine: true });
      if (ranges === -1) {
        res.writeHead(416, { ...headers, 'content-range': `bytes */${file.size}` }).end();
        return;
      }
      // Several ranges (or a malformed header): the whole file, as RFC 9110 allows.
      if (ranges !== -2 && ranges.length === 1 && ranges[0]) {
        range = { start: ranges[0].start, end: ranges[0].end };
      }
    }
    const stream = req.method === 'HEAD' ? null : await deps.files.get(file.storageKey, range);
    if (req.method !== 'HEAD' && !stream) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('No such file');
      return;
    }
    if (range) {
      headers['content-range'] = `bytes ${range.start}-${range.end}/${file.size}`;
      headers['content-length'] = range.end - range.start + 1;
    } else {
      headers['content-length'] = file.size;
    }
    res.writeHead(range ? 206 : 200, headers);
    if (!stream) {
      res.end();
      return;
    }
    await pipeline(stream, res).catch(() => {
      // The client went away mid-file: nothing to answer.
    });
  };
}
