import { type Page } from '@playwright/test';
import { ADMIN_STATE } from '../playwright.config';
import { pagePaths } from './helpers';
import { expect, test } from './test';

// Every page, at the widths people use (a 390 px phone, 1280, the common 1366 laptop, 1920),
// in both languages: nothing scrolls sideways. A wide table scrolls inside its own box.
const WIDTHS = [390, 1280, 1366, 1920];
const LOCALES = ['en-US', 'zh-CN'];

/** What sticks out past the window's right edge, for the failure message. */
async function overflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > width + 1))
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`);
    return `scrollWidth ${document.documentElement.scrollWidth} > ${width}: ${culprits.join(', ')}`;
  });
}

for (const width of WIDTHS) {
  test(`no page scrolls sideways at ${width} px, in either language`, async ({ browser }) => {
    test.setTimeout(test.info().timeout * 5);
    const paths = await pagePaths(browser);
    const problems: string[] = [];
    for (const locale of LOCALES) {
      const viewport = { width, height: width < 600 ? 844 : 900 };
      const signedIn = await browser.newContext({ storageState: ADMIN_STATE, locale, viewport });
      const page = await signedIn.newPage();
      for (const path of paths) {
        await page.goto(path);
        await expect(page.locator('h1').first()).toBeVisible();
        await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
        const found = await overflow(page);
        if (found) problems.push(`${locale} ${path}: ${found}`);
      }
      await signedIn.close();

      const signedOut = await browser.newContext({ storageState: { cookies: [], origins: [] }, locale, viewport });
      const guest = await signedOut.newPage();
      for (const path of ['/customers', '/invitation#token=not-a-real-token', '/admin-approval#not-a-real-token', '/forgot-password', '/reset-password#not-a-real-token']) {
        await guest.goto(path);
        await expect(guest.locator('h1').first()).toBeVisible();
        const found = await overflow(guest);
        if (found) problems.push(`${locale} signed out ${path}: ${found}`);
      }
      await signedOut.close();
    }
    expect(problems).toEqual([]);
  });
}

test('each page names itself in the browser tab', async ({ page }) => {
  await page.goto('/customers');
  await expect(page).toHaveTitle('Customers · PartnerDesk');
  await page.getByRole('link', { name: 'Contoso Ltd' }).click();
  await expect(page).toHaveTitle('Contoso Ltd · Customers · PartnerDesk');
  await page.getByRole('link', { name: 'Edit' }).first().click();
  await expect(page).toHaveTitle('Edit · Contoso Ltd · Customers · PartnerDesk');
  await page.goto('/audit');
  await expect(page).toHaveTitle('Audit log · PartnerDesk');
});

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a signed-out first screen sends no request that is refused', async ({ page }) => {
    const refused: string[] = [];
    page.on('response', (r) => { if (r.status() >= 400) refused.push(`${r.status()} ${r.url()}`); });
    for (const path of ['/', '/customers']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { name: 'Sign in to PartnerDesk' })).toBeVisible();
      await expect(page).toHaveTitle('Sign in · PartnerDesk');
    }
    expect(refused).toEqual([]);
  });
});
