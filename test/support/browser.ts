import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
