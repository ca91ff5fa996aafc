import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  conversationRow,
  exactly,
  expectConnected,
  launchPeople,
  message,
  messages,
  openPerson,
  PASSWORD,
  type People,
  SCREENSHOTS,
  send,
  signUp as signUpAt,
  tab,
  tick,
} from '../support/browser.js';
import { DeleteMessage } from '../support/changes.js';
import { codeOf, dataOf, request } from '../support/client.js';
import { Broadcast, Me, Send, SignUp, Users } from '../support/documents.js';
import {
  createDurableStorage,
  type Storage,
  startServer,
  type TestServer,
} from '../support/server.js';
import { ensureWebBuilt } from '../support/web-build.js';

// The web chat at `/`, driven in Chromium (test/support/browser.ts): two people in two browser
// contexts, every step waiting for what a person would see, no sleeps.

/** May broadcast (ADMIN_USERNAMES). */
const ENV = { ADMIN_USERNAMES: 'announcer' };

let storage: Storage;
let server: TestServer;
let people: People;

beforeAll(async () => {
  await ensureWebBuilt();
  storage = await createDurableStorage();
  server = await startServer(ENV, storage);
  people = await launchPeople(() => server.url);
}, 120_000);

afterAll(async () => {
  await people?.close();
  await server?.stop();
  await storage?.drop();
});

// A failed step leaves what each page showed (test-results/failed-*.png).
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await people.screenshotAll(task.name);
});

const person = () => people.person();
const signUp = (context: BrowserContext, username: string, displayName: string) =>
  signUpAt(context, server.url, username, displayName);

/** Someone new who talks to the server directly (no browser): requests as them, and Bob's id. */
async function apiUser(username: string) {
  const { signUp: user } = dataOf(
    await request(server.httpUrl, SignUp, { username, password: PASSWORD }),
  );
  const as = <R, V>(document: Parameters<typeof request<R, V>>[1], variables: V) =>
    request(server.httpUrl, document, variables, user.token).then(dataOf);
  const { users } = await as(Users, { first: 100 });
  const bobId = users.edges.find(({ node }) => node.username === 'bob')?.node.id as string;
  return { as, bobId };
}

