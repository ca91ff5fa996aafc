import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

// Driving the web chat in Debian's Chromium (`apt-get install chromium`; .ci/run does): each
// person is a browser context, every step waits for what a person would see.

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = 'test-results';
export const PASSWORD = 'password123';
/** A UI change the server makes happen (a delivery, a reconnect) shows within this. */
export const SHOWS_MS = 15_000;

export const DESKTOP = { width: 1100, height: 760 };
export const PHONE = { width: 390, height: 760 };

export interface People {
  /** A new person (browser context) that may load nothing from anywhere but the server. */
  person(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  /** Saves what each open page shows (test-results/failed-<name>-<i>.png). */
  screenshotAll(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Launches Chromium for people who use the server at `serverUrl()`. */
export async function launchPeople(serverUrl: () => string): Promise<People> {
  const browser: Browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    async person(viewport = DESKTOP) {
      const context = await browser.newContext({ viewport });
      context.setDefaultTimeout(SHOWS_MS);
      contexts.push(context);
      context.on('console', (m) => {
        // A socket refused while the server restarts is expected; anything else is worth seeing.
        if (m.type() === 'error' && !m.text().includes('WebSocket connection'))
          console.error(`browser: ${m.text()}`);
      });
      context.on('weberror', (e) => console.error(`browser: ${e.error()}`));
      const origin = new URL(serverUrl()).origin;
      await context.route(
        (url) => url.origin !== origin,
        (route) => {
          throw new Error(`external request to ${route.request().url()}`);
        },
      );
      return context;
    },
    async screenshotAll(name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const pages = contexts.flatMap((context) => context.pages());
      for (const [i, page] of pages.entries()) {
        await page.screenshot({ path: `${SCREENSHOTS}/failed-${name.slice(0, 20)}-${i}.png` });
      }
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
    },
  };
}

export async function signUp(
  context: BrowserContext,
  url: string,
  username: string,
  displayName: string,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'New here? Sign up' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Display name').fill(displayName);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await expectConnected(page);
  return page;
}

export async function expectConnected(page: Page) {
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  await page
    .getByRole('status')
    .filter({ hasText: /connecting/i })
    .waitFor({ state: 'detached' });
}

export const tab = (page: Page, name: string) =>
  page.getByRole('tab', { name: new RegExp(`^${name}`) });
export const conversationRow = (page: Page, title: string) =>
  page
    .getByRole('list', { name: 'Conversations' })
    .getByRole('button')
    .filter({ has: page.locator('.title', { hasText: new RegExp(`^${title}$`) }) });
/** The unread badge of a conversation row, as its text ('' polls until one shows). */
export const badgeOf = (page: Page, title: string) =>
  conversationRow(page, title).locator('.badge').textContent();
export const messages = (page: Page) =>
  page.getByRole('list', { name: 'Messages' }).locator('li.message');
export const message = (page: Page, text: string) => messages(page).filter({ hasText: text });
/** A message whose whole text is `text`. */
export const exactly = (page: Page, text: string) =>
  messages(page).filter({ has: page.locator('.body', { hasText: new RegExp(`^${text}$`) }) });

/** The tick (sent / delivered / read) on one of my messages in a DIRECT chat. */
export const tick = (page: Page, text: string, state: 'sent' | 'delivered' | 'read') =>
  message(page, text).getByRole('img', { name: state, exact: true });

export const composer = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });

/** Sends from the composer and waits until the server took it (no longer pending). */
export async function send(page: Page, text: string, shown = text) {
  const box = composer(page);
  await box.fill(text);
  await box.press('Enter');
  await message(page, shown).locator('.actions').waitFor();
}

export async function openPerson(page: Page, displayName: string) {
  await tab(page, 'People').click();
  await page.getByRole('tab', { name: 'All', exact: true }).click();
  await page
    .getByRole('list', { name: 'People' })
    .getByRole('button', { name: displayName })
    .click();
}

/** Waits until an <img> has really loaded (a broken or unauthorized URL never does). */
export async function expectLoaded(image: ReturnType<Page['locator']>) {
  await image.waitFor();
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
      timeout: SHOWS_MS,
    })
    .toBeGreaterThan(0);
}

/** Chromium driven by playwright-core, as test/web/ drives it. */
export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM });

/**
 * A browser context that may load nothing from anywhere but `origin`: any other request is
 * refused and kept in `external` (a spec expects it empty), and page errors in `errors`.
 */
export async function sameOriginContext(
  browser: Browser,
  origin: string,
  options: { viewport?: { width: number; height: number }; timeoutMs?: number } = {},
): Promise<{ context: BrowserContext; external: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: options.viewport ?? null });
  context.setDefaultTimeout(options.timeoutMs ?? 15_000);
  const external: string[] = [];
  const errors: string[] = [];
  context.on('weberror', (e) => errors.push(String(e.error())));
  await context.route(
    (url) => url.origin !== origin && !['data:', 'blob:'].includes(url.protocol),
    async (route) => {
      external.push(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
  return { context, external, errors };
}
