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
