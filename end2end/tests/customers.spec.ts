import { expect, test } from './test';
import { chooseLanguage, createCustomer, fillValidCustomer, next, select, signedInPage, textbox, today, uniquePrefix } from './helpers';

test('the customer list shows the demo customers', async ({ page }) => {
  await page.goto('/customers');
  await expect(page.getByRole('heading', { name: 'Customer list' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Contoso Ltd' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '北京云帆科技有限公司' })).toBeVisible();
  await expect(page.locator('.pager-count')).toHaveText(/^1–\d+ of \d+$/);
});

test('create a customer step by step and find it in the list @nodes', async ({ page }) => {
  const prefix = uniquePrefix('e2e');
  const company = `Fourth Coffee ${prefix}`;
  await page.goto('/customers');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Add customer' }).click();
  await expect(page.getByRole('heading', { name: 'Add customer' })).toBeVisible();
  await fillValidCustomer(page, company, prefix);

  const review = page.locator('.review');
  await expect(review.getByText(company)).toBeVisible();
  await expect(review.getByText(`${prefix}.onmicrosoft.com`)).toBeVisible();
  await expect(review.getByText(`Accepted by Ana Silva (ana.silva@contoso.com) on ${today()}`)).toBeVisible();
  await page.getByRole('button', { name: 'Create customer' }).click();

  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: company })).toBeVisible();
  await expect(page.getByText('Customer account created.')).toBeVisible();
  const password = await page.getByTestId('temporary-password').textContent();
  expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
  await expect(page.getByText(`admin@${prefix}.onmicrosoft.com`).first()).toBeVisible();
  // It and the ids copy with a click.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const copy = page.getByRole('button', { name: 'Copy the temporary password' });
  await copy.click();
  await expect(copy).toHaveText('Copied');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(password);
  await page.getByRole('button', { name: 'Copy the customer ID' }).click();
  const id = new URL(page.url()).pathname.split('/').pop();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(id);

  // The temporary password is shown once: a reload of the same page no longer has it.
  await page.reload();
  await expect(page.getByRole('heading', { name: company })).toBeVisible();
  await expect(page.getByTestId('temporary-password')).toHaveCount(0);

  await page.getByRole('link', { name: 'Back to customer list' }).click();
  const row = page.getByRole('row', { name: new RegExp(company) });
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell', { name: `${prefix}.onmicrosoft.com` })).toBeVisible();
  await expect(row.getByText('Active')).toBeVisible();
});

test('validation runs while typing, even offline, and a save waits for the network', async ({ page, context }) => {
  await page.goto('/customers/new');
  await expect(page.getByRole('heading', { name: 'Add customer' })).toBeVisible();
  await context.setOffline(true);
  await expect(page.getByRole('status').filter({ hasText: "You're offline" })).toBeVisible();

  const company = textbox(page, 'Company name');
  await company.fill('999');
  await expect(page.getByText('Enter a real name, not only digits or symbols.')).toBeVisible();
  await expect(company).toHaveAttribute('aria-invalid', 'true');

  await select(page, 'Country/region').selectOption('CA');
  const postal = textbox(page, 'Postal code');
  await postal.fill('98052');
  await expect(page.getByText('Not a valid postal code for this country. Example: K1A 0B1')).toBeVisible();
  await postal.fill('k1a0b1');
  await expect(postal).toHaveAttribute('aria-invalid', 'false');

  await company.fill('Northwind Traders');
  await textbox(page, 'Address line 1').fill('100 King Street West');
  await textbox(page, 'City').fill('Toronto');
  await select(page, 'State/province').selectOption('ON');
  await next(page);
  const domain = textbox(page, 'Domain prefix');
  await domain.fill('my-company');
  await expect(page.getByText('Use only letters A–Z and digits 0–9, no spaces or dots.')).toBeVisible();
  await domain.fill(uniquePrefix('offline'));
  await expect(page.getByText("Availability will be checked when you're back online.")).toBeVisible();
  await next(page);
  await textbox(page, 'First name').fill('Liam');
  await textbox(page, 'Last name').fill('Tremblay');
  await textbox(page, 'Email').fill('liam@northwind-traders.example');
  await page.getByRole('button', { name: 'Accepted by the primary contact' }).click();
  await page.getByLabel('Date accepted').fill(today());
  await next(page);

  // Creating offline keeps everything and says why it did not save.
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('alert')).toHaveText(/Can't reach PartnerDesk\. Your entries are kept/);
  await expect(page).toHaveURL(/\/customers\/new$/);

  // Back online, the same draft goes through.
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: 'Northwind Traders' })).toBeVisible();
});

