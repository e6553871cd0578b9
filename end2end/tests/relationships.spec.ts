import { type Page } from '@playwright/test';
import { expect, test } from './test';
import * as fs from 'node:fs';
import { chooseLanguage, createCustomer, fillAccountStep, fillValidCustomer, mailTo, next, signedInPage, textbox, uniquePrefix } from './helpers';

/** The first three steps of the invite form with valid values. */
async function fillInvite(page: Page, company: string, prefix: string, email: string) {
  await page.goto('/customers/invite');
  await expect(page.getByRole('heading', { name: 'Invite an existing customer' })).toBeVisible();
  await fillAccountStep(page, company);
  await textbox(page, 'Domain prefix').fill(prefix);
  await next(page);
  await textbox(page, 'First name').fill('Ana');
  await textbox(page, 'Last name').fill('Silva');
  await textbox(page, 'Email').fill(email);
}

test('invite a customer: the email arrives, its link is accepted, the customer becomes active @nodes', async ({ page, browser }) => {
  const prefix = uniquePrefix('inv');
  const email = `it@${prefix}.example`;
  const company = `Invited ${prefix}`;
  await fillInvite(page, company, prefix, email);
  await expect(page.getByText(`The invitation is emailed to the primary contact, ${email}, in English.`)).toBeVisible();
  await page.getByRole('textbox', { name: /Personal message/ }).fill('We look forward to working with you.');
  await next(page);
  await expect(page.getByText('We look forward to working with you.')).toBeVisible();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('heading', { name: company })).toBeVisible();
  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  await expect(page.locator('.page-header .badge')).toHaveText('Invited');
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  const customerPath = new URL(page.url()).pathname;

  // The message came through SMTP; the customer opens its link in a browser with no partner session.
  const mail = await mailTo(email);
  expect(mail.subject).toContain(company);
  const link = mail.text.match(/https?:\/\/\S+\/invitation#[\w-]+/)![0];
  const customerBrowser = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const customerPage = await customerBrowser.newPage();
  await customerPage.goto(link);
  await expect(customerPage.getByRole('heading', { name: 'Reseller relationship request' })).toBeVisible();
  await expect(customerPage.getByText(`Northwind Cloud Solutions asks to become the reseller (partner) of ${company}.`)).toBeVisible();
  await expect(customerPage.getByText('We look forward to working with you.')).toBeVisible();
  // Nothing is accepted without consent.
  await textbox(customerPage, 'First name').fill('Ana');
  await textbox(customerPage, 'Last name').fill('Silva');
  await customerPage.getByRole('button', { name: 'Accept and establish the reseller relationship' }).click();
  await expect(customerPage.locator('#consent')).toBeFocused();
  await customerPage.getByLabel('I accept the customer agreement').check();
  await customerPage.getByRole('button', { name: 'Accept and establish the reseller relationship' }).click();
  await expect(customerPage.getByText('Done. Northwind Cloud Solutions is now your reseller.')).toBeVisible();
  // The link is single-use.
  await customerPage.reload();
  await expect(customerPage.getByTestId('dead-link')).toHaveText(/already used/);
  await customerBrowser.close();

  await page.goto(customerPath);
  await expect(page.locator('.page-header .badge')).toHaveText('Active');
  await expect(page.getByText('Accepted by Ana Silva')).toBeVisible();
  await page.goto('/invitations');
  const row = page.getByRole('row', { name: new RegExp(company) });
  await expect(row.getByText('Accepted', { exact: true })).toBeVisible();
});

test('revoking an invitation kills its link; resending sends a new one', async ({ page, browser }) => {
  const prefix = uniquePrefix('rev');
  const email = `it@${prefix}.example`;
  await fillInvite(page, `Revoked ${prefix}`, prefix, email);
  await next(page);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.locator('.page-header .badge')).toHaveText('Invited');
  const first = await mailTo(email);
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByText('Invitation revoked. Its link no longer works.')).toBeVisible();
  await expect(page.locator('.page-header .badge')).toHaveText('Revoked');

  const customer = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await customer.goto(first.text.match(/https?:\/\/\S+\/invitation#[\w-]+/)![0]);
  await expect(customer.getByTestId('dead-link')).toHaveText('The partner withdrew this invitation. Contact them if you expected it.');

  await page.getByRole('button', { name: 'Resend' }).click();
  await expect(page.getByText(`A new link was sent to ${email}.`)).toBeVisible();
  await expect(page.locator('.page-header .badge')).toHaveText('Invited');
});

