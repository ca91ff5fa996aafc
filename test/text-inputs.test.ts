// Every string a client sends, in every argument and input field, over HTTP and WebSocket:
// a NUL, a lone surrogate or an overlong string is BAD_USER_INPUT, never an internal error.
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Result, request } from './support/client.js';
import { Inbox, Users } from './support/documents.js';
import { crafted, refusal, room } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

let server: TestServer;
let ann: TestUser;
let roomId: string;
let cursor: string;
beforeAll(async () => {
  server = await startServer();
  ann = await signUp(server, 'ann');
  roomId = await room(ann);
  const { users } = await ann.ok(Users, { first: 1 });
  cursor = users.pageInfo.endCursor as string;
});
afterAll(() => server.stop());

/** A raw operation: the document as text and its variables, as any client may send them. */
const run = (query: string, variables: Record<string, unknown>, token?: string) =>
  request(server.httpUrl, parse(query), variables, token) as Promise<Result<unknown>>;

const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\uD800b';
const OVERLONG = 'x'.repeat(10_001);

/** Each string input, with the operation that takes it as `$v` and whether it needs a user. */
const inputs: { input: string; query: () => string; anonymous?: true }[] = [
  {
    input: 'signUp username',
    query: () =>
      'mutation($v: String!) { signUp(username: $v, password: "password123") { token } }',
    anonymous: true,
  },
  {
    input: 'signUp password',
    query: () => 'mutation($v: String!) { signUp(username: "fresh_one", password: $v) { token } }',
    anonymous: true,
  },
  {
    input: 'signUp displayName',
    query: () =>
      'mutation($v: String) { signUp(username: "fresh_two", password: "password123", displayName: $v) { token } }',
    anonymous: true,
  },
  {
    input: 'logIn username',
    query: () => 'mutation($v: String!) { logIn(username: $v, password: "password123") { token } }',
    anonymous: true,
  },
  {
    input: 'logIn password',
    query: () => 'mutation($v: String!) { logIn(username: "ann", password: $v) { token } }',
    anonymous: true,
  },
  {
    input: 'createRoom title',
    query: () => 'mutation($v: String!) { createRoom(title: $v) { id } }',
  },
  {
    input: 'renameRoom title',
    query: () => `mutation($v: String!) { renameRoom(roomId: "${roomId}", title: $v) { id } }`,
  },
  {
    input: 'searchMessages query',
    query: () => 'query($v: String!) { searchMessages(query: $v) { edges { cursor } } }',
  },
  {
    input: 'rooms query',
    query: () => 'query($v: String) { rooms(query: $v) { edges { cursor } } }',
  },
  {
    input: 'send body',
    query: () =>
      `mutation($v: String!) { send(input: { conversationId: "${roomId}", body: $v }) { id } }`,
  },
  {
    input: 'send clientId',
    query: () =>
      `mutation($v: String) { send(input: { conversationId: "${roomId}", body: "hi", clientId: $v }) { id } }`,
  },
  {
    input: 'send attachment name (nested input)',
    query: () =>
      `mutation($v: String) { send(input: { conversationId: "${roomId}", body: "hi", attachment: { url: "https://example.com/a.png", name: $v } }) { id } }`,
  },
  {
    input: 'users after (cursor)',
    query: () => 'query($v: String) { users(after: $v) { edges { cursor } } }',
  },
  {
    input: 'conversations before (cursor)',
    query: () => 'query($v: String) { conversations(last: 1, before: $v) { edges { cursor } } }',
  },
  { input: 'conversation id', query: () => 'query($v: ID!) { conversation(id: $v) { id } }' },
  { input: 'node id', query: () => 'query($v: ID!) { node(id: $v) { id } }' },
  {
    input: 'broadcast toUserIds (list)',
    query: () =>
      'mutation($v: ID!) { broadcast(body: "hello", toUserIds: ["1", $v]) { recipients } }',
  },
];

describe('string inputs over HTTP', () => {
  for (const { input, query, anonymous } of inputs) {
    it(`refuses a NUL, a lone surrogate and 10,001 characters in ${input}`, async () => {
      const token = anonymous ? undefined : ann.token;
      for (const bad of [NUL, LONE_SURROGATE, OVERLONG]) {
        const result = await run(query(), { v: bad }, token);
        expect(refusal(result), `${input} with ${JSON.stringify(bad.slice(0, 3))}`).toBe(
          'BAD_USER_INPUT',
        );
        expect(result.errors?.[0]?.message).toMatch(/Variable "\$v" (holds|is longer)/);
      }
    });
  }

  it('refuses a NUL written into the document itself', async () => {
    const result = await run('mutation { createRoom(title: "a\\u0000b") { id } }', {}, ann.token);
    expect(refusal(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/A string in the document holds a NUL/);
  });

  it('refuses a cursor that decodes to text holding a NUL', async () => {
    const result = await run(
      'query($v: String) { users(after: $v) { edges { cursor } } }',
      { v: crafted('u:1:a\u0000b') },
      ann.token,
    );
    expect(refusal(result)).toBe('BAD_USER_INPUT');
  });

  it('still accepts text outside the BMP and a valid cursor', async () => {
    const body = '😀 ok';
    const sent = await run(
      `mutation($v: String!) { send(input: { conversationId: "${roomId}", body: $v }) { body } }`,
      { v: body },
      ann.token,
    );
    expect(sent).toEqual({ data: { send: { body } } });
    const page = await run(
      'query($v: String) { users(first: 1, after: $v) { edges { cursor } } }',
      { v: cursor },
      ann.token,
    );
    expect(page.errors).toBeUndefined();
  });
});

describe('string inputs over WebSocket', () => {
  it('refuses a NUL in a mutation and a lone surrogate in an inbox cursor', async () => {
    const device = ann.device();
    await device.ready;
    const create = device.subscribe(
      parse('mutation($v: String!) { createRoom(title: $v) { id } }'),
      { v: NUL },
    );
    await create.completed;
    const inbox = device.subscribe(Inbox, { after: LONE_SURROGATE });
    await inbox.completed;
    for (const errors of [create.errors, inbox.errors]) {
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        message: expect.stringMatching(/^Variable "\$(v|after)" holds/),
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    await device.close();
  });
});