test('Next shows a step\'s problems and focuses the first; a taken domain is caught live', async ({ page }) => {
  await page.goto('/customers/new');
  await next(page);
  await expect(page.getByText('Some fields need attention. They are marked below.')).toBeVisible();
  await expect(textbox(page, 'Company name')).toBeFocused();
  await expect(textbox(page, 'City')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { name: /Step 1 of 4/ })).toBeVisible();

  await textbox(page, 'Company name').fill('Tailspin Toys Two');
  await select(page, 'Country/region').selectOption('GB');
  await textbox(page, 'Address line 1').fill('1 High Street');
  await textbox(page, 'City').fill('London');
  await textbox(page, 'Postal code').fill('sw1a1aa');
  await next(page);
  await textbox(page, 'Domain prefix').fill('contosoltd');
  await expect(page.getByText('Already taken. Choose another.')).toBeVisible();
  await next(page);
  await expect(textbox(page, 'Domain prefix')).toBeFocused();
});

test('the draft, including its step, survives a reload', async ({ page }) => {
  await page.goto('/customers/new');
  await textbox(page, 'Company name').fill('Draft Holdings');
  await select(page, 'Country/region').selectOption('DE');
  await textbox(page, 'Address line 1').fill('Unter den Linden 1');
  await textbox(page, 'City').fill('Berlin');
  await textbox(page, 'Postal code').fill('10117');
  await next(page);
  await textbox(page, 'Domain prefix').fill('draftholdings');
  await page.reload();
  await expect(textbox(page, 'Domain prefix')).toHaveValue('draftholdings');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(textbox(page, 'Company name')).toHaveValue('Draft Holdings');
  await expect(select(page, 'Country/region')).toHaveValue('DE');
});

test('a create whose answer is lost is retried without making a second customer', async ({ page }) => {
  const prefix = uniquePrefix('lost');
  const company = `Lost Answer ${prefix}`;
  await page.goto('/customers/new');
  await fillValidCustomer(page, company, prefix);
  // The server creates the customer, but the browser never hears back.
  await page.route('**/api/customers', async (route) => {
    if (route.request().method() === 'POST') {
      await route.fetch();
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  }, { times: 1 });
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('alert')).toHaveText(/Can't reach PartnerDesk/);
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: company })).toBeVisible();
  // The retry is a replay: nothing changes, so no new password — the page says why and offers
  // to issue one (audited).
  await expect(page.getByText('This customer was created by an earlier attempt')).toBeVisible();
  await expect(page.getByTestId('temporary-password')).toHaveCount(0);
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Issue a new temporary password' }).click();
  await expect(page.getByTestId('temporary-password')).toBeVisible();
  await expect(page.getByTestId('temporary-password')).toHaveText(/\S{12,}/);

  const list = await (await page.request.get('/api/customers?per_page=100')).json();
  const matches = list.items.filter((c: { domain: string }) => c.domain === `${prefix}.onmicrosoft.com`);
  expect(matches).toHaveLength(1);
});

test('edit a customer; a concurrent edit is re-applied, not lost @nodes', async ({ browser }) => {
  // Two people of the same partner: the global admin and a sales agent.
  const alice = await signedInPage(browser, 'alex.wu@northwind.example');
  const bob = await signedInPage(browser, 'sam.taylor@northwind.example');
  const prefix = uniquePrefix('edit');
  const path = await createCustomer(alice, `Edit Me ${prefix}`, prefix);

  await alice.goto(`${path}/edit`);
  await bob.goto(`${path}/edit`);
  await expect(textbox(alice, 'Company name')).toHaveValue(`Edit Me ${prefix}`);
  await expect(textbox(bob, 'City')).toHaveValue('Redmond');
  await expect(select(alice, 'Country/region')).toBeDisabled();

  await textbox(alice, 'Company name').fill(`Edited ${prefix}`);
  await alice.getByRole('button', { name: 'Save changes' }).click();
  await expect(alice.getByText('Changes saved.')).toBeVisible();
  await expect(alice.getByRole('heading', { name: `Edited ${prefix}` })).toBeVisible();

  await textbox(bob, 'City').fill('Bellevue');
  await bob.getByRole('button', { name: 'Save changes' }).click();
  await expect(bob.getByText('Someone else changed this customer')).toBeVisible();
  await bob.getByRole('button', { name: 'Load latest and re-apply my changes' }).click();
  await expect(bob.getByText('Latest version loaded and your changes re-applied.')).toBeVisible();
  await expect(textbox(bob, 'Company name')).toHaveValue(`Edited ${prefix}`);
  await expect(textbox(bob, 'City')).toHaveValue('Bellevue');
  await bob.getByRole('button', { name: 'Save changes' }).click();
  await expect(bob.getByText('Changes saved.')).toBeVisible();
  await expect(bob.getByRole('heading', { name: `Edited ${prefix}` })).toBeVisible();
  await expect(bob.getByText('Bellevue, WA, 98052')).toBeVisible();
});

