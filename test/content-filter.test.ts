import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { EditMessage } from './support/changes.js';
import { request } from './support/client.js';
import { CreateRoom, RenameRoom, Send, SignUp } from './support/documents.js';
import { refusal } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

const dir = mkdtempSync(join(tmpdir(), 'chat-filter-'));
const wordsFile = join(dir, 'words.txt');
writeFileSync(wordsFile, '# words users may not write\nbadword\n\nrude phrase\n坏词\n');

const History = graphql(`
  query FilteredHistory($conversationId: ID!) {
    messages(conversationId: $conversationId, last: 5) { edges { node { body } } }
  }
`);

let masking: TestServer;
let rejecting: TestServer;
let alice: TestUser;
let bob: TestUser;
let erin: TestUser;
let frank: TestUser;

beforeAll(async () => {
  masking = await startServer({ CONTENT_FILTER_WORDS_FILE: wordsFile });
  rejecting = await startServer({
    CONTENT_FILTER_WORDS_FILE: wordsFile,
    CONTENT_FILTER_MODE: 'reject',
  });
  [alice, bob, erin, frank] = await Promise.all([
    signUp(masking, 'alice'),
    signUp(masking, 'bob'),
    signUp(rejecting, 'erin'),
    signUp(rejecting, 'frank'),
  ]);
});
afterAll(() => Promise.all([masking?.stop(), rejecting?.stop()]));

const sent = async (body: string) =>
  (await alice.ok(Send, { input: { toUserId: bob.id, body } })).send;

describe('mask mode (the default)', () => {
  it('masks listed words and phrases in every variant a user might try', async () => {
    const variants: Array<[string, string]> = [
      ['a badword here', 'a *** here'],
      ['a BadWord here', 'a *** here'],
      ['full width ｂａｄｗｏｒｄ!', 'full width ***!'],
      ['accents bádwörd.', 'accents ***.'],
      ['combining ba\u0301dword', 'combining ***'],
      ['zero width bad\u200bword end', 'zero width *** end'],
      ['a RUDE   phrase, really', 'a ***, really'],
      ['中文坏词测试', '中文***测试'],
    ];
    for (const [body, masked] of variants) expect((await sent(body)).body).toBe(masked);
  });

  it('leaves words that only contain a listed word alone', async () => {
    expect((await sent('badwords and abadword stay')).body).toBe('badwords and abadword stay');
  });

  it('stores the masked text: the recipient never sees the word', async () => {
    const message = await sent('you badword');
    const history = await bob.ok(History, { conversationId: message.conversation.id });
    expect(history.messages.edges.at(-1)?.node.body).toBe('you ***');
  });

  it('masks edits, room titles and display names', async () => {
    const message = await sent('fine');
    const edited = (await alice.ok(EditMessage, { id: message.id, body: 'not BADWORD' }))
      .editMessage;
    expect(edited.body).toBe('not ***');

    const room = (await alice.ok(CreateRoom, { title: 'Ｂａｄｗｏｒｄ club' })).createRoom;
    expect(room.title).toBe('*** club');
    const renamed = (await alice.ok(RenameRoom, { roomId: room.id, title: 'the rudé phrase' }))
      .renameRoom;
    expect(renamed.title).toBe('the ***');

    const result = await request(masking.httpUrl, SignUp, {
      username: `carol${process.pid % 1000}`,
      password: 'password123',
      displayName: 'Carol badword',
    });
    expect(result.data?.signUp.user.displayName).toBe('Carol ***');
  });
});

describe('reject mode', () => {
  it('refuses text with a listed word (any variant) with BAD_USER_INPUT naming no word', async () => {
    for (const body of ['BADWORD', 'ｂａｄｗｏｒｄ', 'bädword', 'rude\tphrase', '坏词']) {
      const result = await erin.run(Send, { input: { toUserId: frank.id, body } });
      expect(refusal(result)).toBe('BAD_USER_INPUT');
      const message = result.errors?.[0]?.message ?? '';
      expect(message).toMatch(/not allowed/);
      expect(message.toLowerCase()).not.toMatch(/bad|rude|坏/);
    }
    const room = await erin.run(CreateRoom, { title: 'badword room' });
    expect(refusal(room)).toBe('BAD_USER_INPUT');
    const name = await erin.run(SignUp, {
      username: `dave${process.pid % 1000}`,
      password: 'password123',
      displayName: 'Bad Word? no: BADWORD',
    });
    expect(refusal(name)).toBe('BAD_USER_INPUT');
  });

  it('lets clean text through unchanged', async () => {
    const result = await erin.run(Send, {
      input: { toUserId: frank.id, body: 'a bad word, spaced' },
    });
    expect(result.data?.send.body).toBe('a bad word, spaced');
  });
});
