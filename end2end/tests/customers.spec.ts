import { expect, test, type Page } from '@playwright/test';

/** A domain prefix no other test (or earlier run) uses. */
function uniquePrefix(stem: string): string {
  return `${stem}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

async function fillValidCustomer(page: Page, company: string, prefix: string) {
  await page.getByLabel('Company name').fill(company);
  await page.getByLabel('Country/region').selectOption('US');
  await page.getByLabel('Domain prefix').fill(prefix);
  await page.getByLabel('Address line 1').fill('1 Microsoft Way');
  await page.getByLabel('City').fill('Redmond');
  await page.getByLabel('State/province').selectOption('WA');
  await page.getByLabel('Postal code').fill('98052');
  await page.getByLabel('First name').fill('Ana');
  await page.getByLabel('Last name').fill('Silva');
  await page.getByLabel('Email').fill('ana.silva@contoso.com');
}

test('the customer list shows the demo customers', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('heading', { name: 'Customer list' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Contoso Ltd' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '北京云帆科技有限公司' })).toBeVisible();
  await expect(page.getByText(/Page 1 of \d+/)).toBeVisible();
});

test('create a customer through the form and find it in the list', async ({ page }) => {
  const prefix = uniquePrefix('e2e');
  const company = `Fourth Coffee ${prefix}`;
  await page.goto('/customers');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Add customer' }).click();
  await expect(page.getByRole('heading', { name: 'Add customer' })).toBeVisible();
  await fillValidCustomer(page, company, prefix);
  await expect(page.getByText(`${prefix}.onmicrosoft.com is available.`)).toBeVisible();
  await page.getByRole('button', { name: 'Create customer' }).click();

  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: company })).toBeVisible();
  await expect(page.getByText('Customer account created.')).toBeVisible();
  const password = await page.getByTestId('temporary-password').textContent();
  expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
  await expect(page.getByText(`admin@${prefix}.onmicrosoft.com`).first()).toBeVisible();

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

test('validation runs while typing, even offline', async ({ page, context }) => {
  await page.goto('/customers/new');
  await expect(page.getByRole('heading', { name: 'Add customer' })).toBeVisible();
  await context.setOffline(true);
  await expect(page.getByRole('status').filter({ hasText: "You're offline" })).toBeVisible();

  const company = page.getByLabel('Company name');
  await company.fill('999');
  await expect(page.getByText('Enter a real name, not only digits or symbols.')).toBeVisible();
  await expect(company).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Country/region').selectOption('CA');
  const postal = page.getByLabel('Postal code');
  await postal.fill('98052');
  await expect(page.getByText('Not a valid postal code for this country. Example: K1A 0B1')).toBeVisible();
  await postal.fill('k1a0b1');
  await expect(postal).toHaveAttribute('aria-invalid', 'false');

  await page.getByLabel('Domain prefix').fill('my-company');
  await expect(page.getByText('Use only letters A–Z and digits 0–9, no spaces or dots.')).toBeVisible();
  await page.getByLabel('Domain prefix').fill('mycompany');
  await expect(page.getByText("Availability will be checked when you're back online.")).toBeVisible();

  // Submitting a valid form offline keeps everything and says why it did not save.
  await fillValidCustomer(page, 'Northwind Traders', uniquePrefix('offline'));
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('alert')).toHaveText(/Can't reach PartnerDesk\. Your entries are kept/);
  await expect(company).toHaveValue('Northwind Traders');
  await expect(page).toHaveURL(/\/customers\/new$/);

  // Back online, the same form goes through.
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: 'Northwind Traders' })).toBeVisible();
});

test('a submit with problems marks every field and focuses the first', async ({ page }) => {
  await page.goto('/customers/new');
  await page.getByLabel('Domain prefix').fill('contosoltd');
  await expect(page.getByText('Already taken. Choose another.')).toBeVisible();
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByText('Some fields need attention. They are marked below.')).toBeVisible();
  await expect(page.getByLabel('Company name')).toBeFocused();
  await expect(page.getByLabel('City')).toHaveAttribute('aria-invalid', 'true');
});

test('the draft survives a reload', async ({ page }) => {
  await page.goto('/customers/new');
  await page.getByLabel('Company name').fill('Draft Holdings');
  await page.getByLabel('Country/region').selectOption('DE');
  await page.reload();
  await expect(page.getByLabel('Company name')).toHaveValue('Draft Holdings');
  await expect(page.getByLabel('Country/region')).toHaveValue('DE');
});

test('switching to Simplified Chinese re-renders every string and is remembered', async ({ page }) => {
  await page.goto('/customers');
  await expect(page.getByRole('heading', { name: 'Customer list' })).toBeVisible();
  await page.getByRole('button', { name: '简体中文' }).click();
  await expect(page.getByRole('heading', { name: '客户列表' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: '主域名' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('cell', { name: '瑞士' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: '客户列表' })).toBeVisible();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '添加客户' }).click();
  await page.getByLabel('公司名称').fill('1 2 3');
  await expect(page.getByText('请输入真实名称，不能只有数字或符号。')).toBeVisible();

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByText('Enter a real name, not only digits or symbols.')).toBeVisible();
});

test('an unknown customer and an unknown page say so', async ({ page }) => {
  await page.goto('/customers/00000000-0000-4000-8000-000000000000');
  await expect(page.getByText("This customer account doesn't exist or isn't yours.")).toBeVisible();
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
