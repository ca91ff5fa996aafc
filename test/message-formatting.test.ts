import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { DeleteMessage, EditMessage, roomOf } from './support/changes.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

const SendFormatted = graphql(`
  mutation SendFormatted($input: SendInput!) {
    send(input: $input) {
      id body format
      entities { kind offset length url user { username } }
    }
  }
`);

const FormattedHistory = graphql(`
  query FormattedHistory($conversationId: ID!) {
    messages(conversationId: $conversationId, last: 10) {
      edges { node { id body format entities { kind offset length url user { username } } } }
    }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

/** Where `part` is in `body`, in UTF-16 code units (what JavaScript's indexOf counts). */
function at(body: string, part: string) {
  const offset = body.indexOf(part);
  expect(offset).toBeGreaterThanOrEqual(0);
  return { offset, length: part.length };
}

const send = (user: TestUser, input: Parameters<typeof sendInput>[0]) =>
  user.ok(SendFormatted, { input: sendInput(input) }).then((r) => r.send);
const sendInput = (input: {
  conversationId?: string;
  toUserId?: string;
  body: string;
  format?: 'PLAIN' | 'MARKDOWN';
  forwardOfId?: string;
}) => input;

describe('MARKDOWN', () => {
  it('locates bold, italic, strike, code, fenced code and links in UTF-16 units, emoji and CJK around', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const body =
      '😀👍 **粗体** and _斜体_ ~~删除~~ `代码` see [链接 🔗](https://example.com/路径)\n\n```\nconst 値 = 1;\n```';
    const sent = await send(alice, { toUserId: bob.id, body, format: 'MARKDOWN' });
    expect(sent.format).toBe('MARKDOWN');
    expect(sent.body).toBe(body);
    expect(sent.entities).toEqual([
      { kind: 'BOLD', ...at(body, '**粗体**'), url: null, user: null },
      { kind: 'ITALIC', ...at(body, '_斜体_'), url: null, user: null },
      { kind: 'STRIKE', ...at(body, '~~删除~~'), url: null, user: null },
      { kind: 'CODE', ...at(body, '`代码`'), url: null, user: null },
      {
        kind: 'LINK',
        ...at(body, '[链接 🔗](https://example.com/路径)'),
        url: 'https://example.com/路径',
        user: null,
      },
      { kind: 'PRE', ...at(body, '```\nconst 値 = 1;\n```'), url: null, user: null },
    ]);
  });

  it('links only to http and https, bare ones too; markup inside code is code', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const body =
      '[a](javascript:alert(1)) [b](ftp://files.example/x) `**not bold**` [c](http://ok.example) and https://bare.example/p';
    const sent = await send(alice, { toUserId: bob.id, body, format: 'MARKDOWN' });
    expect(
      sent.entities.map(({ kind, offset, length, url }) => ({ kind, offset, length, url })),
    ).toEqual([
      { kind: 'CODE', ...at(body, '`**not bold**`'), url: null },
      { kind: 'LINK', ...at(body, '[c](http://ok.example)'), url: 'http://ok.example' },
      { kind: 'LINK', ...at(body, 'https://bare.example/p'), url: 'https://bare.example/p' },
    ]);
  });
});

describe('PLAIN', () => {
  it('has links and mentions of members only, and no markup', async () => {
    const [alice, bob, stranger] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'stranger'),
    ]);
    const roomId = await roomOf(alice, bob);
    const body = `**不是粗体** 👋 @${bob.username}, see https://example.com/a?b=1 — @${stranger.username} and mail x@${bob.username}.example`;
    const sent = await send(alice, { conversationId: roomId, body });
    expect(sent.format).toBe('PLAIN');
    expect(sent.entities).toEqual([
      {
        kind: 'MENTION',
        ...at(body, `@${bob.username}`),
        url: null,
        user: { username: bob.username },
      },
      {
        kind: 'LINK',
        ...at(body, 'https://example.com/a?b=1'),
        url: 'https://example.com/a?b=1',
        user: null,
      },
    ]);
  });

  it('a mention at the end of a sentence leaves the dot out', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const body = `thanks, @${bob.username}.`;
    const sent = await send(alice, { toUserId: bob.id, body });
    expect(sent.entities).toEqual([
      {
        kind: 'MENTION',
        ...at(body, `@${bob.username}`),
        url: null,
        user: { username: bob.username },
      },
    ]);
  });
});

describe('entities over a message life', () => {
  it('history shows them, an edit parses again, a recall empties them, a forward keeps the format', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await roomOf(alice, bob);
    const sent = await send(alice, { conversationId: roomId, body: '**hi**', format: 'MARKDOWN' });
    await alice.ok(EditMessage, { id: sent.id, body: `_hi_ @${bob.username}` });
    const copy = await send(bob, {
      toUserId: alice.id,
      body: '',
      forwardOfId: sent.id,
    });
    expect(copy).toMatchObject({ body: `_hi_ @${bob.username}`, format: 'MARKDOWN' });
    expect(copy.entities.map((e) => e.kind)).toEqual(['ITALIC', 'MENTION']);

    const history = await bob.ok(FormattedHistory, { conversationId: roomId });
    expect(history.messages.edges.map((e) => e.node)).toEqual([
      {
        id: sent.id,
        body: `_hi_ @${bob.username}`,
        format: 'MARKDOWN',
        entities: [
          { kind: 'ITALIC', offset: 0, length: 4, url: null, user: null },
          {
            kind: 'MENTION',
            offset: 5,
            length: bob.username.length + 1,
            url: null,
            user: { username: bob.username },
          },
        ],
      },
    ]);
    await alice.ok(DeleteMessage, { id: sent.id });
    const after = await bob.ok(FormattedHistory, { conversationId: roomId });
    expect(after.messages.edges[0]?.node).toMatchObject({ body: '', entities: [] });
  });
});
