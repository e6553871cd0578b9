import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test';

import { setLocale } from './helpers';

// Webhooks in the browser: a global admin adds an endpoint (its secret shown once), sends a test
// event and reads the delivery log, renews the secret and removes the endpoint. The endpoint is
// a closed port on this machine (the e2e server allows loopback), so deliveries fail and show why.

for (const locale of ['en-US', 'zh-CN']) {
  test(`a global admin adds a webhook endpoint, tests it, renews its secret and removes it (${locale})`, async ({ page }) => {
    await page.addInitScript(setLocale, locale);
    await page.goto('/');
    await page.locator('#sidenav a[href="/webhooks"]').click();
    await expect(page.locator('main h1')).toHaveText(locale === 'en-US' ? 'Webhooks' : 'Webhook');
    const form = page.locator('form.new-endpoint');

    // Nothing given: each field says what it needs, in the page's language.
    await form.locator('button[type=submit]').click();
    await expect(page.locator('#url')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#events-error')).not.toBeEmpty();
    // A private address is refused by the server, field by field.
    await page.locator('#url').fill('https://10.0.0.8/hook');
    await form.locator('input[value="customer.created"]').check();
    await form.locator('button[type=submit]').click();
    await expect(page.locator('#url-error')).toHaveText(
      locale === 'en-US' ? /private network/ : /专用网络/,
    );

    const url = `http://127.0.0.1:9/hook/${locale}/${Date.now()}`;
    await page.locator('#url').fill(url);
    await form.locator('input[value="customer.ended"]').check();
    await form.locator('button[type=submit]').click();
    const secret = (await page.getByTestId('webhook-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await expect(page.locator('#webhook-secret')).toBeFocused();
    const card = page.locator('section.endpoint', { hasText: url });
    await expect(card).toContainText('customer.created, customer.ended');
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // A test event: its delivery is in the log, with why it failed (nothing listens there).
    await card.getByRole('button', { name: locale === 'en-US' ? 'Send test event' : '发送测试事件' }).click();
    await card.getByRole('button', { name: locale === 'en-US' ? 'Deliveries' : '投递记录' }).click();
    const row = card.getByTestId('deliveries').locator('tbody tr').first();
    await expect(row).toContainText('webhook.test');
    // The worker tries it within a second or two; reopening the log reads it again.
    const toggle = card.locator('button[aria-expanded]');
    await expect(async () => {
      await toggle.click();
      await toggle.click();
      await expect(row.locator('.delivery-answer')).not.toBeEmpty({ timeout: 500 });
    }).toPass({ timeout: 15_000 });
    await expect(row.locator('td.cell-number')).toHaveText('1');

    // A renewed secret is shown once, and differs.
    page.once('dialog', (dialog) => dialog.accept());
    await card.getByRole('button', { name: locale === 'en-US' ? 'Renew secret' : '更换密钥' }).click();
    await expect(page.getByTestId('webhook-secret')).not.toHaveText(secret);

    page.once('dialog', (dialog) => dialog.accept());
    await card.getByRole('button', { name: locale === 'en-US' ? 'Remove' : '删除' }).click();
    await expect(card).toHaveCount(0);
  });
}
