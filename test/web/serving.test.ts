import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../src/http/web-client.js';
import { startServer, type TestServer } from '../support/server.js';
import { ensureWebBuilt } from '../support/web-build.js';

// The server serves the built web chat at `/` next to the API, which keeps its paths.

let server: TestServer;

beforeAll(async () => {
  await ensureWebBuilt();
  server = await startServer();
}, 120_000);

afterAll(() => server?.stop());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers });

describe('the web client over HTTP', () => {
  it('serves the page at / uncached, its hashed assets cached for a year, with their types', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.some((a) => a?.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a?.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const response = await get(asset as string);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-type')).toMatch(
        asset?.endsWith('.js') ? /^text\/javascript/ : /^text\/css/,
      );
      // An unchanged asset is not sent again.
      const etag = response.headers.get('etag') as string;
      expect((await get(asset as string, { 'if-none-match': etag })).status).toBe(304);
    }
    // Nothing the page loads comes from elsewhere.
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(readdirSync(`${WEB_DIST}assets`).length).toBeGreaterThan(0);
  });

  it('answers a route of the client with the page, and a missing asset with 404', async () => {
    const route = await get('/rooms/some-room');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="app">');
    expect((await get('/assets/missing-0000.js')).status).toBe(404);
    expect((await get('/missing.png')).status).toBe(404);
  });

  it('leaves the API where it was: /graphql (GraphiQL too), /healthz, /readyz, /metrics, /files', async () => {
    const graphiql = await get('/graphql', { accept: 'text/html' });
    expect(await graphiql.text()).toContain('GraphiQL');
    const query = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await get('/readyz')).status).toBe(200);
    expect(await (await get('/metrics')).text()).toContain('# HELP');
    // A file URL is the file server's to refuse (a bad signature), never the client's page.
    const file = await get('/files/1?u=1&e=1&s=forged');
    expect(file.status).toBe(403);
    expect(file.headers.get('content-type')).not.toMatch(/text\/html/);
    // Only GET and HEAD reach the client's files.
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(404);
  });
});
