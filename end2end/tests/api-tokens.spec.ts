import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';

import { setLocale } from './helpers';

// API tokens in the browser: a global admin makes one, its secret is shown once and works as a
// bearer for a program; revoked, it is refused at the next request.

for (const locale of ['en-US', 'zh-CN']) {
  test(`a global admin makes an API token, a program uses it, and it is revoked (${locale})`, async ({ page, playwright, baseURL }) => {
    await page.addInitScript(setLocale, locale);
    await page.goto('/api-tokens');
    await expect(page.locator('form.new-token')).toBeVisible();
    // Nothing chosen: each field says what it needs.
    await page.locator('form.new-token button[type=submit]').click();
    await expect(page.locator('#name')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#roles-error')).not.toBeEmpty();
    const name = `PSA ${locale} ${Date.now()}`;
    await page.locator('#name').fill(name);
    await page.locator('#roles input[value=sales-agent]').check();
    await page.locator('#expires_in_days').selectOption('30');
    await page.locator('form.new-token button[type=submit]').click();
    const secret = (await page.getByTestId('token-secret').textContent())!.trim();
    expect(secret).toMatch(/^pd_[\w-]{43}$/);
    await expect(page.locator('#created-token')).toBeFocused();
    const row = page.getByTestId('tokens').getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText(secret.slice(0, 7));
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // A program: no cookies, the bearer secret.
    const program = await playwright.request.newContext({ baseURL });
    const listed = await program.get('/api/customers', { headers: { authorization: `Bearer ${secret}` } });
    expect(listed.status()).toBe(200);

    page.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button').click();
    await expect(row.locator('.badge')).toHaveText(locale === 'en-US' ? 'Revoked' : '已吊销');
    const refused = await program.get('/api/customers', { headers: { authorization: `Bearer ${secret}` } });
    expect(refused.status()).toBe(401);
    await program.dispose();
  });
}

// The API reference: reached from the navigation, every operation of the served document by
// resource, searchable, the document itself one click away; accessible in both languages.
for (const locale of ['en-US', 'zh-CN']) {
  test(`the API reference lists the document's operations by resource (${locale})`, async ({ page, request }) => {
    await page.addInitScript(setLocale, locale);
    await page.goto('/');
    await page.locator('#sidenav a[href="/developers"]').click();
    await expect(page).toHaveURL(/\/developers$/);
    await expect(page.locator('main h1')).toHaveText(locale === 'en-US' ? 'API reference' : 'API 参考');
    const document = await (await request.get('/api/openapi.json')).json();
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item as object));
    await expect(page.locator('.reference-operations li')).toHaveCount(operations.length);
    await expect(page.locator('#resource-customers')).toBeVisible();
    const create = page.locator('.reference-operations li', { hasText: 'POST/api/customers' }).first();
    await expect(create).toContainText('Create a customer');
    await expect(create.locator('.reference-access')).toContainText('global-admin');

    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // Search narrows to the matching operations; a search without matches says so.
    await page.locator('input[type=search]').fill('tokens');
    await expect(page.locator('.reference-resource')).toHaveText(['tokens']);
    await expect(page.locator('.reference-operations li')).toHaveCount(3);
    await page.locator('input[type=search]').fill('no such operation');
    await expect(page.locator('.empty-note')).toBeVisible();
    await expect(page.locator('.reference-operations li')).toHaveCount(0);

    // The document link opens the JSON itself.
    const [opened] = await Promise.all([page.waitForEvent('popup'), page.locator('a[href="/api/openapi.json"]').click()]);
    await opened.waitForLoadState();
    expect(JSON.parse((await opened.locator('body').textContent())!).openapi).toBe('3.1.0');
    await opened.close();
  });
}
