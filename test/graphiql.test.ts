import { readFileSync } from 'node:fs';
import { type DocumentNode, type OperationDefinitionNode, parse, print } from 'graphql';
import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleSession } from '../src/example-session.js';
import { connect, dataOf, request } from './support/client.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

/** Every URL the page makes the browser load: scripts, styles, icons, frames, CSS url()s. */
function resourcesOf(html: string): string[] {
  const urls: string[] = [];
  let inStyle = false;
  const fromCss = (css: string) => {
    for (const match of css.matchAll(/url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)/g)) {
      urls.push((match[1] ?? match[2]) as string);
    }
  };
  const parser = new Parser({
    onopentag(name, attributes) {
      inStyle = name === 'style';
      for (const attribute of ['src', 'href', 'srcset', 'data']) {
        const value = attributes[attribute];
        if (value && name !== 'a') urls.push(value);
      }
      if (attributes.style) fromCss(attributes.style);
    },
    ontext(text) {
      if (inStyle) fromCss(text);
    },
    onclosetag() {
      inStyle = false;
    },
  });
  parser.write(html);
  parser.end();
  return urls;
}

/** The named operations of the README's "Try it in GraphiQL" section, one per block. */
function readmeWalkthrough(): DocumentNode[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.split('## Try it in GraphiQL')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => parse(m[1] as string));
}

const operations = (document: DocumentNode) =>
  document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  );

describe('GraphiQL', () => {
  it('is served by this server alone: every script, style and icon it loads', async () => {
    const response = await fetch(server.httpUrl, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<title>Chat</title>');
    // The editor opens with the example session.
    expect(html).toContain(JSON.stringify(exampleSession));
    const origin = new URL(server.httpUrl).origin;
    for (const url of resourcesOf(html)) {
      if (/^(data|blob):/.test(url)) continue;
      const absolute = new URL(url, server.httpUrl);
      expect(absolute.origin, url).toBe(origin);
      expect((await fetch(absolute)).status, url).toBe(200);
    }
  });

  it('opens with the README walkthrough: the same named operations, one per block', () => {
    const blocks = readmeWalkthrough();
    expect(blocks.length).toBeGreaterThan(5);
    for (const block of blocks) {
      expect(operations(block)).toHaveLength(1);
      expect(operations(block)[0]?.name?.value).toBeTruthy();
    }
    expect(operations(parse(exampleSession)).map((o) => print(o))).toEqual(
      blocks.map((b) => print(operations(b)[0] as OperationDefinitionNode)),
    );
  });

  it('runs the walkthrough as written: three unread, two pages of history, zero after reading', async () => {
    const steps = new Map(
      operations(parse(exampleSession)).map((o) => [o.name?.value, print(o)] as const),
    );
    const run = async (name: string, token?: string, ids: Record<string, string> = {}) => {
      let text = steps.get(name) ?? '';
      for (const [placeholder, value] of Object.entries(ids)) {
        text = text.replaceAll(placeholder, value);
      }
      // biome-ignore lint/suspicious/noExplicitAny: the walkthrough's results, read as a person would
      return dataOf(await request<any, never>(server.httpUrl, parse(text), undefined, token));
    };
    const alice = (await run('SignUpAlice')).signUp;
    const bob = (await run('SignUpBob')).signUp;
    const sent = await run('SendThree', alice.token, { BOB_ID: bob.user.id });
    const CONVERSATION_ID = sent.a.conversation.id;

    const listed = await run('Conversations', bob.token);
    expect(listed.conversations.edges[0].node).toMatchObject({
      id: CONVERSATION_ID,
      unreadCount: 3,
      lastMessage: { body: 'Call me' },
    });
    expect(listed.unreadCounts.total).toBe(3);

    const latest = (await run('LatestTwo', bob.token, { CONVERSATION_ID })).messages;
    expect(latest.edges.map((e: { node: { body: string } }) => e.node.body)).toEqual([
      'Are you there?',
      'Call me',
    ]);
    expect(latest.pageInfo.hasPreviousPage).toBe(true);
    const before = await run('TheOneBefore', bob.token, {
      CONVERSATION_ID,
      START_CURSOR: latest.pageInfo.startCursor,
    });
    expect(before.messages.edges.map((e: { node: { body: string } }) => e.node.body)).toEqual([
      'Hi Bob!',
    ]);
    expect((await run('MarkRead', bob.token, { CONVERSATION_ID })).markRead.unreadCount).toBe(0);

    const device = connect(server.wsUrl, { authorization: `Bearer ${bob.token}` });
    try {
      const live = device.subscribe(parse(steps.get('Live') ?? ''));
      await device.ready;
      await request(
        server.httpUrl,
        parse(
          'mutation { send(input: { toUserId: "BOB_ID", body: "Still there?" }) { id } }'.replace(
            'BOB_ID',
            bob.user.id,
          ),
        ),
        undefined,
        alice.token,
      );
      await expect
        .poll(() => JSON.stringify(live.received), { timeout: 15_000 })
        .toContain('Still there?');
    } finally {
      await device.close();
    }
  });
});
