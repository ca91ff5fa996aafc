import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  badgeOf,
  composer,
  conversationRow,
  expectConnected,
  expectLoaded,
  launchPeople,
  message,
  messages,
  openPerson,
  PASSWORD,
  type People,
  PHONE,
  SCREENSHOTS,
  SHOWS_MS,
  send,
  signUp,
  tab,
} from '../support/browser.js';
import { dataOf, request } from '../support/client.js';
import { CreateRoom, JoinRoom, Send, SignUp } from '../support/documents.js';
import { gradientPng } from '../support/png.js';
import { startServer, type TestServer } from '../support/server.js';
import { ensureWebBuilt } from '../support/web-build.js';

// The web chat's files (pick, drop, upload, inline images, links, refusals), private rooms
// (invite, leave), forwards, and the unread count across a reload, in Chromium.

/** MAX_UPLOAD_BYTES here: small, so a "too big" file is quick to make. */
const LIMIT = 100_000;
/** Two uploads per person per hour: the third is RATE_LIMITED. */
const ENV = { MAX_UPLOAD_BYTES: String(LIMIT), RATE_LIMITS: 'upload=2/1h' };

let server: TestServer;
let people: People;

beforeAll(async () => {
  await ensureWebBuilt();
  server = await startServer(ENV);
  people = await launchPeople(() => server.url);
}, 120_000);

afterAll(async () => {
  await people?.close();
  await server?.stop();
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await people.screenshotAll(task.name);
});

/** Picks a file with the composer's "Attach" (its file input). */
async function attach(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByLabel('File to attach').setInputFiles(file);
  await picked(page).getByText(file.name).waitFor();
}

/** The file waiting in the composer. */
const picked = (page: Page) => page.getByRole('group', { name: 'Attachment', exact: true });

/** Drops a file on the open chat, as a file dragged from the desktop is. */
async function drop(page: Page, name: string, text: string) {
  const dataTransfer = await page.evaluateHandle(
    ([name, text]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name, { type: 'text/plain' }));
      return transfer;
    },
    [name, text] as const,
  );
  await page.locator('section.chat').dispatchEvent('drop', { dataTransfer });
}

const tokenOf = (page: Page) =>
  page.evaluate(
    () => (JSON.parse(localStorage.getItem('chat.session') ?? '{}') as { token: string }).token,
  );

