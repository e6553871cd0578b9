import { expect, test } from './test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAIL_DIR } from '../playwright.config';
import { createCustomer, uniquePrefix, type Mail } from './helpers';

/** Waits for a message to `to` whose subject matches. */
async function mailAbout(to: string, subject: RegExp): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(() => {
      const files = fs.existsSync(MAIL_DIR) ? fs.readdirSync(MAIL_DIR).filter((f) => f.endsWith('.json')) : [];
      found = files
        .map((f) => JSON.parse(fs.readFileSync(path.join(MAIL_DIR, f), 'utf8')) as Mail)
        .find((m) => m.to.includes(to) && subject.test(m.subject));
      return found !== undefined;
    }, { timeout: 15_000 })
    .toBe(true);
  return found!;
}

test('support: open a request from the customer page, assign, answer, resolve; the contact gets both e-mails', async ({ page }) => {
  const prefix = uniquePrefix('help');
  const contact = `it@${prefix}.example`;
  await createCustomer(page, `Help ${prefix}`, prefix, contact);
  const card = page.locator('.support-card');
  await card.getByRole('button', { name: 'Open a support request' }).click();
  // The shared rules in the browser: nothing is sent while a required field is empty.
  await card.getByRole('button', { name: 'Open request' }).click();
  await expect(card.locator('#title')).toBeFocused();
  await expect(card.locator('#contact_email')).toHaveValue(contact);
  await card.locator('#title').fill('Mailbox full');
  await card.locator('#severity').selectOption('critical');
  await card.locator('#topic').selectOption('service-issue');
  await card.locator('#description').fill('Users at the head office receive no mail since 9:00.');
  await card.getByRole('button', { name: 'Open request' }).click();
  await expect(page.getByText(`Support request opened; ${contact} has been told.`)).toBeVisible();
  const opened = await mailAbout(contact, /Support request opened: Mailbox full/);
  expect(opened.text).toContain('within 1 hours');

  await card.getByRole('link', { name: 'Mailbox full' }).click();
  await expect(page.getByRole('heading', { name: 'Mailbox full', level: 1 })).toBeVisible();
  await page.locator('#assignee').selectOption({ label: 'Alex Wu' });
  await expect(page.getByText('Assignee saved.')).toBeVisible();
  await page.locator('#note').fill('Quota raised to 100 GB; watching delivery.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.locator('.note-text')).toHaveText('Quota raised to 100 GB; watching delivery.');
  await expect(page.getByText(/First answered/)).toBeVisible();
  await page.getByRole('button', { name: 'Start work' }).click();
  await expect(page.getByText('Request: In progress.')).toBeVisible();
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.locator('.page-header .badge')).toHaveText('Resolved');
  await mailAbout(contact, /Support request resolved: Mailbox full/);

  // The partner-wide list, filtered in the URL.
  await page.goto('/support?state=resolved');
  await expect(page.getByRole('link', { name: 'Mailbox full' }).first()).toBeVisible();
  await page.goto('/support?overdue=true');
  await expect(page.locator('.support-table tbody tr').first()).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Overdue only' })).toBeChecked();
});