describe('the web chat', { timeout: 60_000 }, () => {
  let alice: BrowserContext;
  let bob: BrowserContext;
  let alicePage: Page;
  let bobPage: Page;

  it('signs two people up and they chat both ways, Markdown rendered', async () => {
    alice = await person();
    bob = await person();
    alicePage = await signUp(alice, 'alice', 'Alice');
    bobPage = await signUp(bob, 'bob', 'Bob');

    // Bob is online in Alice's people panel (live through `presence`).
    await tab(alicePage, 'People').click();
    await alicePage
      .getByRole('list', { name: 'People' })
      .getByRole('button', { name: /Bob/ })
      .getByRole('img', { name: 'online' })
      .waitFor();
    await openPerson(alicePage, 'Bob');
    await send(alicePage, 'hello **Bob**', 'hello Bob');

    // Bob gets a conversation with an unread badge; opening it reads it.
    const row = conversationRow(bobPage, 'Alice');
    await expect.poll(() => row.locator('.badge').textContent()).toBe('1');
    await row.click();
    await expect
      .poll(() => message(bobPage, 'hello Bob').locator('strong').textContent())
      .toBe('Bob');
    await row.locator('.badge').waitFor({ state: 'detached' });
    await send(bobPage, 'hi Alice, `code` too', 'hi Alice, code too');
    await expect
      .poll(() => message(alicePage, 'hi Alice').locator('code').textContent())
      .toBe('code');
  });

  it('shows who is typing while they compose, and not once they stop', async () => {
    const typing = alicePage.getByRole('status').filter({ hasText: 'Bob is typing…' });
    const box = bobPage.getByRole('textbox', { name: 'Message', exact: true });
    await box.fill('I am writing a long');
    await typing.waitFor();
    await box.fill('');
    await typing.waitFor({ state: 'detached' });
    // Typing again, then sending: the message replaces the indicator.
    await box.fill('done typing');
    await typing.waitFor();
    await box.press('Enter');
    await message(alicePage, 'done typing').waitFor();
    await typing.waitFor({ state: 'detached' });
  });

  it('ticks my direct messages: read once the other opened them', async () => {
    // Bob had the chat open when 'hello Bob' came: read.
    await tick(alicePage, 'hello Bob', 'read').waitFor();
    // Bob's messages carry no ticks on Alice's side.
    expect(await message(alicePage, 'hi Alice').getByRole('img').count()).toBe(0);
  });

  it('one goes offline and gets the missed messages on return; the badge clears on every device', async () => {
    await bobPage.close();
    // Alice sees Bob go offline, and is told the messages will wait for him.
    await alicePage
      .getByRole('note')
      .filter({ hasText: 'will arrive when they come back' })
      .waitFor();
    await send(alicePage, 'first while you were away');
    await send(alicePage, 'second while you were away');
    // Nobody got them yet: one tick.
    await tick(alicePage, 'first while you were away', 'sent').waitFor();
    await tick(alicePage, 'second while you were away', 'sent').waitFor();

    // Bob comes back (his token stayed in the browser) on two devices.
    bobPage = await bob.newPage();
    await bobPage.goto(server.url);
    await expectConnected(bobPage);
    const phone = await bob.newPage();
    await phone.goto(server.url);
    await expectConnected(phone);
    for (const page of [bobPage, phone]) {
      await expect
        .poll(() => conversationRow(page, 'Alice').locator('.badge').textContent())
        .toBe('2');
    }
    // His devices got them (a DeliveredEvent to Alice): delivered, not yet read.
    await tick(alicePage, 'second while you were away', 'delivered').waitFor();
    await tick(alicePage, 'first while you were away', 'delivered').waitFor();
    await conversationRow(bobPage, 'Alice').click();
    await message(bobPage, 'first while you were away').waitFor();
    await message(bobPage, 'second while you were away').waitFor();
    await tick(alicePage, 'second while you were away', 'read').waitFor();
    // Read on one device: the other one's badge goes too.
    await conversationRow(phone, 'Alice').locator('.badge').waitFor({ state: 'detached' });
    await phone.close();
  });

  it('shows an edit and a recall in the other browser', async () => {
    const mine = message(alicePage, 'second while you were away');
    await mine.getByRole('button', { name: 'Edit' }).click();
    const editor = alicePage.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('second, edited');
    await editor.press('Enter');
    await message(bobPage, 'second, edited').locator('.edited').waitFor();

    await message(alicePage, 'first while you were away')
      .getByRole('button', { name: 'Recall' })
      .click();
    await expect.poll(() => message(bobPage, 'first while you were away').count()).toBe(0);
    await messages(bobPage).filter({ hasText: 'Message recalled' }).waitFor();
  });

  it("takes a recalled message out of the other's unread badge", async () => {
    const { as, bobId } = await apiUser('carol');
    const { send: oops } = await as(Send, { input: { toUserId: bobId, body: 'sent by mistake' } });
    await as(Send, { input: { toUserId: bobId, body: 'the one that counts' } });
    // Bob has Alice's chat open: Carol's two messages wait unread.
    const row = conversationRow(bobPage, 'carol');
    await expect.poll(() => row.locator('.badge').textContent()).toBe('2');
    await as(DeleteMessage, { id: oops.id });
    await expect.poll(() => row.locator('.badge').textContent()).toBe('1');
  });

  it('creates a room another person finds, joins and talks in', async () => {
    await tab(alicePage, 'Rooms').click();
    await alicePage.getByLabel('Room title').fill('Book club');
    await alicePage.getByRole('button', { name: 'Create room' }).click();
    await alicePage.getByRole('heading', { name: 'Book club' }).waitFor();

    await tab(bobPage, 'Rooms').click();
    await bobPage.getByRole('searchbox', { name: 'Search rooms' }).fill('book');
    await bobPage.getByRole('button', { name: 'Join Book club' }).click();
    await bobPage.getByRole('heading', { name: 'Book club' }).waitFor();
    await send(bobPage, 'count me in');
    await tab(alicePage, 'Chats').click();
    await message(alicePage, 'count me in').getByRole('button', { name: 'Reply' }).click();
    await send(
      alicePage,
      '**Welcome!** Here is the [reading list](https://example.com/books)',
      'Welcome! Here is the reading list',
    );
    const reply = message(bobPage, 'Welcome! Here is the reading list');
    await expect.poll(() => reply.locator('blockquote').textContent()).toContain('count me in');
    await expect
      .poll(() => reply.getByRole('link', { name: 'reading list' }).getAttribute('href'))
      .toBe('https://example.com/books');
  });

  it('shows a status to others, mutes a conversation and finds messages with the words marked', async () => {
    await alicePage.getByRole('combobox', { name: 'Status' }).selectOption('BUSY');
    await alicePage.getByRole('textbox', { name: 'Status text' }).fill('reading');
    await alicePage.getByRole('button', { name: 'Set', exact: true }).click();
    await openPerson(bobPage, 'Alice');
    const aliceRow = bobPage.getByRole('list', { name: 'People' }).getByRole('button', {
      name: /Alice/,
    });
    await aliceRow.filter({ hasText: 'Busy' }).filter({ hasText: '“reading”' }).waitFor();

    await tab(bobPage, 'Chats').click();
    await conversationRow(bobPage, 'Book club').click();
    await bobPage.getByRole('button', { name: 'Mute', exact: true }).click();
    await bobPage.getByRole('button', { name: 'Unmute' }).waitFor();
    await conversationRow(bobPage, 'Book club').getByRole('img', { name: 'muted' }).waitFor();
    expect(
      await conversationRow(bobPage, 'Alice').getByRole('img', { name: 'muted' }).count(),
    ).toBe(0);

    await tab(bobPage, 'Search').click();
    await bobPage.getByRole('searchbox', { name: 'Search messages' }).fill('reading');
    await bobPage.getByRole('button', { name: 'Search', exact: true }).click();
    const results = bobPage.getByRole('list', { name: 'Search results' });
    await expect.poll(() => results.locator('mark').allTextContents()).toEqual(['reading']);
    await tab(bobPage, 'Chats').click();
  });

  it('lets the owner change a room and delete it for everyone', async () => {
    await conversationRow(alicePage, 'Book club').click();
    await alicePage.getByRole('button', { name: 'Settings' }).click();
    const settings = alicePage.getByRole('form', { name: 'Room settings' });
    await settings.getByRole('textbox', { name: 'Description' }).fill('One book a month');
    await settings.getByRole('spinbutton', { name: 'Member cap' }).fill('10');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await alicePage.getByText('One book a month').waitFor();
    await alicePage.locator('.chat-head').getByText('2 / 10 members').waitFor();
    // Settings make no event: members see them the next time they load the room.
    const later = await bob.newPage();
    await later.goto(server.url);
    await expectConnected(later);
    await conversationRow(later, 'Book club').click();
    await later.getByText('One book a month').waitFor();
    await later.locator('.chat-head').getByText('2 / 10 members').waitFor();
    await later.close();

    await tab(alicePage, 'Rooms').click();
    await alicePage.getByLabel('Room title').fill('Scratch');
    await alicePage.getByRole('button', { name: 'Create room' }).click();
    await alicePage.getByRole('heading', { name: 'Scratch' }).waitFor();
    await tab(bobPage, 'Rooms').click();
    await bobPage.getByRole('searchbox', { name: 'Search rooms' }).fill('scratch');
    await bobPage.getByRole('button', { name: 'Join Scratch' }).click();
    await bobPage.getByRole('heading', { name: 'Scratch' }).waitFor();
    await tab(bobPage, 'Chats').click();
    await conversationRow(bobPage, 'Scratch').waitFor();

    await alicePage.getByRole('button', { name: 'Settings' }).click();
    await alicePage.getByRole('button', { name: 'Delete room…' }).click();
    await alicePage.getByRole('button', { name: 'Delete for everyone' }).click();
    await alicePage.getByRole('heading', { name: 'Scratch' }).waitFor({ state: 'detached' });
    // Bob had it open: it goes from his list and his pane (a RoomDeletedEvent).
    await conversationRow(bobPage, 'Scratch').waitFor({ state: 'detached' });
    await bobPage.getByRole('heading', { name: 'Scratch' }).waitFor({ state: 'detached' });
    await tab(alicePage, 'Chats').click();
    for (const page of [alicePage, bobPage]) await conversationRow(page, 'Book club').click();
  });

  it('shows "reconnecting" through a server restart and loses or doubles nothing', async () => {
    const port = Number(new URL(server.url).port);
    await server.stop();
    await bobPage.getByRole('status').filter({ hasText: 'Reconnecting' }).waitFor();
    server = await startServer(ENV, storage, { port });
    await expectConnected(bobPage);
    await expectConnected(alicePage);
    await send(alicePage, 'after the restart');
    await message(bobPage, 'after the restart').waitFor();
    const bodies = await messages(bobPage).locator('.body').allTextContents();
    expect(bodies.filter((t) => t === 'count me in')).toHaveLength(1);
    expect(bodies.filter((t) => t === 'after the restart')).toHaveLength(1);
  });

  it('pages back through history on scroll-up, and shows a broadcast as a system notice', async () => {
    const { as, bobId } = await apiUser('announcer');
    // More than one page (30) of history from someone new.
    for (let i = 1; i <= 40; i++) {
      await as(Send, { input: { toUserId: bobId, body: `history line ${i}`, clientId: `h${i}` } });
    }
    await tab(bobPage, 'Chats').click();
    const row = conversationRow(bobPage, 'announcer');
    await expect.poll(() => row.locator('.badge').textContent()).toBe('40');
    await row.click();
    await exactly(bobPage, 'history line 40').waitFor();
    expect(await exactly(bobPage, 'history line 1').count()).toBe(0);
    // Scrolled to the top, the older page comes in above.
    await messages(bobPage).first().scrollIntoViewIfNeeded();
    await bobPage.getByRole('list', { name: 'Messages' }).evaluate((el) => {
      el.scrollTop = 0;
    });
    await exactly(bobPage, 'history line 1').waitFor({ state: 'attached' });
    await bobPage.getByText('Start of the conversation').waitFor({ state: 'attached' });
    expect(await messages(bobPage).count()).toBe(40);

    await as(Broadcast, { body: 'Maintenance at noon' });
    await tab(bobPage, 'Chats').click();
    await bobPage
      .getByRole('region', { name: 'System announcements' })
      .getByText('Maintenance at noon')
      .waitFor();
  });

  it('fits a phone: the list, then the chat with a way back (screenshots in test-results/)', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await tab(bobPage, 'Chats').click();
    await bobPage.screenshot({ path: `${SCREENSHOTS}/web-desktop.png` });
    const phone = await bob.newPage();
    await phone.setViewportSize({ width: 390, height: 760 });
    await phone.goto(server.url);
    await expectConnected(phone);
    await conversationRow(phone, 'Book club').click();
    await message(phone, 'after the restart').waitFor();
    await phone.screenshot({ path: `${SCREENSHOTS}/web-phone.png` });
    await phone.getByRole('button', { name: 'Back' }).click();
    await conversationRow(phone, 'Alice').waitFor();
  });

  it('logs out on the server: the token it had is refused afterwards', async () => {
    const token = await alicePage.evaluate(
      () => (JSON.parse(localStorage.getItem('chat.session') ?? '{}') as { token: string }).token,
    );
    expect(dataOf(await request(server.httpUrl, Me, {}, token)).me?.username).toBe('alice');
    await alicePage.getByRole('button', { name: 'Log out' }).click();
    await alicePage.getByRole('button', { name: 'New here? Sign up' }).waitFor();
    expect(codeOf(await request(server.httpUrl, Me, {}, token))).toBe('UNAUTHENTICATED');
  });
});
