import { test as base, expect, type BrowserContext } from '@playwright/test';

export { expect };

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
