import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADMIN_STATE, MAIL_DIR } from '../playwright.config';

export const DEMO_PASSWORD = 'PartnerDesk-demo-2026';
export const ADMIN = 'alex.wu@northwind.example';
export const OTHER_ADMIN = 'lena.vogel@fabrikam-partner.example';

/** An init script choosing the UI language; the blank page a tab starts on has no storage. */
export const setLocale = (tag: string) => {
  if (location.protocol.startsWith('http')) window.localStorage.setItem('partnerdesk.locale', tag);
};

/** Every page a signed-in global admin can open, with a real customer and referral in the paths. */
export async function pagePaths(browser: Browser): Promise<string[]> {
  const context = await browser.newContext({ storageState: ADMIN_STATE });
  const customers = await (await context.request.get('/api/customers')).json();
  const customer = customers.items[0].id;
  const referrals = await (await context.request.get('/api/referrals')).json();
  await context.close();
  const paths = [
    '/', '/customers', '/customers/new', '/customers/invite', '/customers/import', '/invitations',
    '/outbox', '/audit', `/customers/${customer}`, `/customers/${customer}/edit`, '/users', '/referrals',
    '/referrals/new', '/business-profile', '/links', '/admin-relationships', '/billing', '/security', '/api-tokens', '/webhooks', '/developers', '/no/such/page',
  ];
  if (referrals.items.length) paths.push(`/referrals/${referrals.items[0].id}`);
  return paths;
}

/** A page in a fresh browser context, signed in as `email` (through the API). */
export async function signedInPage(browser: Browser, email: string, password = DEMO_PASSWORD): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const response = await context.request.post('/api/session', { data: { email, password } });
  expect(response.status(), `sign-in of ${email}`).toBe(200);
  return context.newPage();
}

/** Opens the top bar's account menu: who is signed in, for which partner, language, sign-out. */
export async function openAccountMenu(page: Page) {
  const button = page.locator('#account-menu-button');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

/** Chooses a language: in the account menu when signed in, in the top bar otherwise. */
export async function chooseLanguage(page: Page, name: 'English' | '简体中文') {
  // Until the app knows who is signed in, the top bar may still be the signed-out one: its
  // language buttons are replaced by the account menu's a moment later (seen in CI as a click
  // on a button detached again and again). A page is settled once it shows its heading.
  await page.locator('h1').first().waitFor();
  if (await page.locator('#account-menu-button').count()) await openAccountMenu(page);
  await page.getByRole('button', { name, exact: true }).click();
}

/** A domain prefix no other test (or earlier run) uses. */
export function uniquePrefix(stem: string): string {
  return `${stem}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** A text input by its accessible name (the label without the required marker). */
export function textbox(page: Page, name: string): Locator {
  return page.getByRole('textbox', { name, exact: true });
}

export function select(page: Page, name: string): Locator {
  return page.getByRole('combobox', { name, exact: true });
}

export async function next(page: Page) {
  await page.getByRole('button', { name: 'Next' }).click();
}

/** Today in the browser's time zone, as `<input type="date">` takes it. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Fills step 1 (account information and a valid US address) and goes on. */
export async function fillAccountStep(page: Page, company: string) {
  await expect(page.getByRole('heading', { name: /Step 1 of 4/ })).toBeVisible();
  await textbox(page, 'Company name').fill(company);
  await select(page, 'Country/region').selectOption('US');
  await textbox(page, 'Address line 1').fill('1 Microsoft Way');
  await textbox(page, 'City').fill('Redmond');
  await select(page, 'State/province').selectOption('WA');
  await textbox(page, 'Postal code').fill('98052');
  await next(page);
}

/** Walks the four steps of "add customer" with valid values and stops on Review. */
export async function fillValidCustomer(page: Page, company: string, prefix: string, contact = 'ana.silva@contoso.com') {
  await fillAccountStep(page, company);
  await textbox(page, 'Domain prefix').fill(prefix);
  await expect(page.getByText(`${prefix}.onmicrosoft.com is available.`)).toBeVisible();
  await next(page);
  await textbox(page, 'First name').fill('Ana');
  await textbox(page, 'Last name').fill('Silva');
  await textbox(page, 'Email').fill(contact);
  await page.getByRole('button', { name: 'Accepted by the primary contact' }).click();
  await page.getByLabel('Date accepted').fill(today());
  await next(page);
  await expect(page.getByRole('heading', { name: /Step 4 of 4/ })).toBeVisible();
}

/** Creates a customer through the UI; returns its page's URL path. */
export async function createCustomer(page: Page, company: string, prefix: string, contact?: string): Promise<string> {
  await page.goto('/customers/new');
  await fillValidCustomer(page, company, prefix, contact);
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: company })).toBeVisible();
  return new URL(page.url()).pathname;
}

export type Mail = { to: string[]; subject: string; text: string; html: string };

/** Waits for a message to `to` in the SMTP server's mailbox. */
/** The first message to `to` (whose text matches `matching`, if given) in the SMTP sink. */
export async function mailTo(to: string, matching?: RegExp): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      () => {
        const files = fs.existsSync(MAIL_DIR) ? fs.readdirSync(MAIL_DIR).filter((f) => f.endsWith('.json')) : [];
        found = files
          .map((f) => JSON.parse(fs.readFileSync(path.join(MAIL_DIR, f), 'utf8')) as Mail)
          .find((m) => m.to.includes(to) && (matching === undefined || matching.test(m.text)));
        return found !== undefined;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return found!;
}