test('two people change the same field: the conflict shows both values and who saved when, and the user chooses', async ({ browser }) => {
  const alice = await signedInPage(browser, 'sam.taylor@northwind.example');
  const bob = await signedInPage(browser, 'alex.wu@northwind.example');
  const prefix = uniquePrefix('clash');
  const path = await createCustomer(bob, `Clash ${prefix}`, prefix);
  await alice.goto(`${path}/edit`);
  await bob.goto(`${path}/edit`);
  await expect(textbox(alice, 'City')).toHaveValue('Redmond');
  await expect(textbox(bob, 'City')).toHaveValue('Redmond');

  // Bob saves first: a city and a second address line.
  await textbox(bob, 'City').fill('Seattle');
  await bob.getByRole('button', { name: 'Save changes' }).click();
  await expect(bob.getByText('Changes saved.')).toBeVisible();

  // Alice changed the same city (and nothing else of Bob's).
  await textbox(alice, 'City').fill('Bellevue');
  await textbox(alice, 'Address line 2 (optional)').fill('Suite 400');
  await alice.getByRole('button', { name: 'Save changes' }).click();
  const conflict = alice.locator('.conflict');
  await expect(conflict).toBeVisible();
  await expect(conflict.locator('.conflict-who')).toHaveText(/^Alex Wu saved it on [A-Z][a-z]{2} \d{1,2}, \d{4} \d{2}:\d{2} UTC\.$/);
  const rows = conflict.locator('.conflict-table tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByRole('rowheader')).toHaveText('City');
  const theirs = conflict.getByRole('radio', { name: 'Seattle' });
  const mine = conflict.getByRole('radio', { name: 'Bellevue' });
  await expect(mine).toBeChecked();
  await theirs.check();
  await expect(mine).not.toBeChecked();
  await alice.getByRole('button', { name: 'Load latest and re-apply my changes' }).click();
  await expect(alice.getByText('Latest version loaded and your changes re-applied.')).toBeVisible();
  await expect(textbox(alice, 'City')).toHaveValue('Seattle');
  await expect(textbox(alice, 'Address line 2 (optional)')).toHaveValue('Suite 400');
  await alice.getByRole('button', { name: 'Save changes' }).click();
  await expect(alice.getByText('Changes saved.')).toBeVisible();
  await expect(alice.getByText(/Seattle, WA, 98052/).first()).toBeVisible();
  await expect(alice.getByText(/Suite 400/).first()).toBeVisible();
  await alice.context().close();
  await bob.context().close();
});

test('switching to Simplified Chinese re-renders every string and is remembered', async ({ page }) => {
  await page.goto('/customers');
  await expect(page.getByRole('heading', { name: 'Customer list' })).toBeVisible();
  await chooseLanguage(page, '简体中文');
  await expect(page.getByRole('heading', { name: '客户列表' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: '主域名' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('cell', { name: '瑞士' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: '客户列表' })).toBeVisible();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '添加客户' }).click();
  await textbox(page, '公司名称').fill('1 2 3');
  await expect(page.getByText('请输入真实名称，不能只有数字或符号。')).toBeVisible();
  await expect(page.getByRole('button', { name: '下一步' })).toBeVisible();

  await chooseLanguage(page, 'English');
  await expect(page.getByText('Enter a real name, not only digits or symbols.')).toBeVisible();
});

test('an unknown customer and an unknown page say so', async ({ page }) => {
  await page.goto('/customers/00000000-0000-4000-8000-000000000000');
  await expect(page.getByText("This customer account doesn't exist or isn't yours.")).toBeVisible();
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('the overview counts customers and opens the matching filtered list', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  // The demo's 2 invited customers, and any another test invited meanwhile.
  const pending = page.getByRole('link', { name: /Pending invitations/ });
  await expect(pending).toContainText(/\d/);
  await expect(page.getByRole('img', { name: /New customers per month/ })).toBeVisible();
  await expect(page.getByText(/new customers in the last 12 months/)).toBeVisible();

  await pending.click();
  await expect(page).toHaveURL(/\/customers\?relationship=invited$/);
  const chips = page.getByRole('navigation', { name: 'Filter by relationship' });
  await expect(chips.getByRole('link', { name: 'Invited' })).toHaveAttribute('aria-current', 'page');
  await expect(chips.locator('[aria-current]')).toHaveCount(1);
  // Other tests invite, revoke and end customers meanwhile: check what each filter shows, not
  // how many.
  const rows = page.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const invited = await rows.count();
  expect(invited).toBeGreaterThanOrEqual(2);
  await expect(rows.locator('.badge')).toHaveText(Array(invited).fill('Invited'));
  await chips.getByRole('link', { name: 'Ended' }).click();
  await expect(chips.getByRole('link', { name: 'Ended' })).toHaveAttribute('aria-current', 'page');
  await expect(rows.first().locator('.badge')).toHaveText('Ended');
  await page.goBack();
  await expect(chips.getByRole('link', { name: 'Invited' })).toHaveAttribute('aria-current', 'page');
  await expect(rows.first().locator('.badge')).toHaveText('Invited');
  await chips.getByRole('link', { name: 'Revoked' }).click();
  await expect(chips.getByRole('link', { name: 'Revoked' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('No customers match this filter.').or(rows.first().locator('.badge', { hasText: 'Revoked' }))).toBeVisible();
});

test('search the list as you type; the URL keeps the search @nodes', async ({ page }) => {
  await page.goto('/customers');
  const search = page.getByRole('searchbox', { name: 'Search customers' });
  await search.fill('云帆');
  await expect(page).toHaveURL(/q=%E4%BA%91%E5%B8%86/);
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await expect(page.getByRole('cell', { name: '北京云帆科技有限公司' })).toBeVisible();

  await search.fill('有限公司');
  await expect(page.locator('tbody tr')).toHaveCount(3);
  const chips = page.getByRole('navigation', { name: 'Filter by relationship' });
  await chips.getByRole('link', { name: 'Invited' }).click();
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await expect(page.getByRole('cell', { name: '上海星辰贸易有限公司' })).toBeVisible();
  await expect(search).toHaveValue('有限公司');

  await page.reload();
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await expect(page.getByRole('searchbox', { name: 'Search customers' })).toHaveValue('有限公司');

  await page.getByRole('searchbox', { name: 'Search customers' }).fill('no such company');
  await expect(page.getByText('No customers match this filter.')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('');
  await chips.getByRole('link', { name: 'All' }).click();
  // Back to the whole list (other tests add customers meanwhile: at least the demo dozen).
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('cell', { name: 'Contoso Ltd' })).toBeVisible();
  await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThanOrEqual(12);
});

test('a fresh tab asks for its page of the list once, with who is signed in', async ({ page }) => {
  const lists: string[] = [];
  page.on('request', (r) => { if (/\/api\/customers(\?|$)/.test(r.url())) lists.push(r.url()); });
  await page.goto('/customers?sort=company&dir=asc');
  await expect(page.getByRole('columnheader', { name: /Company/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.locator('tbody tr').first()).toBeVisible();
  expect(lists).toHaveLength(1);
  expect(lists[0]).toContain('sort=company&dir=asc');
  // What the page shows next, it asks for itself.
  await page.getByRole('link', { name: 'Company' }).click();
  await expect(page.getByRole('columnheader', { name: /Company/ })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => lists.length).toBe(2);
  expect(lists[1]).not.toContain('dir=asc');
});

test('the rows shown stay, marked busy, until the next page arrives', async ({ page }) => {
  await page.goto('/customers?per_page=5');
  const results = page.locator('.list-results');
  const names = page.locator('tbody td.cell-primary a');
  await expect(names).toHaveCount(5);
  await expect(results).toHaveAttribute('aria-busy', 'false');
  const first = await names.allTextContents();
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/customers\?.*after=/, async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(results).toHaveAttribute('aria-busy', 'true');
  await expect(results).toHaveClass(/refreshing/);
  await expect(names).toHaveText(first);
  release();
  await expect(results).toHaveAttribute('aria-busy', 'false');
  await expect.poll(() => names.allTextContents()).not.toEqual(first);
});

test('export the list as it is filtered, in the UI language', async ({ page }) => {
  await page.goto('/customers?relationship=invited');
  const exportMenu = page.locator('summary', { hasText: 'Export CSV' });
  await exportMenu.click();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'For Excel (UTF-8)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('partnerdesk-customers.csv');
  const text = (await (await file.createReadStream()).toArray()).join('');
  const lines = text.trim().split('\n');
  expect(lines[0].replace(/^\ufeff/, '')).toBe('Company,Primary domain,Country/region,Relationship,Contact,Email,Created');
  expect(lines.length).toBeGreaterThan(2);
  for (const line of lines.slice(1)) expect(line).toContain(',Invited,');

  // GB18030 for older Chinese software: no byte-order mark, Chinese names in two bytes each.
  await page.goto('/customers');
  await exportMenu.click();
  const gbDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: 'GB18030 (older Chinese software)' }).click();
  const bytes = Buffer.concat(await (await (await gbDownload).createReadStream()).toArray());
  expect(bytes[0]).toBe('C'.charCodeAt(0));
  expect(bytes.includes(Buffer.from('北京', 'utf8'))).toBe(false);
  const gbText = new TextDecoder('gb18030').decode(bytes);
  expect(gbText.split('\n')[0]).toBe('Company,Primary domain,Country/region,Relationship,Contact,Email,Created');
  expect(gbText).toContain('北京云帆科技有限公司');
  // The menu closed after the choice.
  await expect(page.getByRole('link', { name: 'For Excel (UTF-8)' })).toBeHidden();
});

test('sort by a column, filter by country, and page with cursors; the URL keeps it all', async ({ page }) => {
  await page.goto('/customers');
  await page.getByRole('link', { name: 'Company' }).click();
  await expect(page).toHaveURL(/sort=company&dir=asc/);
  await expect(page.getByRole('columnheader', { name: /Company/ })).toHaveAttribute('aria-sort', 'ascending');
  const names = async () => (await page.locator('tbody td.cell-primary a').allTextContents());
  const collator = (a: string, b: string) => a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
  await expect.poll(async () => {
    const shown = await names();
    return shown.length > 1 && shown.join('\n') === [...shown].sort(collator).join('\n');
  }).toBe(true);
  await page.getByRole('link', { name: 'Company' }).click();
  await expect(page).toHaveURL(/\?sort=company$/);
  await expect(page.getByRole('columnheader', { name: /Company/ })).toHaveAttribute('aria-sort', 'descending');

  // Germany only, oldest first: every row is in Germany.
  await page.getByLabel('Country/region').selectOption('DE');
  await expect(page).toHaveURL(/country=DE/);
  // The previous rows stay on screen until the filtered page arrives, so wait for the change.
  const countries = async () => [...new Set(await page.locator('tbody tr td:nth-child(3)').allTextContents())];
  await expect.poll(countries).toEqual(['Germany']);
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/country=/);

  // Five per page: Next moves on with a cursor, Previous comes back to the same rows.
  await page.goto('/customers?per_page=5&sort=domain&dir=asc');
  await expect(page.locator('tbody tr')).toHaveCount(5);
  await expect(page.locator('.pager-count')).toHaveText(/^1–5 of \d+$/);
  const first = await names();
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/after=/);
  await expect.poll(names).not.toEqual(first);
  await expect(page.locator('tbody tr')).toHaveCount(5);
  await expect(page.locator('.pager-count')).toHaveText(/^6–10 of \d+$/);
  await page.getByRole('link', { name: 'Previous' }).click();
  await expect(page).toHaveURL(/before=/);
  await expect.poll(names).toEqual(first);
  await expect(page.locator('.pager-count')).toHaveText(/^1–5 of \d+$/);
  await page.goBack();
  await expect(page).toHaveURL(/after=/);

  // The page size is a choice; a new size starts at the first page.
  await page.getByRole('combobox', { name: 'Rows per page' }).selectOption('25');
  await expect(page).toHaveURL(/per_page=25/);
  await expect(page).not.toHaveURL(/after=/);
  await expect(page.locator('.pager-count')).toHaveText(/^1–\d+ of \d+$/);
});

test('a row of the list opens its customer wherever it is clicked; selecting text does not', async ({ page }) => {
  await page.goto('/customers');
  const row = page.getByRole('row', { name: /Contoso Ltd/ });
  await row.getByRole('cell', { name: /contoso.*onmicrosoft\.com/ }).click();
  await expect(page.getByRole('heading', { name: 'Contoso Ltd' })).toBeVisible();
  await page.goBack();
  // A drag across the domain selects it for copying and stays on the list.
  const domain = page.getByRole('row', { name: /Contoso Ltd/ }).getByRole('cell', { name: /onmicrosoft\.com/ });
  await domain.selectText();
  await domain.dispatchEvent('click');
  await page.waitForTimeout(300);
  await expect(page.getByRole('heading', { name: 'Customer list' })).toBeVisible();
});
