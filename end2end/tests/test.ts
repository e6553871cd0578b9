import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';

export { expect };

/**
 * E2E_CPU_THROTTLE=4 runs every page on a CPU that many times slower (DevTools' CPU throttling):
 * the way to find inputs that lose what was typed while the app is still starting or re-rendering.
 */
const cpuThrottle = Number(process.env.E2E_CPU_THROTTLE ?? 1);

async function throttle(context: BrowserContext, page: Page) {
  const session = await context.newCDPSession(page);
  await session.send('Emulation.setCPUThrottlingRate', { rate: cpuThrottle });
}

/**
 * Playwright's `test`, watching every browser context a test opens — its own and those made
 * with `browser.newContext()` (signedInPage) — for a Rust panic or a WASM trap in the console.
 * Any one fails the test: a panic is a defect wherever it happens, even when the page recovers.
 */
export const test = base.extend<{ noPanics: void }>({
  noPanics: [
    async ({ context, browser }, use) => {
      const problems: string[] = [];
      const watch = (c: BrowserContext) => {
        c.on('console', (message) => {
          if (/panicked at|RuntimeError: unreachable/.test(message.text())) problems.push(message.text());
        });
        c.on('weberror', (error) => problems.push(String(error.error())));
        if (cpuThrottle > 1) {
          c.pages().forEach((p) => void throttle(c, p));
          c.on('page', (p) => void throttle(c, p));
        }
      };
      watch(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const created = await newContext(options);
        watch(created);
        return created;
      };
      await use();
      browser.newContext = newContext;
      expect(problems, 'no panic or uncaught error in the browser').toEqual([]);
    },
    { auto: true },
  ],
});
