import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { graphql } from './gql/index.js';
import { DeleteMessage, EditMessage } from './support/changes.js';
import { codeOf } from './support/client.js';
import { Search, Send } from './support/documents.js';
import { room } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

const SearchFiltered = graphql(`
  query SearchFiltered(
    $query: String!
    $conversationId: ID
    $from: ID
    $since: DateTime
    $until: DateTime
    $first: Int
  ) {
    searchMessages(
      query: $query
      conversationId: $conversationId
      from: $from
      since: $since
      until: $until
      first: $first
    ) {
      edges { node { id body createdAt } highlights { offset length } }
    }
  }
`);

const HistoryHighlights = graphql(`
  query HistoryHighlights($id: ID!) {
    conversation(id: $id) { messages(last: 5) { edges { highlights { offset } } } }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

const say = (user: TestUser, conversationId: string, body: string) =>
  user.ok(Send, { input: { conversationId, body } });

const sent = async (user: TestUser, conversationId: string, body: string) =>
  (await say(user, conversationId, body)).send;

/** Sent in a later millisecond than anything before it (filters by time tell them apart). */
async function sentLater(user: TestUser, conversationId: string, body: string) {
  const before = Date.now();
  await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(before), { interval: 1 });
  return sent(user, conversationId, body);
}

/** Bodies found with the filters given. */
const filtered = async (user: TestUser, query: string, filters: Record<string, unknown>) =>
  (await user.ok(SearchFiltered, { query, first: 50, ...filters })).searchMessages.edges.map(
    (e) => e.node.body,
  );

/** Each result's body with its highlighted parts cut out of it (as a client would). */
const highlighted = async (user: TestUser, query: string) =>
  (await user.ok(SearchFiltered, { query, first: 50 })).searchMessages.edges.map((e) => ({
    body: e.node.body,
    parts: (e.highlights ?? []).map((h) => e.node.body.slice(h.offset, h.offset + h.length)),
  }));

const found = async (user: TestUser, query: string, extra: Record<string, unknown> = {}) =>
  (await user.ok(Search, { query, first: 50, ...extra })).searchMessages.edges.map(
    (e) => e.node.body,
  );

describe('searchMessages', () => {
  it('finds messages with every word, ignoring case, newest first; a word with * its longer forms', async () => {
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
    // A word ending in * finds the words starting with it: "quarter*" finds "Quarterly".
    expect(await found(bo, 'REPORT quarter')).toEqual([]);
    expect(await found(bo, 'report* QUARTER*')).toEqual([
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

  it('finds Chinese, Japanese and Korean words of any length, a single character too, only where whole', async () => {
    const [mo, nu] = [await signUp(server, 'mo'), await signUp(server, 'nu')];
    const here = await room(mo, nu);
    await say(mo, here, '动物园的麒麟很可爱');
    await say(nu, here, '麒 is one half, 麟 the other');
    await say(mo, here, '会议室在三楼');
    // Every pair of "会议室" (会议, 议室) is here, but not the three characters together.
    await say(nu, here, '会议 议室');
    await say(mo, here, 'カタカナのテスト');
    await say(nu, here, '안녕하세요 여러분');
    // 𠮷 is outside the Basic Multilingual Plane: two UTF-16 units, one character.
    await say(mo, here, '𠮷野家で牛丼');
    expect(await found(nu, '麒麟')).toEqual(['动物园的麒麟很可爱']);
    // One character, in the middle of a run or ending one.
    expect(await found(nu, '麟')).toEqual(['麒 is one half, 麟 the other', '动物园的麒麟很可爱']);
    expect(await found(nu, '园')).toEqual(['动物园的麒麟很可爱']);
    expect(await found(nu, '会议室')).toEqual(['会议室在三楼']);
    expect(await found(nu, '议室')).toEqual(['会议 议室', '会议室在三楼']);
    expect(await found(nu, '麒麟 可爱')).toEqual(['动物园的麒麟很可爱']);
    expect(await found(nu, 'half 麟')).toEqual(['麒 is one half, 麟 the other']);
    expect(await found(nu, 'テスト')).toEqual(['カタカナのテスト']);
    expect(await found(nu, '여러분')).toEqual(['안녕하세요 여러분']);
    expect(await found(nu, '𠮷野')).toEqual(['𠮷野家で牛丼']);
    expect(await found(nu, '𠮷')).toEqual(['𠮷野家で牛丼']);
    expect((await highlighted(nu, '𠮷野'))[0]?.parts).toEqual(['𠮷野']);
    expect(await found(nu, '麟麒')).toEqual([]);
    expect(await found(nu, '三楼会')).toEqual([]);
  });

  it('follows edits and recalls: the old words are no longer found, the new ones are', async () => {
    const [ol, pi] = [await signUp(server, 'ol'), await signUp(server, 'pi')];
    const here = await room(ol, pi);
    const edited = await sent(ol, here, '周五交麒麟报告');
    const recalled = await sent(ol, here, '麒麟 draft, zephyr');
    await ol.ok(EditMessage, { id: edited.id, body: '周五交凤凰报告' });
    await ol.ok(DeleteMessage, { id: recalled.id });
    expect(await found(pi, '麒麟')).toEqual([]);
    expect(await found(pi, '麒')).toEqual([]);
    expect(await found(pi, 'zephyr')).toEqual([]);
    expect(await found(pi, '凤凰')).toEqual(['周五交凤凰报告']);
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

describe('searchMessages: who sees what', () => {
  it("never returns another user's messages, in English or Chinese, nor recalled ones", async () => {
    const [ann, bo, eve] = [
      await signUp(server, 'ann'),
      await signUp(server, 'bo'),
      await signUp(server, 'eve'),
    ];
    const ours = await room(ann, bo);
    const hers = await room(eve);
    const direct = (
      await bo.ok(Send, { input: { toUserId: eve.id, body: 'secret plan 秘密计划' } })
    ).send;
    await say(ann, ours, 'the launch plan 发布计划 is ready');
    const recalled = await sent(ann, ours, 'the launch plan 发布计划, draft');
    await ann.ok(DeleteMessage, { id: recalled.id });
    await say(eve, hers, 'my own launch plan 发布计划');
    expect(await found(ann, 'plan')).toEqual(['the launch plan 发布计划 is ready']);
    expect(await found(ann, '计划')).toEqual(['the launch plan 发布计划 is ready']);
    expect(await found(bo, '计划')).toEqual(['the launch plan 发布计划 is ready', direct.body]);
    expect(await found(eve, '发布计划')).toEqual(['my own launch plan 发布计划']);
    expect(await found(eve, 'plan')).toEqual(['my own launch plan 发布计划', direct.body]);
    // The recalled one is found by nobody, not even by the words it had.
    expect(await found(bo, 'draft')).toEqual([]);
    expect(await found(ann, 'draft')).toEqual([]);
  });

  it('matches the start of words in Latin scripts, and anything in Chinese', async () => {
    const [cy, di] = [await signUp(server, 'cy'), await signUp(server, 'di')];
    const here = await room(cy, di);
    await say(cy, here, 'Café crème at the Élysée');
    await say(cy, here, 'Reports are due');
    await say(cy, here, 'a report on reports');
    await say(di, here, '我们明天在北京开会');
    expect(await found(di, 'café')).toEqual(['Café crème at the Élysée']);
    expect(await found(di, 'ÉLYSÉE crème')).toEqual(['Café crème at the Élysée']);
    // Whole words of spaced scripts: "port" is not a word of "report", nor "report" of "reports".
    expect(await found(di, 'port')).toEqual([]);
    expect(await found(di, 'repo')).toEqual([]);
    expect(await found(di, 'repo*')).toEqual(['a report on reports', 'Reports are due']);
    expect(await found(di, 'REPORTS')).toEqual(['a report on reports', 'Reports are due']);
    expect(await highlighted(di, 'report')).toEqual([
      { body: 'a report on reports', parts: ['report'] },
    ]);
    expect(await found(cy, '北京')).toEqual(['我们明天在北京开会']);
    expect(await found(cy, '京开')).toEqual(['我们明天在北京开会']);
    expect(await found(cy, '上海')).toEqual([]);
  });
});

describe('searchMessages: highlights', () => {
  it('locates every match in UTF-16 code units, past emoji and CJK', async () => {
    const [ed, fi] = [await signUp(server, 'ed'), await signUp(server, 'fi')];
    const here = await room(ed, fi);
    const body = '👍🏽 Plans: 北京 plan 👨‍👩‍👧 PLANNING 北京 done';
    await say(ed, here, body);
    const [result] = await highlighted(fi, 'plan* 北京');
    expect(result?.parts).toEqual(['Plan', '北京', 'plan', 'PLAN', '北京']);
    expect((await highlighted(fi, 'plan 北京'))[0]?.parts).toEqual(['北京', 'plan', '北京']);
    const edges = (await fi.ok(SearchFiltered, { query: 'plan* 北京' })).searchMessages.edges;
    // 👍🏽 is four UTF-16 units and a space: "Plans" starts at 5.
    expect(edges[0]?.highlights?.[0]).toEqual({ offset: 5, length: 4 });
    expect(edges[0]?.highlights?.[1]).toEqual({ offset: body.indexOf('北京'), length: 2 });
    // Outside search, edges have none.
    const history = await fi.ok(HistoryHighlights, { id: here });
    expect(history.conversation?.messages.edges.map((e) => e.highlights)).toEqual([null]);
  });

  it('merges overlapping matches of two words', async () => {
    const [gu, ha] = [await signUp(server, 'gu'), await signUp(server, 'ha')];
    const here = await room(gu, ha);
    await say(gu, here, '预算预算表');
    expect(await highlighted(ha, '预算 算表')).toEqual([
      { body: '预算预算表', parts: ['预算预算表'] },
    ]);
  });
});

describe('searchMessages: filters', () => {
  it('from, conversationId, since and until narrow the results, alone and together', async () => {
    const [io, jo, ko] = [
      await signUp(server, 'io'),
      await signUp(server, 'jo'),
      await signUp(server, 'ko'),
    ];
    const one = await room(io, jo);
    const two = await room(jo, io, ko);
    const a = await sentLater(io, one, 'budget a');
    const b = await sentLater(jo, one, 'budget b');
    const c = await sentLater(jo, two, 'budget c');
    const d = await sentLater(ko, two, 'budget d');
    const all = ['budget d', 'budget c', 'budget b', 'budget a'];
    expect(await filtered(io, 'budget', {})).toEqual(all);
    expect(await filtered(io, 'budget', { from: jo.id })).toEqual(['budget c', 'budget b']);
    expect(await filtered(io, 'budget', { conversationId: one })).toEqual(['budget b', 'budget a']);
    expect(await filtered(io, 'budget', { conversationId: two, from: jo.id })).toEqual([
      'budget c',
    ]);
    // since is inclusive, until exclusive.
    expect(await filtered(io, 'budget', { since: b.createdAt })).toEqual(all.slice(0, 3));
    expect(await filtered(io, 'budget', { until: c.createdAt })).toEqual(all.slice(2));
    expect(await filtered(io, 'budget', { since: b.createdAt, until: d.createdAt })).toEqual([
      'budget c',
      'budget b',
    ]);
    expect(
      await filtered(io, 'budget', { since: b.createdAt, until: d.createdAt, from: io.id }),
    ).toEqual([]);
    expect(await filtered(io, 'budget', { until: '2000-01-01T00:00:00Z' })).toEqual([]);
    // A filter never widens: ko is not in `one`, and sees io's messages of `two` only.
    expect(await filtered(ko, 'budget', { from: jo.id })).toEqual(['budget c']);
    expect(await filtered(ko, 'budget', { from: io.id })).toEqual([]);
    expect(codeOf(await ko.run(SearchFiltered, { query: 'budget', conversationId: one }))).toBe(
      'FORBIDDEN',
    );
    expect(
      codeOf(
        await io.run(SearchFiltered, { query: 'budget', since: d.createdAt, until: a.createdAt }),
      ),
    ).toBe('BAD_USER_INPUT');
  });
});
