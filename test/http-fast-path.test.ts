import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';

/** An HTTP request exactly as a client sends it (no headers added behind our back, as fetch does). */
interface Sent {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Send the body in pieces without a Content-Length (chunked). */
  chunked?: boolean;
}

interface Answer {
  status: number;
  /** Every response header but those of the connection and the clock. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(server: TestServer, sent: Sent): Promise<Answer> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: sent.method ?? 'POST',
        path: sent.path ?? '/graphql',
        // The same id to both servers: each echoes it, and the answers stay comparable.
        headers: { 'x-request-id': 'fast-path-comparison', ...sent.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.once('end', () => {
          const { date: _d, connection: _c, 'keep-alive': _k, ...headers } = res.headers;
          resolve({ status: res.statusCode ?? 0, headers, body });
        });
      },
    );
    req.once('error', reject);
    if (sent.body === undefined) req.end();
    else if (sent.chunked) {
      const half = Math.floor(sent.body.length / 2);
      req.write(sent.body.slice(0, half));
      req.end(sent.body.slice(half));
    } else {
      req.setHeader('content-length', Buffer.byteLength(sent.body));
      req.end(sent.body);
    }
  });
}

/** What one server knows of its own users and rooms (the same ids on both, made alike). */
interface Side {
  server: TestServer;
  alice: string;
  bob: string;
  roomId: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** A JSON POST of a GraphQL request. */
const post = (body: unknown, headers: Record<string, string> = {}, token?: string): Sent => ({
  headers: {
    ...JSON_TYPE,
    accept: 'application/graphql-response+json, application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...headers,
  },
  body: JSON.stringify(body),
});

const ME = 'query Me { me { id username displayName role } }';
const SEND = `mutation Send($input: SendInput!) {
  send(input: $input) { id body clientId sender { username } conversation { id kind } }
}`;
const HISTORY = `query History($id: ID!, $since: DateTime) {
  messages(conversationId: $id, first: 10, since: $since) {
    edges { node { id body clientId sender { username } } }
    pageInfo { hasNextPage hasPreviousPage }
  }
}`;
const LOG_IN =
  'mutation LogIn($u: String!, $p: String!) { logIn(username: $u, password: $p) { user { id } } }';
const TWO_OPERATIONS = 'query A { me { username } } query B { __typename }';

interface Step {
  name: string;
  /** Part of the answer, to be sure the step tests what its name says. */
  shows?: string;
  /** Whether the fast path must answer it (else yoga does, on both servers). */
  fast: boolean;
  sent: (side: Side) => Sent;
}

const steps: Step[] = [
  {
    name: '{ __typename }, no Accept',
    shows: '{"data":{"__typename":"Query"}}',
    fast: true,
    sent: () => ({ headers: JSON_TYPE, body: '{"query":"{ __typename }"}' }),
  },
  {
    name: 'a query, graphql-response+json first',
    shows: '"username":"parity_alice"',
    fast: true,
    sent: (s) => post({ query: ME }, {}, s.alice),
  },
  {
    name: 'a query, Accept application/json',
    fast: true,
    sent: (s) => post({ query: ME }, { accept: 'application/json' }, s.alice),
  },
  {
    name: 'a query, Accept */*',
    fast: true,
    sent: (s) => post({ query: ME }, { accept: '*/*' }, s.alice),
  },
  {
    name: 'a query, Accept application/*',
    fast: true,
    sent: (s) => post({ query: ME }, { accept: 'application/*' }, s.alice),
  },
  {
    name: 'a query, q-values (yoga ignores them)',
    fast: true,
    sent: (s) =>
      post(
        { query: ME },
        { accept: 'application/json;q=0.1, application/graphql-response+json' },
        s.alice,
      ),
  },
  {
    name: 'a query, Accept text/html',
    fast: false,
    sent: (s) => post({ query: ME }, { accept: 'text/html' }, s.alice),
  },
  {
    name: 'a query, Accept text/event-stream',
    fast: false,
    sent: (s) => post({ query: ME }, { accept: 'text/event-stream' }, s.alice),
  },
  {
    name: 'a query, Accept multipart/mixed',
    fast: false,
    sent: (s) => post({ query: ME }, { accept: 'multipart/mixed' }, s.alice),
  },
  {
    name: 'a query, Accept with a charset yoga refuses',
    fast: false,
    sent: (s) => post({ query: ME }, { accept: 'application/json; charset=iso-8859-1' }, s.alice),
  },
  {
    name: 'content-type with a charset',
    fast: true,
    sent: (s) =>
      post({ query: ME }, { 'content-type': 'application/json; charset=utf-8' }, s.alice),
  },
  {
    name: 'unauthenticated',
    shows: '"code":"UNAUTHENTICATED"',
    fast: true,
    sent: () => post({ query: ME }),
  },
  {
    name: 'a wrong token',
    shows: '"code":"UNAUTHENTICATED"',
    fast: true,
    sent: () => post({ query: ME }, {}, 'not-a-token'),
  },
  {
    name: 'not a bearer token',
    fast: true,
    sent: () => post({ query: ME }, { authorization: 'Basic YWxpY2U6eA==' }),
  },
  {
    name: 'null variables and operationName',
    fast: true,
    sent: (s) => post({ query: ME, variables: null, operationName: null }, {}, s.alice),
  },
  {
    name: 'operationName B of two',
    shows: '{"data":{"__typename":"Query"}}',
    fast: true,
    sent: (s) => post({ query: TWO_OPERATIONS, operationName: 'B' }, {}, s.alice),
  },
  {
    name: 'operationName A of two',
    shows: '{"data":{"me":{"username":"parity_alice"}}}',
    fast: true,
    sent: (s) => post({ query: TWO_OPERATIONS, operationName: 'A' }, {}, s.alice),
  },
  {
    name: 'two operations, none named',
    shows: '"code":"BAD_USER_INPUT"',
    fast: false,
    sent: (s) => post({ query: TWO_OPERATIONS }, {}, s.alice),
  },
  {
    name: 'an unknown operationName',
    fast: false,
    sent: (s) => post({ query: TWO_OPERATIONS, operationName: 'C' }, {}, s.alice),
  },
  {
    name: 'an empty operationName',
    fast: false,
    sent: (s) => post({ query: ME, operationName: '' }, {}, s.alice),
  },
  {
    name: 'a mutation',
    shows: '"body":"hello"',
    fast: true,
    sent: (s) =>
      post(
        {
          query: SEND,
          variables: { input: { conversationId: s.roomId, body: 'hello', clientId: 'c1' } },
        },
        {},
        s.alice,
      ),
  },
  {
    name: 'a mutation, Accept application/json',
    fast: true,
    sent: (s) =>
      post(
        {
          query: SEND,
          variables: { input: { conversationId: s.roomId, body: 'hi', clientId: 'c2' } },
        },
        { accept: 'application/json' },
        s.bob,
      ),
  },
  {
    name: 'a mutation with a domain error (NOT_FOUND)',
    shows: '"code":"NOT_FOUND"',
    fast: true,
    sent: (s) =>
      post(
        {
          query: SEND,
          variables: {
            input: { conversationId: globalId('Conversation', 999_999), body: 'x', clientId: 'c3' },
          },
        },
        {},
        s.alice,
      ),
  },
  {
    name: 'a mutation with a domain error (BAD_USER_INPUT)',
    shows: '"code":"BAD_USER_INPUT"',
    fast: true,
    sent: (s) =>
      post(
        {
          query: SEND,
          variables: { input: { conversationId: s.roomId, body: '', clientId: 'c4' } },
        },
        {},
        s.alice,
      ),
  },
  {
    name: 'a mutation, unauthenticated',
    shows: '"code":"UNAUTHENTICATED"',
    fast: true,
    sent: (s) =>
      post({
        query: SEND,
        variables: { input: { conversationId: s.roomId, body: 'x', clientId: 'c5' } },
      }),
  },
  {
    name: 'a mutation with bad variables (graphql-tools words them: yoga answers)',
    shows: '"code":"BAD_USER_INPUT"',
    fast: false,
    sent: (s) =>
      post(
        { query: SEND, variables: { input: { conversationId: s.roomId, clientId: 'c6' } } },
        {},
        s.alice,
      ),
  },
  {
    name: 'a mutation with bad variables, Accept application/json',
    fast: false,
    sent: (s) =>
      post({ query: SEND, variables: { input: 5 } }, { accept: 'application/json' }, s.alice),
  },
  {
    name: 'the history page',
    shows: '"body":"hi"',
    fast: true,
    sent: (s) => post({ query: HISTORY, variables: { id: s.roomId } }, {}, s.bob),
  },
  {
    name: 'a query missing a variable',
    shows: '"code":"BAD_USER_INPUT"',
    fast: true,
    sent: (s) => post({ query: HISTORY, variables: {} }, {}, s.bob),
  },
  {
    name: 'a query with a variable of the wrong type',
    fast: true,
    sent: (s) =>
      post(
        { query: HISTORY, variables: { id: { not: 'an id' } } },
        { accept: 'application/json' },
        s.bob,
      ),
  },
  {
    name: 'a query with a scalar the schema refuses',
    shows: '"code":"BAD_USER_INPUT"',
    fast: true,
    sent: (s) =>
      post({ query: HISTORY, variables: { id: s.roomId, since: 'yesterday' } }, {}, s.bob),
  },
  {
    name: 'a query the database refuses (masked INTERNAL_SERVER_ERROR)',
    shows:
      '"message":"Unexpected error.","path":["messages"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}',
    fast: true,
    sent: (s) =>
      post(
        { query: HISTORY, variables: { id: s.roomId, since: '-271821-04-20T00:00:00.000Z' } },
        {},
        s.bob,
      ),
  },
  {
    name: 'an unknown id',
    shows: '"code":"NOT_FOUND"',
    fast: true,
    sent: (s) =>
      post({ query: HISTORY, variables: { id: globalId('Conversation', 999_999) } }, {}, s.bob),
  },
  {
    name: 'unread counts',
    fast: true,
    sent: (s) =>
      post(
        { query: '{ unreadCounts { total conversations { count conversation { id } } } }' },
        {},
        s.bob,
      ),
  },
  {
    name: 'an Origin (CORS)',
    shows: '"username":"parity_alice"',
    fast: true,
    sent: (s) => post({ query: ME }, { origin: 'https://app.example' }, s.alice),
  },
  {
    name: 'an Origin and Access-Control-Request-* headers',
    fast: true,
    sent: (s) =>
      post(
        { query: ME },
        {
          origin: 'https://app.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
        s.alice,
      ),
  },
  {
    name: 'extensions',
    fast: false,
    sent: (s) => post({ query: ME, extensions: { x: 1 } }, {}, s.alice),
  },
  {
    name: 'an unknown key set to null (yoga allows it)',
    fast: false,
    sent: (s) => post({ query: ME, other: null }, {}, s.alice),
  },
  { name: 'an unknown key', fast: false, sent: (s) => post({ query: ME, other: 1 }, {}, s.alice) },
  { name: 'a batch', fast: false, sent: (s) => post([{ query: ME }, { query: ME }], {}, s.alice) },
  { name: 'not JSON', fast: false, sent: () => ({ headers: JSON_TYPE, body: '{"query":' }) },
  { name: 'an empty body', fast: false, sent: () => ({ headers: JSON_TYPE, body: '' }) },
  { name: 'a query that is not a string', fast: false, sent: () => post({ query: 5 }) },
  {
    name: 'variables that are an array',
    fast: false,
    sent: () => post({ query: ME, variables: [1] }),
  },
  {
    name: 'a syntax error',
    shows: '"code":"BAD_USER_INPUT"',
    fast: false,
    sent: (s) => post({ query: 'query { me { ' }, {}, s.alice),
  },
  {
    name: 'an unknown field',
    fast: false,
    sent: (s) => post({ query: '{ me { nope } }' }, {}, s.alice),
  },
  {
    name: 'a query over the depth limit',
    shows: 'depth limit',
    fast: false,
    sent: (s) =>
      post(
        {
          query: `{ conversations(first: 1) { edges { node { ${'lastMessage { conversation { '.repeat(6)}id${' } }'.repeat(6)} } } } }`,
        },
        {},
        s.alice,
      ),
  },
  {
    name: 'a subscription',
    shows: '"code":"UNAUTHENTICATED"',
    fast: false,
    sent: () => post({ query: 'subscription { inbox { __typename } }' }),
  },
  {
    name: 'application/graphql+json',
    fast: false,
    sent: () => post({ query: ME }, { 'content-type': 'application/graphql+json' }),
  },
  {
    name: 'text/plain',
    fast: false,
    sent: () => post({ query: ME }, { 'content-type': 'text/plain' }),
  },
  {
    name: 'a chunked body',
    fast: false,
    sent: (s) => ({ ...post({ query: ME }, {}, s.alice), chunked: true }),
  },
  {
    name: 'a body over the fast path limit',
    fast: false,
    sent: (s) =>
      post(
        {
          query: SEND,
          variables: {
            input: { conversationId: s.roomId, body: 'x'.repeat(70_000), clientId: 'c7' },
          },
        },
        {},
        s.alice,
      ),
  },
  {
    name: 'a query string',
    fast: false,
    sent: (s) => ({ ...post({ query: ME }, {}, s.alice), path: '/graphql?x=1' }),
  },
  {
    name: 'GET',
    fast: false,
    sent: () => ({
      method: 'GET',
      path: '/graphql?query=%7B__typename%7D',
      headers: { accept: 'application/json' },
    }),
  },
  { name: 'PUT', fast: false, sent: () => ({ ...post({ query: ME }), method: 'PUT' }) },
  // 10 log-ins per username a minute: the 11th is RATE_LIMITED, on both paths alike.
  ...Array.from({ length: 11 }, (_, n) => ({
    name: `a wrong password, attempt ${n + 1}`,
    shows: n < 10 ? '"code":"UNAUTHENTICATED"' : '"code":"RATE_LIMITED"',
    fast: true,
    sent: () => post({ query: LOG_IN, variables: { u: 'parity_alice', p: 'wrong password' } }),
  })),
];

async function signUp(server: TestServer, username: string): Promise<string> {
  const answer = await send(
    server,
    post({
      query: 'mutation($u: String!) { signUp(username: $u, password: "password123") { token } }',
      variables: { u: username },
    }),
  );
  return (JSON.parse(answer.body) as { data: { signUp: { token: string } } }).data.signUp.token;
}

/** Two users and a room both are in, made the same way on each server (so the ids match). */
async function prepare(server: TestServer): Promise<Side> {
  const alice = await signUp(server, 'parity_alice');
  const bob = await signUp(server, 'parity_bob');
  const created = await send(
    server,
    post({ query: 'mutation { createRoom(title: "parity") { id } }' }, {}, alice),
  );
  const roomId = (JSON.parse(created.body) as { data: { createRoom: { id: string } } }).data
    .createRoom.id;
  await send(server, post({ query: `mutation { joinRoom(roomId: "${roomId}") { id } }` }, {}, bob));
  return { server, alice, bob, roomId };
}

const servers: TestServer[] = [];
let fast: Side;
let yogaOnly: Side;
beforeAll(async () => {
  // Rate limits on, so RATE_LIMITED is compared too; each server has its own counters, and
  // one stopped clock: the seconds a refusal says to wait are the same on both.
  const stopped = { now: () => Date.parse('2026-01-01T00:00:00Z') };
  servers.push(
    ...(await Promise.all([
      startServer({ RATE_LIMITS: 'on' }, undefined, stopped),
      startServer({ RATE_LIMITS: 'on', HTTP_FAST_PATH: 'off' }, undefined, stopped),
    ])),
  );
  fast = await prepare(servers[0] as TestServer);
  yogaOnly = await prepare(servers[1] as TestServer);
});
afterAll(() => Promise.all(servers.map((server) => server.stop())));

describe('the HTTP fast path', () => {
  it('starts both servers alike (the same ids)', () => {
    expect(fast.roomId).toBe(yogaOnly.roomId);
  });

  it('answers every request as yoga alone does: status, headers and body', async () => {
    for (const step of steps) {
      const before = fast.server.app.httpFastPathAnswers();
      const ours = await send(fast.server, step.sent(fast));
      const took = fast.server.app.httpFastPathAnswers() - before;
      const yoga = await send(yogaOnly.server, step.sent(yogaOnly));
      expect(ours, step.name).toEqual(yoga);
      if (step.shows) expect(ours.body, step.name).toContain(step.shows);
      expect(took, `${step.name}: answered by the fast path`).toBe(step.fast ? 1 : 0);
    }
    expect(yogaOnly.server.app.httpFastPathAnswers()).toBe(0);
  });
});
