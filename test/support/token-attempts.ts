import { expect } from 'vitest';
import { codeOf, connect, request } from './client.js';
import { Inbox, Me } from './documents.js';
import type { TestServer } from './server.js';
import { subscribeSse } from './sse.js';

export type Transport = 'http' | 'sse' | 'ws';
export const TRANSPORTS: Transport[] = ['http', 'sse', 'ws'];
export type Outcome = 'accepted' | 'refused';

/**
 * Presents a bearer token as a client of that transport would: `me` over HTTP, an `inbox`
 * subscription over SSE, a graphql-ws connection. Refused means UNAUTHENTICATED (HTTP, SSE)
 * or close code 4403 (socket); any other answer fails the test. Run one at a time: an SSE
 * stream counts as accepted once the server holds it live.
 */
export async function attempt(
  server: TestServer,
  transport: Transport,
  token: string,
): Promise<Outcome> {
  if (transport === 'http') {
    const result = await request(server.httpUrl, Me, undefined, token);
    if (result.data?.me) return 'accepted';
    expect(codeOf(result)).toBe('UNAUTHENTICATED');
    return 'refused';
  }
  if (transport === 'sse') {
    const streams = () => server.app.deps.inbox.stats().streams;
    expect(streams()).toBe(0);
    const stream = await subscribeSse(server.httpUrl, Inbox, {}, token);
    let ended = false;
    void stream.ended.then(() => {
      ended = true;
    });
    await expect.poll(() => ended || streams() > 0, { timeout: 10_000 }).toBe(true);
    if (!ended) {
      stream.close();
      await expect.poll(streams, { timeout: 10_000 }).toBe(0);
      return 'accepted';
    }
    expect(stream.received[0]?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    return 'refused';
  }
  const socket = connect(server.wsUrl, { authorization: `Bearer ${token}` });
  const outcome = await Promise.race([
    socket.ready.then(() => 'accepted' as const),
    socket.closed.then(({ code }) => {
      expect(code).toBe(4403);
      return 'refused' as const;
    }),
  ]);
  await socket.close();
  return outcome;
}