test('import customers from a CSV file: preview with row errors, progress, no duplicates on re-import @nodes', async ({ page }) => {
  const prefix = uniquePrefix('csv');
  const header =
    'company_name,country,domain_prefix,address_line1,address_line2,address_line3,city,state,postal_code,contact_first_name,contact_last_name,contact_email,contact_phone,registration_number,language,relationship_exists,agreement_first_name,agreement_last_name,agreement_email,agreement_date';
  const rows = [0, 1, 2].map(
    (i) => `Imported ${prefix} ${i},US,${prefix}${i},${i} Main St,,,Redmond,WA,98052,Ana,Lopez,ana@${prefix}${i}.com,,,,yes,,,,`,
  );
  rows.push(`LLC,US,${prefix}bad,1 Main St,,,Redmond,WA,98052,Ana,Lopez,ana@x.com,,,,yes,,,,`);
  const file = { name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\n')) };

  await page.goto('/customers/import');
  await expect(page.getByRole('heading', { name: 'Add existing customers' })).toBeVisible();
  await page.getByLabel('CSV file').setInputFiles(file);
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(page.getByTestId('import-summary')).toHaveText(
    '4 rows: 3 ready (3 active, the rest invited), 0 already in your list, 1 with errors.',
  );
  await expect(page.getByRole('row', { name: /LLC/ })).toContainText('Company name: Enter the company');
  await page.getByRole('button', { name: 'Import 3 customers' }).click();
  await expect(page.getByText('Import finished: 3 imported, 0 skipped, 0 failed.')).toBeVisible();

  await page.goto(`/customers?q=${prefix}`);
  await expect(page.locator('tbody tr')).toHaveCount(3);

  // The same file again: nothing new.
  await page.goto('/customers/import');
  await page.getByLabel('CSV file').setInputFiles(file);
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(page.getByTestId('import-summary')).toContainText('0 ready');
  await expect(page.getByTestId('import-summary')).toContainText('3 already in your list');
  await expect(page.getByText('No row can be imported.')).toBeVisible();
});

test('the import template comes in the UI language and imports as downloaded', async ({ page }) => {
  await page.goto('/customers/import');
  await chooseLanguage(page, '简体中文');
  await expect(page.getByRole('heading', { name: '添加现有客户' })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '下载模板' }).click(),
  ]);
  const template = fs.readFileSync((await download.path())!, 'utf8');
  expect(template.split('\n')[0]).toMatch(/^公司名称,国家\/地区,域名前缀,/);
  // The example row's domain is the demo's own by now in a shared database: a fresh prefix.
  const prefix = uniquePrefix('tpl');
  const file = template.replace('contosoltd', prefix).replace('Contoso Ltd', `Template ${prefix}`);
  await page.getByLabel('CSV 文件').setInputFiles({ name: 'template.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  await page.getByRole('button', { name: '检查文件' }).click();
  await expect(page.getByTestId('import-summary')).toHaveText('共 1 行：1 行可导入（1 行为活动状态，其余为已邀请），0 行已在列表中，0 行有错误。');
});