describe('files, private rooms and forwards in the web chat', { timeout: 60_000 }, () => {
  let alice: BrowserContext;
  let bob: BrowserContext;
  let alicePage: Page;
  let bobPage: Page;

  it('sends an image the other person sees loaded inline, and a dropped file as a link', async () => {
    alice = await people.person();
    bob = await people.person();
    alicePage = await signUp(alice, server.url, 'alice', 'Alice');
    bobPage = await signUp(bob, server.url, 'bob', 'Bob');

    await openPerson(alicePage, 'Bob');
    const image = { name: 'sunset.png', mimeType: 'image/png', buffer: gradientPng(480, 300) };
    await attach(alicePage, image);
    // Previewed in the composer before it is sent.
    await expectLoaded(picked(alicePage).getByRole('img', { name: 'sunset.png' }));
    await send(alicePage, 'the view from here');
    expect(await picked(alicePage).count()).toBe(0);

    const row = conversationRow(bobPage, 'Alice');
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: SHOWS_MS }).toBe('1');
    await row.click();
    const shown = message(bobPage, 'the view from here').getByRole('img', { name: 'sunset.png' });
    await expectLoaded(shown);
    // Its box comes from the server's width and height (480×300 fits 320×240 as 320×200),
    // so it is the right size before it loads.
    expect([await shown.getAttribute('width'), await shown.getAttribute('height')]).toEqual([
      '320',
      '200',
    ]);

    // Bob drops a text file on the chat and sends it without a word: a link with its size.
    await drop(bobPage, 'notes.txt', 'Chapter one, page 12.\n');
    await picked(bobPage).getByText('notes.txt').waitFor();
    await bobPage.getByRole('button', { name: 'Send', exact: true }).click();
    const link = message(alicePage, 'notes.txt').getByRole('link', { name: 'notes.txt (22 B)' });
    await link.waitFor();
    // The link works for Alice (a member): the file itself, as a download.
    const href = (await link.getAttribute('href')) as string;
    const fetched = await alicePage.evaluate(async (href) => {
      const response = await fetch(href);
      return {
        status: response.status,
        disposition: response.headers.get('content-disposition'),
        text: await response.text(),
      };
    }, href);
    expect(fetched).toMatchObject({ status: 200, text: 'Chapter one, page 12.\n' });
    expect(fetched.disposition).toMatch(/^attachment/);
  });

  it('says why a file was refused (too big, too many uploads) and keeps what was written', async () => {
    const big = { name: 'big.bin', mimeType: 'application/octet-stream' };
    await attach(alicePage, { ...big, buffer: Buffer.alloc(LIMIT + 50_000, 1) });
    await composer(alicePage).fill('look at this');
    await composer(alicePage).press('Enter');
    await alicePage.getByRole('alert').filter({ hasText: 'big.bin is too big to send' }).waitFor();
    expect(await composer(alicePage).inputValue()).toBe('look at this');
    await picked(alicePage).getByText('big.bin').waitFor();

    // Her third upload this hour (the big one counted too): refused until the bucket refills.
    await alicePage.getByRole('button', { name: 'Remove attachment' }).click();
    const small = { name: 'small.png', mimeType: 'image/png', buffer: gradientPng(20, 20) };
    await attach(alicePage, small);
    await composer(alicePage).press('Enter');
    await alicePage
      .getByRole('alert')
      .filter({ hasText: /Too many uploads for now: try again in \d+ min/ })
      .waitFor();
    expect(await composer(alicePage).inputValue()).toBe('look at this');
    await picked(alicePage).getByText('small.png').waitFor();
    expect(await messages(bobPage).filter({ hasText: 'look at this' }).count()).toBe(0);

    // Without the file the words go.
    await alicePage.getByRole('button', { name: 'Remove attachment' }).click();
    await composer(alicePage).press('Enter');
    await message(bobPage, 'look at this').waitFor();
    expect(await alicePage.getByRole('alert').count()).toBe(0);
  });

  it('invites to a private room, forwards an image there, and leaves it', async () => {
    await tab(alicePage, 'Rooms').click();
    await alicePage.getByLabel('Room title').fill('Secret garden');
    await alicePage.getByRole('checkbox', { name: 'Private' }).check();
    await alicePage.getByRole('button', { name: 'Create room' }).click();
    await alicePage.getByRole('heading', { name: 'Secret garden' }).waitFor();
    const head = alicePage.locator('.chat-head');
    await head.getByText('private · 1 / 500 members').waitFor();
    await alicePage.getByLabel('Username to invite').fill('@bob');
    await alicePage.getByRole('button', { name: 'Invite', exact: true }).click();
    await head.getByText('private · 2 / 500 members').waitFor();
    // A private room is never listed: Bob has it because he was invited (a MembershipEvent).
    await tab(bobPage, 'Chats').click();
    await conversationRow(bobPage, 'Secret garden').waitFor();

    await tab(alicePage, 'Chats').click();
    await conversationRow(alicePage, 'Bob').click();
    const original = message(alicePage, 'the view from here');
    await original.getByRole('button', { name: 'Forward' }).click();
    await original
      .getByRole('combobox', { name: 'Forward to' })
      .selectOption({ label: 'Secret garden' });
    await original.getByRole('button', { name: 'Send copy' }).click();

    // The copy carries the file to the room: Bob's URL for it there works too.
    await conversationRow(bobPage, 'Secret garden').click();
    const copy = message(bobPage, 'Forwarded from Alice');
    await copy.getByText('the view from here').waitFor();
    await expectLoaded(copy.getByRole('img', { name: 'sunset.png' }));

    await bobPage.getByRole('button', { name: 'Leave', exact: true }).click();
    await bobPage.getByRole('heading', { name: 'Secret garden' }).waitFor({ state: 'detached' });
    await conversationRow(bobPage, 'Secret garden').waitFor({ state: 'detached' });
    await conversationRow(alicePage, 'Secret garden').click();
    await head.getByText('private · 1 / 500 members').waitFor();
  });

  it('fits a phone and a desktop with files shown (screenshots in test-results/)', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await conversationRow(bobPage, 'Alice').click();
    await expectLoaded(message(bobPage, 'the view from here').getByRole('img'));
    await composer(bobPage).fill('Lovely! Sending my **notes** too');
    await bobPage.screenshot({ path: `${SCREENSHOTS}/web-files-desktop.png` });
    await composer(bobPage).fill('');

    const phone = await bob.newPage();
    await phone.setViewportSize(PHONE);
    await phone.goto(server.url);
    await expectConnected(phone);
    await conversationRow(phone, 'Alice').click();
    const image = message(phone, 'the view from here').getByRole('img');
    await expectLoaded(image);
    // Narrower than its box on a phone? It shrinks and keeps its shape.
    const box = await image.boundingBox();
    expect(box && Math.round((box.width / box.height) * 10)).toBe(16);
    await message(phone, 'notes.txt').getByRole('link').waitFor();
    // Nothing is wider than the phone: the top bar and the chat's buttons wrap.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);
    const sendButton = await phone.getByRole('button', { name: 'Send', exact: true }).boundingBox();
    expect(sendButton && sendButton.x + sendButton.width).toBeLessThanOrEqual(PHONE.width);
    await phone.screenshot({ path: `${SCREENSHOTS}/web-files-phone.png` });
    await phone.close();
  });

  it('counts a message sent in the same millisecond as the newest one a reload loaded', async () => {
    const as =
      (token: string) =>
      <R, V>(document: Parameters<typeof request<R, V>>[1], variables: V) =>
        request(server.httpUrl, document, variables, token).then(dataOf);
    const asAlice = as(await tokenOf(alicePage));
    const asBob = as(await tokenOf(bobPage));
    const { createRoom } = await asAlice(CreateRoom, { title: 'Same time' });
    await asBob(JoinRoom, { roomId: createRoom.id });
    const { send: first } = await asAlice(Send, {
      input: { conversationId: createRoom.id, body: 'same millisecond 1' },
    });

    // Bob's page (re)loads: the room comes with 1 unread, 'same millisecond 1' the newest.
    // The next message's event is made to carry the same time, as two sends in one
    // millisecond do (the server keeps milliseconds): only the server can tell whether the
    // count loaded had it, and the client asks.
    const page = await bob.newPage();
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      const upstream = ws.connectToServer();
      upstream.onMessage((data) => ws.send(retimed(data, 'same millisecond 2', first.createdAt)));
    });
    await page.goto(server.url);
    await expectConnected(page);
    await expect.poll(() => badgeOf(page, 'Same time'), { timeout: SHOWS_MS }).toBe('1');
    await asAlice(Send, { input: { conversationId: createRoom.id, body: 'same millisecond 2' } });
    await expect.poll(() => badgeOf(page, 'Same time'), { timeout: SHOWS_MS }).toBe('2');
    await page.close();
  });

  it('counts the messages that came while a new conversation was being loaded', async () => {
    const { signUp: carol } = dataOf(
      await request(server.httpUrl, SignUp, { username: 'carol', password: PASSWORD }),
    );
    const bobId = (await bobPage.evaluate(
      () =>
        (JSON.parse(localStorage.getItem('chat.session') ?? '{}') as { user: { id: string } }).user
          .id,
    )) as string;
    const carolSays = (body: string) =>
      request(server.httpUrl, Send, { input: { toUserId: bobId, body } }, carol.token).then(dataOf);
    const page = await bob.newPage();
    const arrived = await watchInbox(page);
    const answers = await holdAnswers(page, 'ConversationById');
    await page.goto(server.url);
    await expectConnected(page);

    // Carol's first message makes a conversation Bob's page does not know: it asks for it.
    await carolSays('burst 1');
    await expect.poll(() => answers.count(), { timeout: SHOWS_MS }).toBe(1);
    await answers.fetched();
    // The answer is read (one message), and a second message comes before it does.
    await carolSays('burst 2');
    await arrived('burst 2');
    answers.release();
    await expect.poll(() => badgeOf(page, 'carol'), { timeout: SHOWS_MS }).not.toBe('');
    // Whatever the page asks next is read before the third message, which comes before it.
    await answers.fetched();
    await carolSays('burst 3');
    await arrived('burst 3');
    answers.stop();
    await expect.poll(() => badgeOf(page, 'carol'), { timeout: SHOWS_MS }).toBe('3');
    await page.close();
  });
});

