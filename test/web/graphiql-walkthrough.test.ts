import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exampleSession } from '../../src/example-session.js';
import { launchChromium, sameOriginContext } from '../support/browser.js';
import { request } from '../support/client.js';
import { Send } from '../support/documents.js';
import { startServer, type TestServer } from '../support/server.js';

// The README's "Try it in GraphiQL", done in GraphiQL in Debian's Chromium as a person does
// it: the page opens with the walkthrough, each operation is picked by name from the run
// button, tokens go in the Headers tab, ids and cursors are pasted over the placeholders, and
// the answer is read from the result pane. test/graphiql.test.ts runs the same over HTTP.

const SCREENSHOTS = 'test-results';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let external: string[];
let errors: string[];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  ({ context, external, errors } = await sameOriginContext(browser, new URL(server.url).origin, {
    viewport: { width: 1280, height: 900 },
  }));
  // Pasting as a person does goes through the clipboard.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(server.url).origin,
  });
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await context?.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/failed-graphiql-walkthrough.png` });
});

/**
 * GraphiQL's editors (Monaco), each by the end of its model's name and where to click in it.
 * Their text is read from Monaco: the screen shows only the lines that fit.
 */
const EDITORS = {
  operation: { model: '-operation.graphql', at: '.graphiql-query-editor .monaco-editor' },
  headers: {
    model: '-request-headers.json',
    at: '.graphiql-editor-tool .graphiql-editor:not(.hidden) .monaco-editor',
  },
  result: { model: '-response.json', at: '.result-window .monaco-editor' },
} as const;
type Editor = keyof typeof EDITORS;

const editorText = (editor: Editor) =>
  page.evaluate((suffix) => {
    const monaco = (
      window as unknown as {
        __MONACO: {
          editor: { getModels(): { uri: { path: string }; getValue(): string }[] };
        };
      }
    ).__MONACO;
    return (
      monaco.editor
        .getModels()
        .find((m) => m.uri.path.endsWith(suffix))
        ?.getValue() ?? ''
    );
  }, EDITORS[editor].model);

/** Replaces everything in an editor with `text`: select all, paste from the clipboard. */
async function paste(editor: Editor, text: string) {
  await page.evaluate((copied) => navigator.clipboard.writeText(copied), text);
  await page.locator(EDITORS[editor].at).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await expect.poll(() => editorText(editor)).toBe(text);
}

/** What the session in the operation editor reads now. */
let session = exampleSession;

/** Pastes each placeholder's value over it, in the whole session. */
async function fillIn(values: Record<string, string>) {
  for (const [placeholder, value] of Object.entries(values)) {
    session = session.replaceAll(placeholder, value);
  }
  await paste('operation', session);
}

/** The Authorization header, typed into the Headers tab. */
async function signInAs(token: string) {
  await page.locator('.graphiql-editor-tools').getByRole('button', { name: 'Headers' }).click();
  await paste('headers', JSON.stringify({ Authorization: `Bearer ${token}` }));
}

/** Picks the operation by name from the run button's menu (GraphiQL's way to run one of many). */
async function pick(name: string) {
  await page.getByRole('button', { name: /^Execute query/ }).click();
  await page.getByRole('menuitem', { name, exact: true }).click();
}

// biome-ignore lint/suspicious/noExplicitAny: the result pane's JSON, read as a person reads it
type Answer = any;

/** Runs the operation named `name`; the result pane's JSON, which must hold no errors. */
async function run(name: string): Promise<Answer> {
  const before = await editorText('result');
  await pick(name);
  // The pane empties while the request runs, then shows the answer.
  const answered = async () => {
    const text = await editorText('result');
    return text && text !== before ? text : undefined;
  };
  await expect.poll(answered).toBeDefined();
  const answer = JSON.parse((await answered()) as string);
  expect(answer.errors, `${name}: ${JSON.stringify(answer.errors)}`).toBeUndefined();
  return answer.data;
}

describe('the README walkthrough in GraphiQL, in Chromium', () => {
  it('runs each operation as written: three unread, two pages of history, zero after reading, live', async () => {
    await page.goto(server.httpUrl);
    // The page opens with the walkthrough.
    await expect.poll(() => editorText('operation'), { timeout: 30_000 }).toBe(exampleSession);

    const alice = (await run('SignUpAlice')).signUp;
    const bob = (await run('SignUpBob')).signUp;
    expect(alice.token).toMatch(/^eyJ/);

    await signInAs(alice.token);
    await fillIn({ BOB_ID: bob.user.id });
    const sent = await run('SendThree');
    const conversationId = sent.a.conversation.id;

    await signInAs(bob.token);
    const listed = await run('Conversations');
    expect(listed.conversations.edges[0].node).toMatchObject({
      id: conversationId,
      unreadCount: 3,
      lastMessage: { body: 'Call me' },
    });
    expect(listed.unreadCounts.total).toBe(3);

    await fillIn({ CONVERSATION_ID: conversationId });
    const latest = (await run('LatestTwo')).messages;
    expect(latest.edges.map((e: Answer) => e.node.body)).toEqual(['Are you there?', 'Call me']);
    expect(latest.pageInfo.hasPreviousPage).toBe(true);
    await fillIn({ START_CURSOR: latest.pageInfo.startCursor });
    const before = (await run('TheOneBefore')).messages;
    expect(before.edges.map((e: Answer) => e.node.body)).toEqual(['Hi Bob!']);
    expect((await run('MarkRead')).markRead.unreadCount).toBe(0);

    // Live: Bob subscribes in GraphiQL (over SSE); Alice sends one more from her own app. The
    // pane shows the latest event: stored ones Bob was not given yet come first, then this.
    await pick('Live');
    const more = await request(
      server.httpUrl,
      Send,
      { input: { toUserId: bob.user.id, body: 'Still there?' } },
      alice.token,
    );
    expect(more.errors).toBeUndefined();
    await expect.poll(() => editorText('result'), { timeout: 20_000 }).toContain('Still there?');

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
  });
});
