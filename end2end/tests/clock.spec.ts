import { type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLOCK_URL, MAIL_DIR } from '../playwright.config';
import { expect, test } from './test';
import { ADMIN, DEMO_PASSWORD, mailTo, today, uniquePrefix, type Mail } from './helpers';

// Against the server whose clock moves (`--test-clock`, see playwright.config.ts): the clock only
// goes forward and every test here moves it, so they run one after another, each creating what
// it looks at after the moves before it.
test.use({ baseURL: CLOCK_URL, storageState: { cookies: [], origins: [] } });
test.describe.configure({ mode: 'serial' });

async function signIn(page: Page) {
  const response = await page.request.post('/api/session', { data: { email: ADMIN, password: DEMO_PASSWORD } });
  expect(response.status()).toBe(200);
}

/** Moves the server's clock `days` forward (0 runs the sweeps); answers the server's new today. */
async function moveClock(page: Page, days: number): Promise<string> {
  const response = await page.request.post('/api/test-clock', { data: { days } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).today;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** An active customer with a US address, made through the API; answers its id. */
async function activeCustomer(page: Page, company: string, prefix: string, contact: string): Promise<string> {
  const created = await page.request.post('/api/customers', {
    data: {
      company_name: company, country: 'US', domain_prefix: prefix, address_line1: '1 Clock St',
      city: 'Redmond', state: 'WA', postal_code: '98052', contact_first_name: 'Ana',
      contact_last_name: 'Silva', contact_email: contact, agreement_first_name: 'Ana',
      agreement_last_name: 'Silva', agreement_email: contact, agreement_date: today(),
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  return (await created.json()).customer.id;
}

/** Every message in the SMTP sink whose subject matches. */
function mailsWithSubject(subject: RegExp): Mail[] {
  if (!fs.existsSync(MAIL_DIR)) return [];
  return fs
    .readdirSync(MAIL_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(MAIL_DIR, f), 'utf8')) as Mail)
    .filter((m) => subject.test(m.subject));
}

test('new commerce by the clock: fewer seats refused once 7 days have passed, then the renewal opens a new window', async ({ page }) => {
  await signIn(page);
  const prefix = uniquePrefix('clk');
  const company = `Clock ${prefix}`;
  const customer = await activeCustomer(page, company, prefix, `it@${prefix}.example`);
  await page.goto(`/customers/${customer}`);
  await expect(page.getByRole('heading', { name: company })).toBeVisible();

  await page.getByRole('button', { name: 'Order subscription' }).click();
  const form = page.locator('form.order-form');
  await form.locator('#offer').selectOption({ label: 'Microsoft 365 Business Basic' });
  await form.locator('#term').selectOption('P1M');
  await form.locator('#billing_cycle').selectOption('monthly');
  await form.locator('#quantity').fill('10');
  await form.getByRole('button', { name: 'Place order' }).click();
  await expect(page.getByText('Microsoft 365 Business Basic ordered.')).toBeVisible();
  const row = page.locator('.subscription-table').getByRole('row', { name: /Microsoft 365 Business Basic/ });
  await expect(row.getByText(/Fewer seats or cancellation possible until/)).toBeVisible();
  const [subscription] = await (await page.request.get(`/api/customers/${customer}/subscriptions`)).json();
  const renewsOn: string = subscription.renews_on;

  // Eight days on: the window has closed. The row says when it opens again, there is no cancel,
  // the browser refuses fewer seats by the shared rule, and so does the server (409, with the date).
  const moved = await moveClock(page, 8);
  await page.reload();
  await expect(row.getByText(/Fewer seats or cancellation possible again from .*, when it renews\./)).toBeVisible();
  await expect(row.getByRole('button', { name: 'Cancel subscription' })).toHaveCount(0);
  await row.getByRole('button', { name: 'Change seats' }).click();
  await row.locator('#seats').fill('8');
  await row.getByRole('button', { name: 'Save seats' }).click();
  await expect(page.getByText(/The 7 days for fewer seats or cancellation have passed\. Fewer seats or cancellation possible again from/)).toBeVisible();
  const refused = await page.request.post(`/api/customers/${customer}/subscriptions/${subscription.id}/quantity`, {
    data: { quantity: 8 },
  });
  expect(refused.status()).toBe(409);
  expect(await refused.json()).toMatchObject({ code: 'change_window_closed', reopens_on: renewsOn });
  // More seats are still fine, charged for the rest of the month.
  await row.locator('#seats').fill('12');
  await row.getByRole('button', { name: 'Save seats' }).click();
  await expect(row.getByText('12', { exact: true })).toBeVisible();

  // On the renewal day the sweep renews it: a new term, a new renewal date, a new 7-day window.
  await moveClock(page, daysBetween(moved, renewsOn));
  await page.reload();
  await expect(row.getByText(/Fewer seats or cancellation possible until/)).toBeVisible();
  const [renewed] = await (await page.request.get(`/api/customers/${customer}/subscriptions`)).json();
  expect(renewed.term_starts_on).toBe(renewsOn);
  expect(renewed.renews_on > renewsOn).toBe(true);
  expect(renewed.status).toBe('active');
  await expect(page.locator('section.billing-card').getByText('Renewal').first()).toBeVisible();
  // And now fewer seats go through.
  await row.getByRole('button', { name: 'Change seats' }).click();
  await row.locator('#seats').fill('8');
  await row.getByRole('button', { name: 'Save seats' }).click();
  await expect(row.getByText('8', { exact: true })).toBeVisible();
});

test('admin access by the clock: the partner\'s admins are told 31, 7 and 1 days before the end, once each; then it expires', async ({ page, browser }) => {
  await signIn(page);
  const prefix = uniquePrefix('gdx');
  const company = `Expiry ${prefix}`;
  const contact = `it@${prefix}.example`;
  const customer = await activeCustomer(page, company, prefix, contact);
  const requested = await page.request.post(`/api/customers/${customer}/admin-relationships`, {
    data: { display_name: `Helpdesk ${prefix}`, roles: ['helpdesk-administrator'], duration_days: '40', auto_extend: false },
  });
  expect(requested.status(), await requested.text()).toBe(201);

  // The customer approves from the e-mailed link, in a browser without a partner session.
  const mail = await mailTo(contact);
  const link = mail.text.match(/https?:\/\/\S+\/admin-approval#[\w-]+/)![0];
  const customerBrowser = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const approver = await customerBrowser.newPage();
  await approver.goto(link);
  await approver.getByRole('textbox', { name: /Your name/ }).fill('Ana Silva');
  await approver.getByRole('button', { name: 'Approve' }).click();
  await expect(approver.locator('.callout')).toContainText('Approved. The relationship is active until');
  await customerBrowser.close();

  const notices = (days: RegExp) => mailsWithSubject(new RegExp(`^Admin access to ${company} ends ${days.source}$`)).filter((m) => m.to.includes(ADMIN));
  const noticesNow = () => mailsWithSubject(new RegExp(`^Admin access to ${company} ends`)).filter((m) => m.to.includes(ADMIN)).length;
  // 40 days left: nothing yet. At 31, 7 and 1 days left one notice each — moving again without
  // passing another mark sends nothing more.
  await moveClock(page, 0);
  expect(noticesNow()).toBe(0);
  await moveClock(page, 9);
  await expect.poll(() => notices(/in 31 days/).length).toBe(1);
  await moveClock(page, 1);
  await moveClock(page, 0);
  await moveClock(page, 23);
  await expect.poll(() => notices(/in 7 days/).length).toBe(1);
  await moveClock(page, 6);
  await expect.poll(() => notices(/tomorrow/).length).toBe(1);
  await moveClock(page, 0);
  // The mail sink has had time to receive anything sent twice.
  await page.waitForTimeout(1_000);
  expect(noticesNow()).toBe(3);

  await page.goto(`/customers/${customer}`);
  const panel = page.locator('section.admin-relationships');
  await expect(panel.getByRole('row', { name: new RegExp(`Helpdesk ${prefix}`) }).getByText('Expiring')).toBeVisible();
  await moveClock(page, 1);
  await page.reload();
  await expect(panel.getByRole('row', { name: new RegExp(`Helpdesk ${prefix}`) }).getByText('Expired')).toBeVisible();
});