/**
 * Answers to `operationName` queries read from the server when asked, handed to the page only
 * when the test releases them (an answer that was on its way while other things happened).
 */
async function holdAnswers(page: Page, operationName: string) {
  let held: { release: () => void; fetched: Promise<void> }[] = [];
  let holding = true;
  await page.route(
    (url) => url.pathname === '/graphql',
    async (route) => {
      // urql sends a query as a GET (its URL names it), a mutation as a POST.
      const request = `${route.request().url()} ${route.request().postData() ?? ''}`;
      if (!holding || !request.includes(operationName)) {
        await route.fallback();
        return;
      }
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let fetched = () => {};
      held.push({ release, fetched: new Promise<void>((resolve) => (fetched = resolve)) });
      const response = await route.fetch();
      fetched();
      await released;
      await route.fulfill({ response });
    },
  );
  return {
    /** How many were asked for so far. */
    count: () => held.length,
    /** Until every answer asked for so far was read from the server. */
    fetched: () => Promise.all(held.map((h) => h.fetched)),
    release() {
      for (const h of held) h.release();
      held = [];
    },
    stop() {
      holding = false;
      this.release();
    },
  };
}

/** The bodies of the inbox's messages that reached the page, as they pass its socket. */
async function watchInbox(page: Page) {
  const seen = new Set<string>();
  await page.routeWebSocket(/\/graphql$/, (ws) => {
    const upstream = ws.connectToServer();
    upstream.onMessage((data) => {
      ws.send(data);
      if (typeof data !== 'string') return;
      const frame = JSON.parse(data) as {
        payload?: { data?: { inbox?: { message?: { body: string } } } };
      };
      const body = frame.payload?.data?.inbox?.message?.body;
      if (body) seen.add(body);
    });
  });
  return (body: string) => expect.poll(() => seen.has(body), { timeout: SHOWS_MS }).toBe(true);
}

/** A graphql-ws frame with the createdAt of the inbox event's message whose body is `body` set. */
function retimed(data: string | Buffer, body: string, createdAt: string): string | Buffer {
  if (typeof data !== 'string') return data;
  const frame = JSON.parse(data) as {
    type: string;
    payload?: { data?: { inbox?: { message?: { body: string; createdAt: string } } } };
  };
  const message = frame.payload?.data?.inbox?.message;
  if (frame.type !== 'next' || message?.body !== body) return data;
  message.createdAt = createdAt;
  return JSON.stringify(frame);
}
