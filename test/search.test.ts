import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from './support/client.js';
import { Search, Send } from './support/documents.js';
import { room } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

const say = (user: TestUser, conversationId: string, body: string) =>
  user.ok(Send, { input: { conversationId, body } });

const found = async (user: TestUser, query: string, extra: Record<string, unknown> = {}) =>
  (await user.ok(Search, { query, first: 50, ...extra })).searchMessages.edges.map(
    (e) => e.node.body,
  );

describe('searchMessages', () => {
  it('finds messages with every word, ignoring case, parts of words included, newest first', async () => {
    const [ann, bo] = [await signUp(server, 'ann'), await signUp(server, 'bo')];
    const here = await room(ann, bo);
    await say(ann, here, 'The Quarterly REPORT is ready');
    await say(bo, here, 'report: quarterly numbers attached');
    await say(ann, here, 'only the report');
    await say(bo, here, 'Reporting on the quarter');
    expect(await found(ann, 'quarterly report')).toEqual([
      'report: quarterly numbers attached',
      'The Quarterly REPORT is ready',
    ]);
    // A part of a word matches: "quarter" finds "Quarterly" and "quarter".
    expect(await found(bo, 'REPORT quarter')).toEqual([
      'Reporting on the quarter',
      'report: quarterly numbers attached',
      'The Quarterly REPORT is ready',
    ]);
  });

  it('finds Chinese text, which has no spaces between words', async () => {
    const [lin, wu] = [await signUp(server, 'lin'), await signUp(server, 'wu')];
    const here = await room(lin, wu);
    await say(lin, here, '明天下午三点开会讨论预算');
    await say(wu, here, '预算已经发到邮箱了');
    await say(lin, here, '周末愉快');
    expect(await found(wu, '预算')).toEqual(['预算已经发到邮箱了', '明天下午三点开会讨论预算']);
    expect(await found(wu, '开会 预算')).toEqual(['明天下午三点开会讨论预算']);
  });

  it("searches only the viewer's conversations, or one of them, and pages", async () => {
    const [cy, di, ed] = [
      await signUp(server, 'cy'),
      await signUp(server, 'di'),
      await signUp(server, 'ed'),
    ];
    const ours = await room(cy, di);
    const theirs = await room(ed);
    for (let i = 0; i < 5; i++) await say(cy, ours, `needle ${i}`);
    await say(ed, theirs, 'needle in a room cy is not in');
    expect(await found(cy, 'needle')).toEqual([
      'needle 4',
      'needle 3',
      'needle 2',
      'needle 1',
      'needle 0',
    ]);
    expect(await found(ed, 'needle')).toEqual(['needle in a room cy is not in']);
    const first = (await cy.ok(Search, { query: 'needle', first: 2 })).searchMessages;
    expect(first.edges.map((e) => e.node.body)).toEqual(['needle 4', 'needle 3']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (
      await cy.ok(Search, { query: 'needle', first: 10, after: first.pageInfo.endCursor })
    ).searchMessages;
    expect(next.edges.map((e) => e.node.body)).toEqual(['needle 2', 'needle 1', 'needle 0']);
    expect(await found(cy, 'needle', { conversationId: ours })).toHaveLength(5);
    expect(codeOf(await cy.run(Search, { query: 'needle', conversationId: theirs }))).toBe(
      'FORBIDDEN',
    );
  });

  it('takes wildcards literally and refuses an empty query', async () => {
    const [fi, gu] = [await signUp(server, 'fi'), await signUp(server, 'gu')];
    const here = await room(fi, gu);
    await say(fi, here, 'growth was 100% this year');
    await say(fi, here, 'growth was 100 units');
    expect(await found(gu, '100%')).toEqual(['growth was 100% this year']);
    expect(await found(gu, 'growth_was')).toEqual([]);
    expect(codeOf(await gu.run(Search, { query: '   ' }))).toBe('BAD_USER_INPUT');
  });
});
