import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/** Where `vite build` puts the web client (web/dist), from src/http/ and from dist/http/ alike. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Vite names every built asset after its content hash: a changed file is a new URL. */
const HASHED = '/assets/';

// The page loads nothing from elsewhere (no CDN, no fonts); attachments may be images anywhere.
const CSP = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data: blob: http: https:",
  "style-src 'self' 'unsafe-inline'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves the built web client: its files with their content types and ETags, hashed assets
 * cached for a year, and index.html (never cached) for any other GET path the client routes
 * itself. Null when the client is not built (web/dist has no index.html).
 */
export function serveWebClient(dir = WEB_DIST): Handler | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const files = sirv(dir, {
    etag: true,
    dotfiles: false,
    setHeaders(res, pathname) {
      res.setHeader('x-content-type-options', 'nosniff');
      if (pathname.startsWith(HASHED)) {
        res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      } else {
        res.setHeader('cache-control', 'no-cache');
        res.setHeader('content-security-policy', CSP);
      }
    },
  });
  return (req, res) => {
    files(req, res, () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      // A missing script or image is a 404, not the page: only routes fall back to index.html.
      if (path.startsWith(HASHED) || extname(path) !== '') {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      req.url = '/index.html';
      files(req, res, () => {
        res.writeHead(404).end();
      });
    });
  };
}
