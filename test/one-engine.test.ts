import { type ExecutionArgs, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateRoom, Inbox } from './support/documents.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

/** Counts what envelop runs, by operation name: each transport names its own operations. */
function countingPlugin() {
  const seen: Record<string, { execute: number; subscribe: number }> = {};
  const count = (args: ExecutionArgs, phase: 'execute' | 'subscribe') => {
    const key = getOperationAST(args.document, args.operationName)?.name?.value ?? '(anonymous)';
    seen[key] ??= { execute: 0, subscribe: 0 };
    seen[key][phase] += 1;
  };
  const plugin: Plugin = {
    onExecute: ({ args }) => count(args, 'execute'),
    onSubscribe: ({ args }) => count(args, 'subscribe'),
  };
  return { plugin, seen };
}

const counting = countingPlugin();
let server: TestServer;
let ann: TestUser;

beforeAll(async () => {
  server = await startServer({}, undefined, { plugins: [counting.plugin] });
  ann = await signUp(server, 'ann');
});
afterAll(() => server.stop());

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(server.httpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${ann.token}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });

describe('one engine', () => {
  it('runs every operation on every transport through the same envelop plugins', async () => {
    // HTTP POST (the fast path), HTTP GET (yoga), a mutation over HTTP.
    expect((await post({ query: 'query ViaPost { me { id } }' })).status).toBe(200);
    const get = await fetch(
      `${server.httpUrl}?query=${encodeURIComponent('query ViaGet { me { id } }')}`,
      { headers: { authorization: `Bearer ${ann.token}`, accept: 'application/json' } },
    );
    expect(get.status).toBe(200);
    const { createRoom } = await ann.ok(CreateRoom, { title: 'engine' });
    expect(
      (
        await post({
          query:
            'mutation SendViaPost($id: ID!) { send(input: { conversationId: $id, body: "x" }) { id } }',
          variables: { id: createRoom.id },
        })
      ).status,
    ).toBe(200);

    // Server-Sent Events.
    const controller = new AbortController();
    const sse = await fetch(server.httpUrl, {
      method: 'POST',
      signal: controller.signal,
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${ann.token}`,
      },
      body: JSON.stringify({ query: 'subscription ViaSse { inbox { cursor } }' }),
    });
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    await expect.poll(() => counting.seen.ViaSse?.subscribe).toBe(1);
    controller.abort();

    // WebSocket: a query, a mutation and a subscription.
    const device = ann.device();
    await device.ready;
    const viaWs = device.subscribe(Inbox, {});
    await device.client.iterate({ query: 'query ViaWs { me { id } }' }).next();
    await device.client
      .iterate({
        query:
          'mutation SendViaWs($id: ID!) { send(input: { conversationId: $id, body: "y" }) { id } }',
        variables: { id: createRoom.id },
      })
      .next();
    await viaWs.waitFor(1);
    await device.close();

    expect(counting.seen).toMatchObject({
      ViaPost: { execute: 1 },
      ViaGet: { execute: 1 },
      SendViaPost: { execute: 1 },
      ViaSse: { subscribe: 1 },
      ViaWs: { execute: 1 },
      SendViaWs: { execute: 1 },
      Inbox: { subscribe: 1 },
    });
    // The fast path answered the POSTs, yoga the rest: both ran the plugin.
    expect(server.app.httpFastPathAnswers()).toBeGreaterThanOrEqual(2);
  });

  it('answers an error the same on HTTP (fast path and yoga) and on the socket', async () => {
    const query = 'query Missing { conversation(id: "nope") { id } }';
    const viaPost = await (await post({ query })).json();
    const viaGet = await (
      await fetch(`${server.httpUrl}?query=${encodeURIComponent(query)}`, {
        headers: { authorization: `Bearer ${ann.token}`, accept: 'application/json' },
      })
    ).json();
    const device = ann.device();
    const viaWs = (await device.client.iterate({ query }).next()).value;
    await device.close();
    expect(viaPost.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(viaGet).toEqual(viaPost);
    expect(viaWs?.errors).toEqual(viaPost.errors);
  });
});
