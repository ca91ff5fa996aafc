import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';

/** Expiries are rounded up to this: one viewer's URL of a file stays the same for a minute (cacheable). */
const EXPIRY_STEP_MS = 60_000;

/** The parts of a file URL the server checks when serving it. */
export interface FileUrlClaim {
  attachmentId: number;
  viewerId: number;
  /** Epoch seconds. */
  expires: number;
  signature: string;
}

/**
 * Signed, expiring file URLs, each for one viewer: `/files/<id>?u=<viewer>&e=<expiry>&s=<hmac>`.
 * They work without headers (an `<img>` tag); serving one checks the signature, the expiry and
 * that the viewer may still see the file (src/chat/files/access.ts), so a URL passed on is
 * worth no more than its viewer's membership.
 */
export interface FileUrls {
  /** The URL of the file for `viewerId`, valid for FILE_URL_TTL_SECONDS (a minute more at most). */
  url(attachmentId: number, viewerId: number): string;
  /** `url` made for another viewer, as `url(attachmentId, viewerId)` would make it now-ish. */
  forViewer(url: string, viewerId: number): string;
  /** The viewer a URL's query was signed for, or null when it is forged, altered or expired. */
  verify(attachmentId: number, query: URLSearchParams): number | null;
  /** Where the server is reached (PUBLIC_URL, or where it listens): URLs are absolute. */
  setBase(base: string): void;
}

/** Whether a URL has the shape of ours (a signed file URL), wherever the server is. */
export const isFileUrl = (url: string): boolean => /\/files\/\d+\?u=\d+&e=\d+&s=/.test(url);

export function createFileUrls(options: {
  /** The server's secret (the JWT secret); a key for this use only is derived from it. */
  secret: Uint8Array;
  ttlMs: number;
  clock: Clock;
  base?: string | undefined;
}): FileUrls {
  const key = Buffer.from(
    hkdfSync('sha256', options.secret, 'chat-backend', 'signed file urls', 32),
  );
  let base = options.base?.replace(/\/+$/, '') ?? '';
  const sign = (attachmentId: number, viewerId: number, expires: number) =>
    createHmac('sha256', key).update(`${attachmentId}.${viewerId}.${expires}`).digest('base64url');
  const make = (attachmentId: number, viewerId: number, expires: number) =>
    `${base}/files/${attachmentId}?u=${viewerId}&e=${expires}&s=${sign(attachmentId, viewerId, expires)}`;

  return {
    url(attachmentId, viewerId) {
      const at = options.clock.now() + options.ttlMs;
      const expires = Math.ceil(at / EXPIRY_STEP_MS) * (EXPIRY_STEP_MS / 1000);
      return make(attachmentId, viewerId, expires);
    },
    forViewer(url, viewerId) {
      const parsed = new URL(url, 'http://x');
      const attachmentId = Number(parsed.pathname.split('/').at(-1));
      const expires = Number(parsed.searchParams.get('e'));
      return make(attachmentId, viewerId, expires);
    },
    verify(attachmentId, query) {
      const viewer = query.get('u') ?? '';
      const expires = query.get('e') ?? '';
      const signature = Buffer.from(query.get('s') ?? '');
      if (!/^[1-9]\d{0,15}$/.test(viewer) || !/^\d{1,12}$/.test(expires)) return null;
      const expected = Buffer.from(sign(attachmentId, Number(viewer), Number(expires)));
      if (signature.length !== expected.length || !timingSafeEqual(signature, expected))
        return null;
      if (Number(expires) * 1000 <= options.clock.now()) return null;
      return Number(viewer);
    },
    setBase(value) {
      base = value.replace(/\/+$/, '');
    },
  };
}