test('sell under new commerce: order, more seats, suspend, cancel within 7 days; then end the relationship, read-only', async ({ page }) => {
  // A demo customer's older subscriptions are past their 7 days: no cancel, and when it reopens.
  await page.goto('/customers?q=Tailspin%20Toys');
  await page.getByRole('link', { name: 'Tailspin Toys' }).click();
  const old = page.locator('.subscription-table').getByRole('row', { name: /Microsoft 365 Business Premium/ });
  await expect(old.getByText(/Fewer seats or cancellation possible again from .*, when it renews\./)).toBeVisible();
  await expect(old.getByRole('button', { name: 'Cancel subscription' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'End relationship' })).toBeDisabled();

  const prefix = uniquePrefix('nce');
  const company = `Nce ${prefix}`;
  await createCustomer(page, company, prefix);
  const end = page.getByRole('button', { name: 'End relationship' });
  await page.getByRole('button', { name: 'Order subscription' }).click();
  const form = page.locator('form.order-form');
  await form.locator('#offer').selectOption({ label: 'Microsoft 365 Business Standard' });
  await expect(form.locator('#term option:not([value=""])')).toHaveText(['1 month', '1 year']);
  await form.locator('#term').selectOption('P1Y');
  await form.locator('#billing_cycle').selectOption('monthly');
  await form.locator('#quantity').fill('301');
  await form.getByRole('button', { name: 'Place order' }).click();
  await expect(form.getByText('Enter a number from 1 to 300.')).toBeVisible();
  await expect(form.locator('#quantity')).toBeFocused();
  await form.locator('#quantity').fill('20');
  // The review prices it with the rule the server charges by: 12.50 × 20 a month.
  await expect(form.locator('#order-period-total')).toHaveText('USD 250.00');
  await expect(form.getByText('Fewer seats and cancellation are possible only within 7 days')).toBeVisible();
  await form.getByRole('button', { name: 'Place order' }).click();
  await expect(page.getByText('Microsoft 365 Business Standard ordered.')).toBeVisible();
  const row = page.locator('.subscription-table').getByRole('row', { name: /Microsoft 365 Business Standard/ });
  await expect(row.getByText('USD 250.00')).toBeVisible();
  await expect(row.getByText(/Fewer seats or cancellation possible until/)).toBeVisible();

  await row.getByRole('button', { name: 'Change seats' }).click();
  await expect(row.locator('#seats')).toBeFocused();
  await row.locator('#seats').fill('25');
  await row.getByRole('button', { name: 'Save seats' }).click();
  await expect(row.getByText('USD 312.50')).toBeVisible();
  await expect(end).toBeDisabled();

  // Suspended is still billed under new commerce: it still blocks the end.
  await row.getByRole('button', { name: 'Suspend' }).click();
  await expect(row.getByText('Suspended subscriptions are still billed until cancelled.')).toBeVisible();
  await expect(end).toBeDisabled();
  await expect(page.getByText('Subscriptions not cancelled: 1. Under new commerce a suspended subscription is still billed')).toBeVisible();
  // The refusal names each blocking subscription, linking to it.
  await expect(page.locator('.blocking-list a')).toHaveText(['Microsoft 365 Business Standard (Suspended)']);
  await expect(page.locator('.blocking-list a')).toHaveAttribute('href', '#subscriptions');
  page.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: 'Cancel subscription' }).click();
  await expect(row.getByText('Cancelled', { exact: true })).toBeVisible();
  await expect(end).toBeEnabled();

  await end.click();
  const dialog = page.getByRole('dialog', { name: `End the relationship with ${company}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: `End relationship with ${company}` }).click();
  await expect(dialog.locator('#end_reason')).toBeFocused();
  await expect(dialog.getByText('Required.')).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Reason' }).selectOption('other');
  await dialog.getByRole('button', { name: `End relationship with ${company}` }).click();
  await expect(dialog.locator('#end_reason_text')).toBeFocused();
  await dialog.getByRole('textbox', { name: 'Explanation' }).fill('Merged with Fabrikam');
  await dialog.getByRole('button', { name: `End relationship with ${company}` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`The relationship with ${company} has ended.`)).toBeVisible();
  await expect(page.locator('.page-header .badge')).toHaveText('Ended');
  await expect(page.getByText(/Ended on .*: Other – Merged with Fabrikam/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'End relationship' })).toHaveCount(0);

  // The audit trail shows it, with before and after.
  await page.getByRole('link', { name: 'Audit trail' }).click();
  const entry = page.getByRole('row', { name: /Relationship ended/ });
  await expect(entry).toBeVisible();
  await entry.getByText(/Changes/).click();
  await expect(entry.getByRole('definition').filter({ hasText: 'active → ended' })).toBeVisible();
});

test('roles: a sales agent sees no end or audit controls; the outbox shows sent mail', async ({ browser }) => {
  const page = await signedInPage(browser, 'sam.taylor@northwind.example');
  await page.goto('/customers?q=Wide%20World');
  await page.locator('tbody a').first().click();
  await expect(page.locator('.detail-grid')).toBeVisible();
  await expect(page.getByRole('button', { name: 'End relationship' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Audit trail' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await page.goto('/outbox');
  await expect(page.getByRole('heading', { name: 'Outbox' })).toBeVisible();
  await expect(page.locator('.message').first()).toBeVisible();
});

test('admin access (GDAP): asked from the customer page, approved from the e-mail, active, then terminated', async ({ page, browser }) => {
  const prefix = uniquePrefix('gdap');
  const company = `Admin ${prefix}`;
  const contact = `it@${prefix}.example`;
  const customerPath = await createCustomer(page, company, prefix, contact);

  const panel = page.locator('section.admin-relationships');
  await expect(panel.getByText('No admin relationships yet.')).toBeVisible();
  await panel.getByRole('button', { name: 'Request admin access' }).click();
  await panel.getByRole('combobox', { name: 'Start from' }).selectOption('Helpdesk');
  await expect(panel.getByRole('textbox', { name: /Name \(the customer sees it\)/ })).toHaveValue('Helpdesk');
  await expect(panel.getByRole('checkbox', { name: /Helpdesk Administrator/ })).toBeChecked();
  // The shared rule while choosing: no auto-extension with Global Administrator.
  await panel.getByRole('checkbox', { name: /^Global Administrator/ }).check();
  await panel.getByRole('checkbox', { name: /Extend by 180 days/ }).check();
  await expect(panel.getByText('Not possible with Global Administrator among the roles')).toBeVisible();
  await panel.getByRole('checkbox', { name: /^Global Administrator/ }).uncheck();
  await expect(panel.getByText('Not possible with Global Administrator among the roles')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByText(`Request sent to ${contact}.`)).toBeVisible();
  await expect(panel.getByRole('row', { name: /Helpdesk/ }).getByText('Awaiting approval')).toBeVisible();

  // The overview counts it, and its figure opens the partner-wide list filtered to match.
  await page.goto('/');
  await page.getByRole('link', { name: /Admin requests awaiting approval/ }).click();
  await expect(page).toHaveURL(/\/admin-relationships\?state=approval-pending$/);
  const chips = page.getByRole('navigation', { name: 'Filter by state' });
  await expect(chips.getByRole('link', { name: 'Awaiting approval' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('row', { name: new RegExp(company) }).getByText('Awaiting approval')).toBeVisible();
  await page.goto(customerPath);

  // The customer's administrator opens the e-mailed link in a browser without a partner session.
  const mail = await mailTo(contact);
  const link = mail.text.match(/https?:\/\/\S+\/admin-approval#[\w-]+/)![0];
  const customerBrowser = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const customer = await customerBrowser.newPage();
  await customer.goto(link);
  await expect(customer.getByRole('heading', { name: 'Admin access request' })).toBeVisible();
  await expect(customer.getByText('Reset passwords and sign-in methods of non-administrators')).toBeVisible();
  await customer.getByRole('button', { name: 'Approve' }).click();
  await expect(customer.locator('#approver_name')).toBeFocused();
  await customer.getByRole('textbox', { name: /Your name/ }).fill('Ana Silva');
  await customer.getByRole('button', { name: 'Approve' }).click();
  await expect(customer.locator('.callout')).toContainText('Approved. The relationship is active until');
  await customerBrowser.close();

  await page.reload();
  const row = panel.getByRole('row', { name: /Helpdesk/ });
  await expect(row.getByText('Active')).toBeVisible();
  await expect(row.getByText('Approved by Ana Silva')).toBeVisible();
  // Extended by hand: 180 more days.
  await row.getByRole('button', { name: 'Extend by 180 days' }).click();
  await expect(page.getByText(/^Extended until /)).toBeVisible();

  // Access: a group of our people gets one of its roles; the customer page says who can do what.
  const people = page.locator('section.people-access');
  await expect(people.getByText('None of your people has roles here yet.')).toBeVisible();
  await row.getByRole('link', { name: 'Access' }).click();
  const access = page.locator('section.access-panel');
  await expect(access.getByRole('heading', { name: 'Access in “Helpdesk”' })).toBeVisible();
  await expect(access.getByText(`roles in the tenant of ${company}.`)).toBeVisible();
  await expect(access.getByText('No group has roles here yet.')).toBeVisible();
  const groups = page.locator('section.access-groups');
  const group = `Team ${prefix}`.slice(0, 50);
  await groups.getByRole('button', { name: 'New group' }).click();
  await expect(groups.locator('#name')).toBeFocused();
  await groups.getByRole('textbox', { name: /Group name/ }).fill(group);
  const member = groups.locator('#members label').first();
  const memberName = (await member.innerText()).trim();
  await member.getByRole('checkbox').check();
  await groups.getByRole('button', { name: 'Save group' }).click();
  await expect(page.getByText('Access group saved.')).toBeVisible();
  await access.getByRole('combobox', { name: 'Group' }).selectOption({ label: group });
  // Only the relationship's roles are offered.
  await expect(access.getByRole('checkbox', { name: /^Global Administrator/ })).toHaveCount(0);
  await access.getByRole('button', { name: 'Save access' }).click();
  await expect(access.getByText('Required.')).toBeVisible();
  await access.getByRole('checkbox', { name: /^Helpdesk Administrator/ }).check();
  await access.getByRole('button', { name: 'Save access' }).click();
  await expect(page.getByText('Access saved.')).toBeVisible();
  await expect(access.getByRole('row', { name: new RegExp(group) }).getByText('Helpdesk Administrator')).toBeVisible();
  await page.goto(customerPath);
  const person = people.getByRole('row', { name: new RegExp(memberName) });
  await expect(person.getByText('Helpdesk Administrator')).toBeVisible();
  await expect(person.getByText(group)).toBeVisible();

  // The partner-wide list filtered to this customer and a role, then extended in bulk.
  const customerId = customerPath.split('/').pop();
  await page.goto(`/admin-relationships?customer=${customerId}&role=helpdesk-administrator`);
  await expect(page.getByRole('combobox', { name: 'Role' })).toHaveValue('helpdesk-administrator');
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await page.getByRole('checkbox', { name: 'Select all shown' }).check();
  await expect(page.getByRole('checkbox', { name: `Select Helpdesk (${company})` })).toBeChecked();
  await page.getByRole('button', { name: 'Extend selected by 180 days (1)' }).click();
  await expect(page.getByText('1 done, 0 refused.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Role' }).selectOption('global-administrator');
  await expect(page).toHaveURL(/role=global-administrator/);
  await expect(page.getByText('No admin relationships')).toBeVisible();
  await page.goto(customerPath);
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toContain(`“Helpdesk” with ${company}`);
    void dialog.accept();
  });
  await row.getByRole('button', { name: 'Terminate' }).click();
  await expect(row.getByText('Terminated')).toBeVisible();
  // A terminated relationship grants nothing: the card follows without a reload.
  await expect(people.getByText('None of your people has roles here yet.')).toBeVisible();
});

test('inviting a customer asks for admin access when it accepts, from a role template', async ({ page, browser }) => {
  const prefix = uniquePrefix('invadm');
  const email = `it@${prefix}.example`;
  const company = `Invited ${prefix}`;
  await fillInvite(page, company, prefix, email);
  await next(page);
  const also = page.locator('section.also-admin');
  await also.getByRole('checkbox', { name: 'Also request admin access' }).check();
  await expect(also.getByText(/When the customer accepts the invitation/)).toBeVisible();
  await also.getByRole('combobox', { name: 'Start from' }).selectOption({ label: 'Helpdesk' });
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('heading', { name: company })).toBeVisible();
  await expect(page.getByText(`Helpdesk · ${company}`)).toBeVisible();
  const panel = page.locator('section.admin-relationships');
  await expect(panel.getByText('No admin relationships yet.')).toBeVisible();

  const invitation = await mailTo(email, /\/invitation#/);
  const link = invitation.text.match(/https?:\/\/\S+\/invitation#[\w-]+/)![0];
  const customerBrowser = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const customerPage = await customerBrowser.newPage();
  await customerPage.goto(link);
  await textbox(customerPage, 'First name').fill('Ana');
  await textbox(customerPage, 'Last name').fill('Silva');
  await customerPage.getByLabel('I accept the customer agreement').check();
  await customerPage.getByRole('button', { name: 'Accept and establish the reseller relationship' }).click();
  await expect(customerPage.getByText('Done. Northwind Cloud Solutions is now your reseller.')).toBeVisible();
  await customerBrowser.close();

  const approval = await mailTo(email, /\/admin-approval#/);
  expect(approval.text).toContain(`Helpdesk · ${company}`);
  await page.reload();
  await expect(panel.getByRole('row', { name: new RegExp(`Helpdesk · ${company}`) }).getByText('Awaiting approval')).toBeVisible();
});

test('role templates: made, checked, changed, asked from on a customer page, removed', async ({ page }) => {
  const name = `Tier ${uniquePrefix('t')}`.slice(0, 40);
  await page.goto('/admin-relationships');
  const card = page.locator('section.admin-templates');
  await expect(card.getByText('Helpdesk', { exact: true })).toBeVisible();
  await card.getByRole('button', { name: 'New template' }).click();
  await expect(card.locator('#display_name')).toBeFocused();
  await card.getByRole('textbox', { name: /Template name/ }).fill(name);
  await card.getByRole('button', { name: 'Save template' }).click();
  await expect(card.getByText('Required.')).toBeVisible();
  await card.getByRole('checkbox', { name: 'Password Administrator' }).check();
  await card.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByText('Role template saved.')).toBeVisible();
  const item = card.locator('li.template-item', { hasText: name });
  await expect(item.getByText('Password Administrator')).toBeVisible();

  // Changed: one more role.
  await item.getByRole('button', { name: 'Edit' }).click();
  await card.getByRole('checkbox', { name: 'Directory Readers' }).check();
  await card.getByRole('button', { name: 'Save template' }).click();
  await expect(item.getByText('Directory Readers · Password Administrator')).toBeVisible();

  // A request on a customer page starts from it.
  await page.goto('/customers?q=Alpine');
  await page.locator('tbody a').first().click();
  const panel = page.locator('section.admin-relationships');
  await panel.getByRole('button', { name: 'Request admin access' }).click();
  await panel.getByRole('combobox', { name: 'Start from' }).selectOption({ label: name });
  await expect(panel.getByRole('checkbox', { name: /^Password Administrator/ })).toBeChecked();
  await expect(panel.getByRole('checkbox', { name: /^Directory Readers/ })).toBeChecked();
  await expect(panel.getByRole('checkbox', { name: /^Helpdesk Administrator/ })).not.toBeChecked();
  await panel.getByRole('button', { name: 'Cancel' }).click();

  await page.goto('/admin-relationships');
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toContain(`“${name}”`);
    void dialog.accept();
  });
  await card.locator('li.template-item', { hasText: name }).getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText('Role template removed.')).toBeVisible();
  await expect(card.locator('li.template-item', { hasText: name })).toHaveCount(0);
});

test('adding a customer asks for admin access at once, from a role template', async ({ page }) => {
  const prefix = uniquePrefix('also');
  const company = `Also ${prefix}`;
  const contact = `it@${prefix}.example`;
  await page.goto('/customers/new');
  await fillValidCustomer(page, company, prefix, contact);
  const also = page.locator('section.also-admin');
  await also.getByRole('checkbox', { name: 'Also request admin access' }).check();
  await also.getByRole('combobox', { name: 'Start from' }).selectOption({ label: 'Licensing' });
  await expect(also.getByText('License Administrator')).toBeVisible();
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: company })).toBeVisible();
  await expect(page.getByText(`Request sent to ${contact}.`)).toBeVisible();
  const row = page.locator('section.admin-relationships').getByRole('row', { name: new RegExp(`Licensing · ${company}`) });
  await expect(row.getByText('Awaiting approval')).toBeVisible();
  await expect(row.getByText('License Administrator')).toBeVisible();
  const mail = await mailTo(contact);
  expect(mail.text).toMatch(/\/admin-approval#[\w-]+/);
});
