import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { expect, test } from './test';

import { ADMIN, DEMO_PASSWORD, setLocale, signedInPage, textbox, today } from './helpers';

// axe-core on every page, in both languages: no violations allowed.
async function expectNoViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`,
  );
  expect(found, what).toEqual([]);
}

for (const locale of ['en-US', 'zh-CN']) {
  test.describe(`accessibility in ${locale}`, () => {
    test.beforeEach(async ({ page }) => {
      await page.addInitScript(setLocale, locale);
    });

    test('signed-in pages', async ({ page }) => {
      // Many pages, an axe pass each: more than the default 30 s on a busy 2-core machine.
      test.setTimeout(test.info().timeout * 2);
      await page.goto('/');
      await expect(page.locator('svg.chart')).toBeVisible();
      await expectNoViolations(page, 'overview');

      await page.goto('/customers');
      await expect(page.locator('main h1')).toBeVisible();
      await expect(page.locator('table')).toBeVisible();
      await expectNoViolations(page, 'customer list');

      await page.locator('tbody a').first().click();
      await expect(page.locator('.detail-grid')).toBeVisible();
      await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
      await expectNoViolations(page, 'customer');

      await page.goto(`${new URL(page.url()).pathname}/edit`);
      await expect(page.locator('#company_name')).toBeVisible();
      await expectNoViolations(page, 'edit customer');

      await page.goto('/customers/new');
      await expect(page.locator('#company_name')).toBeVisible();
      await expectNoViolations(page, 'add customer, step 1');
      await page.locator('button[type=submit]').click();
      await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
      await expectNoViolations(page, 'add customer, step 1 with errors');

      await page.goto('/users');
      await expect(page.locator('table')).toBeVisible();
      await expectNoViolations(page, 'users');

      await page.goto('/no/such/page');
      await expect(page.locator('main h1')).toBeVisible();
      await expectNoViolations(page, 'not found');
    });

    test('relationship pages', async ({ page }) => {
      // Many pages, an axe pass each: more than the default 30 s on a busy 2-core machine.
      test.setTimeout(test.info().timeout * 2);
      await page.goto('/invitations');
      await expect(page.locator('table')).toBeVisible();
      await expectNoViolations(page, 'invitations');

      await page.goto('/outbox');
      await expect(page.locator('.message').first()).toBeVisible();
      await page.locator('.message button').first().click();
      await expect(page.locator('.message-body').first()).toBeVisible();
      await expectNoViolations(page, 'outbox');

      await page.goto('/customers/import');
      await expect(page.locator('#file')).toBeVisible();
      await expectNoViolations(page, 'import');

      await page.goto('/audit');
      await expect(page.locator('.audit-table tbody tr').first()).toBeVisible();
      await page.locator('.audit-table summary').first().click();
      await expectNoViolations(page, 'audit log');

      await page.goto('/customers/invite');
      await expect(page.locator('#company_name')).toBeVisible();
      await expectNoViolations(page, 'invite');

      // Admin relationships across customers: filters, selection for bulk actions.
      await page.goto('/admin-relationships');
      await expect(page.locator('tbody tr').first()).toBeVisible();
      await page.locator('tbody input[type=checkbox]').first().check();
      await expectNoViolations(page, 'admin relationships');
      // One relationship's access assignments (the demo's first customer has some), and a new
      // access group's form.
      await page.goto('/admin-relationships?state=active');
      await page.locator('tbody tr', { hasText: 'Helpdesk · Adventure Works' }).locator('a[href*="access="]').click();
      await expect(page.locator('section.access-panel table')).toBeVisible();
      await page.locator('section.access-groups .table-title-row button').click();
      await expect(page.locator('section.access-groups form')).toBeVisible();
      await expectNoViolations(page, 'admin relationship access');

      // An invited customer's page (invitation panel), then an active one's end dialog.
      await page.goto('/customers?relationship=invited');
      await page.locator('tbody a').first().click();
      await expect(page.locator('.detail-grid')).toBeVisible();
      await expectNoViolations(page, 'invited customer');
      await page.goto('/customers?q=Alpine');
      await page.locator('tbody a').first().click();
      await page.locator('.danger-zone button').click();
      await expect(page.locator('dialog[open]')).toBeVisible();
      await expectNoViolations(page, 'end relationship dialog');
    });

    // Three tests, not one: each page's axe pass takes seconds, and one test for all of them
    // came close to the 30 s limit on a busy machine.
    test('channel pages of a direct reseller', async ({ page }) => {
      await page.goto('/referrals');
      await expect(page.locator('tbody tr').first()).toBeVisible();
      await expectNoViolations(page, 'referrals inbox');
      await page.locator('tbody a').first().click();
      await expect(page).toHaveURL(/\/referrals\/[0-9a-f-]{36}$/);
      await expect(page.locator('main h1')).toBeVisible();
      await expectNoViolations(page, 'referral');

      await page.goto('/business-profile');
      await expect(page.locator('progress')).toBeVisible();
      await page.locator('#website').fill('www');
      await page.locator('button[type=submit]').click();
      await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
      await expectNoViolations(page, 'business profile with an error');

      await page.goto('/links');
      await expect(page.locator('main h1')).toBeVisible();
      await expectNoViolations(page, 'links of a direct reseller');
    });

    test('channel pages of a provider', async ({ browser }) => {
      const provider = await signedInPage(browser, 'olivia.brown@litware.example');
      await provider.addInitScript(setLocale, locale);
      await provider.goto('/links');
      await expect(provider.locator('table')).toBeVisible();
      await expectNoViolations(provider, 'links of a provider');
      await provider.goto('/referrals?box=sent');
      await expect(provider.locator('table')).toBeVisible();
      await expectNoViolations(provider, 'sent referrals');
      await provider.goto('/referrals/new');
      await expect(provider.locator('#company_name')).toBeVisible();
      await provider.locator('button[type=submit]').click();
      await expect(provider.locator('[aria-invalid=true]').first()).toBeVisible();
      await expectNoViolations(provider, 'refer a customer with errors');
      await provider.context().close();
    });

    test('channel pages of a reseller', async ({ browser }) => {
      const reseller = await signedInPage(browser, 'kenji.sato@proseware.example');
      await reseller.addInitScript(setLocale, locale);
      await reseller.goto('/links');
      await expect(reseller.locator('#partner-id')).toBeVisible();
      await expectNoViolations(reseller, 'links of a reseller');
      await reseller.goto('/referrals');
      await reseller.locator('tbody a').first().click();
      await expect(reseller.locator('main h1')).toBeVisible();
      await reseller.getByRole('button').filter({ hasText: /Decline|拒绝/ }).first().click();
      await expect(reseller.locator('dialog[open]')).toBeVisible();
      await expectNoViolations(reseller, 'decline referral dialog');
      await reseller.context().close();
    });
  });

  test.describe(`accessibility signed out in ${locale}`, () => {
    test.use({ storageState: { cookies: [], origins: [] } });
    test('sign-in page', async ({ page }) => {
      await page.addInitScript(setLocale, locale);
      await page.goto('/customers');
      await expect(page.locator('#email')).toBeVisible();
      await expectNoViolations(page, 'sign-in');
      await page.locator('#password').fill('wrong password');
      await page.locator('#email').fill(ADMIN);
      await page.locator('button[type=submit]').click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoViolations(page, 'sign-in with an error');
    });
  });
}

test('the invitation accept page, in both languages', async ({ page, browser }) => {
  const outbox = await (await page.request.get('/api/outbox')).json();
  // A demo invitation no other test touches.
  const message = outbox.messages.find((m: { recipient: string }) => m.recipient === 'daan@woodgrove.example');
  const link: string = message.text_body.match(/\/invitation#[\w-]+/)[0];
  for (const locale of ['en-US', 'zh-CN']) {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    await context.addInitScript(setLocale, locale);
    const customer = await context.newPage();
    await customer.goto(link);
    await expect(customer.locator('#agreement_first_name')).toBeVisible();
    await customer.locator('button[type=submit]').click();
    await expect(customer.locator('[aria-invalid=true]').first()).toBeVisible();
    await expectNoViolations(customer, `accept invitation (${locale})`);
    await customer.goto('/invitation#not-a-real-token-at-all-000000');
    await expect(customer.getByTestId('dead-link')).toBeVisible();
    await expectNoViolations(customer, `dead invitation link (${locale})`);
    await context.close();
  }
});

test('the forced password change page, in both languages', async ({ page, browser }) => {
  const email = `a11y${Date.now().toString(36)}@northwind.example`;
  const created = await page.request.post('/api/users', {
    data: { email, display_name: 'Axe Tester', role: 'sales-agent' },
  });
  expect(created.status()).toBe(201);
  const { temporary_password } = await created.json();
  for (const locale of ['en-US', 'zh-CN']) {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    await context.addInitScript(setLocale, locale);
    expect((await context.request.post('/api/session', { data: { email, password: temporary_password } })).status()).toBe(200);
    const user = await context.newPage();
    await user.goto('/');
    await expect(user.locator('#new_password')).toBeVisible();
    await user.locator('#new_password').fill('short');
    await expect(user.locator('#new_password')).toHaveAttribute('aria-invalid', 'true');
    await expectNoViolations(user, `change password (${locale})`);
    await context.close();
  }
});

test.describe('first visit', () => {
  test.use({ locale: 'zh-CN', storageState: { cookies: [], origins: [] } });
  test('follows the browser language until the user chooses', async ({ page }) => {
    await page.goto('/customers');
    await expect(page.getByRole('heading', { name: '登录 PartnerDesk' })).toBeVisible();
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to PartnerDesk' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Sign in to PartnerDesk' })).toBeVisible();
  });
});

test.describe('keyboard only', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  /**
   * Presses Tab until the element with this id (or link/button with this text, or matching this
   * CSS selector) has focus.
   */
  async function tabTo(page: Page, target: { id?: string; text?: string; selector?: string }) {
    // The target must be on the page first: tabbing through a page still rendering proves nothing.
    if (target.id) await page.locator(`#${target.id}`).waitFor();
    if (target.text) await page.getByText(target.text, { exact: true }).first().waitFor();
    if (target.selector) await page.locator(target.selector).first().waitFor();
    for (let i = 0; i < 80; i++) {
      const here = await page.evaluate((selector) => ({
        id: document.activeElement?.id ?? '',
        text: document.activeElement?.textContent?.trim() ?? '',
        matches: selector ? (document.activeElement?.matches(selector) ?? false) : false,
      }), target.selector);
      if ((target.id && here.id === target.id) || (target.text && here.text === target.text) || here.matches) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${JSON.stringify(target)}`);
  }

  /** Signs this page's context in through the API (the keyboard flows here start signed in). */
  async function signIn(page: Page, email: string) {
    const response = await page.context().request.post('/api/session', { data: { email, password: DEMO_PASSWORD } });
    expect(response.status()).toBe(200);
  }

  test('sign in and add a customer without a mouse', async ({ page }) => {
    const prefix = `kbd${Date.now().toString(36)}`;
    await page.goto('/customers');
    await tabTo(page, { id: 'email' });
    await page.keyboard.type(ADMIN);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Customer list' })).toBeVisible();

    await tabTo(page, { text: 'Add customer' });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Add customer' })).toBeVisible();
    await expect(page.locator('main h1')).toBeFocused();
    await tabTo(page, { id: 'company_name' });
    await page.keyboard.type('Keyboard Co');
    await page.keyboard.press('Tab');
    await page.keyboard.type('United States');
    await tabTo(page, { id: 'address_line1' });
    await page.keyboard.type('1 Keyboard Way');
    await tabTo(page, { id: 'city' });
    await page.keyboard.type('Redmond');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Washington');
    await page.keyboard.press('Tab');
    await page.keyboard.type('98052');
    await page.keyboard.press('Enter');

    await tabTo(page, { id: 'domain_prefix' });
    await page.keyboard.type(prefix);
    await expect(page.getByText(`${prefix}.onmicrosoft.com is available.`)).toBeVisible();
    await page.keyboard.press('Enter');

    await tabTo(page, { id: 'contact_first_name' });
    await page.keyboard.type('Ana');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Silva');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ana@keyboard.example');
    await tabTo(page, { text: 'Accepted by the primary contact' });
    await page.keyboard.press('Enter');
    await tabTo(page, { id: 'agreement_date' });
    const [y, m, d] = today().split('-');
    await page.keyboard.type(`${m}${d}${y}`);
    await expect(page.locator('#agreement_date')).toHaveValue(today());
    await page.keyboard.press('Enter');

    await expect(page.getByRole('heading', { name: /Step 4 of 4/ })).toBeVisible();
    await tabTo(page, { text: 'Create customer' });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Keyboard Co' })).toBeVisible();
    await expect(textbox(page, 'Company name')).toHaveCount(0);
  });
  test('answer a referral without a mouse: the decline dialog', async ({ page }) => {
    // A Proseware referral no other test answers (the a11y pass only opens the newest one's dialog).
    const context = page.context();
    await signIn(page, 'kenji.sato@proseware.example');
    const inbox = await (await context.request.get('/api/referrals?state=new')).json();
    const referral = inbox.items.find((r: { company_name: string }) => r.company_name === '深圳前海数据服务有限公司');
    expect(referral).toBeTruthy();
    await page.goto(`/referrals/${referral.id}`);
    await tabTo(page, { text: 'Decline' });
    await page.keyboard.press('Enter');
    await expect(page.locator('dialog[open]')).toBeVisible();
    await expect(page.locator('#decline_reason')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('#decline_reason')).toHaveValue('not-a-fit');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Outside our industries.');
    await tabTo(page, { text: 'Decline' });
    await page.keyboard.press('Enter');
    await expect(page.getByText('Referral of 深圳前海数据服务有限公司 declined.')).toBeVisible();
    await expect(page.getByText('Reason: Not a fit for our offerings – Outside our industries.')).toBeVisible();
  });

  test('find a customer, edit it and end the relationship without a mouse', async ({ page }) => {
    await signIn(page, ADMIN);
    const prefix = `kbe${Date.now().toString(36)}`;
    const company = `Keys ${prefix}`;
    const created = await page.context().request.post('/api/customers', {
      data: {
        company_name: company, country: 'US', domain_prefix: prefix, address_line1: '1 Key St',
        city: 'Redmond', state: 'WA', postal_code: '98052', contact_first_name: 'Ana',
        contact_last_name: 'Silva', contact_email: `ana@${prefix}.example`, agreement_first_name: 'Ana',
        agreement_last_name: 'Silva', agreement_email: `ana@${prefix}.example`, agreement_date: today(),
      },
    });
    expect(created.status(), await created.text()).toBe(201);

    // Search the list, then open the one row.
    await page.goto('/customers');
    await tabTo(page, { selector: 'input[type=search]' });
    await page.keyboard.type(prefix);
    await expect(page).toHaveURL(new RegExp(`q=${prefix}`));
    await expect(page.locator('tbody tr')).toHaveCount(1);
    await tabTo(page, { text: company });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: company })).toBeFocused();

    // Edit: a new phone number, saved with Enter.
    await tabTo(page, { text: 'Edit' });
    await page.keyboard.press('Enter');
    await tabTo(page, { id: 'contact_phone' });
    await page.keyboard.type('+1 425 555 0199');
    await page.keyboard.press('Enter');
    await expect(page.getByText('Changes saved.')).toBeVisible();
    await expect(page.getByText('+1 425 555 0199')).toBeVisible();

    // End the relationship: Escape leaves the dialog and gives focus back to its button.
    await tabTo(page, { text: 'End relationship' });
    await page.keyboard.press('Enter');
    await expect(page.locator('dialog[open]')).toBeVisible();
    await expect(page.locator('#end_reason')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.locator('dialog[open]')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'End relationship' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('#end_reason')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await tabTo(page, { text: `End relationship with ${company}` });
    await page.keyboard.press('Enter');
    await expect(page.getByText(`The relationship with ${company} has ended.`)).toBeVisible();
    await expect(page.locator('.page-header .badge')).toHaveText('Ended');
  });
});

for (const locale of ['en-US', 'zh-CN']) {
  test(`selling, billing and support pages and forms have no axe violations (${locale})`, async ({ page }) => {
    test.setTimeout(test.info().timeout * 2);
    await page.addInitScript(setLocale, locale);
    await page.goto('/customers?q=Tailspin');
    await page.locator('tbody a').first().click();
    await expect(page.locator('.subscription-table')).toBeVisible();
    await page.locator('#order-subscription').click();
    await expect(page.locator('#offer')).toBeFocused();
    await page.locator('#offer').selectOption('CFQ7TTC0LFLX');
    await expect(page.locator('#order-period-total')).toBeVisible();
    await expectNoViolations(page, 'customer page with the order form and its review');
    await page.locator('.support-card button').first().click();
    await expect(page.locator('#title')).toBeFocused();
    await page.locator('.support-form button[type=submit]').click();
    await expect(page.locator('.support-form [aria-invalid=true]').first()).toBeVisible();
    await expectNoViolations(page, 'customer page with the support form and its errors');

    await page.goto('/billing');
    await expect(page.locator('#partner-markup')).toBeVisible();
    await expectNoViolations(page, 'billing');
    await page.goto('/support');
    await expect(page.locator('.support-table')).toBeVisible();
    await expectNoViolations(page, 'support');
    await page.locator('.support-table tbody a').first().click();
    await expect(page.locator('#note')).toBeVisible();
    await expectNoViolations(page, 'support request');
  });
}

test('ordering works from the keyboard alone', async ({ page }) => {
  await page.goto('/customers?q=Tailspin');
  await page.locator('tbody a').first().click();
  await page.locator('#order-subscription').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#offer')).toBeFocused();
  await page.keyboard.type('Microsoft 365 E3');
  await expect(page.locator('#offer')).toHaveValue('CFQ7TTC0LFLX');
  await page.keyboard.press('Tab');
  await expect(page.locator('#quantity')).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('7');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Microsoft 365 E3 ordered.')).toBeVisible();
});
