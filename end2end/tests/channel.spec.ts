import { expect, test } from './test';
import { fillValidCustomer, next, select, signedInPage, textbox, today, uniquePrefix } from './helpers';

// Demo channel (server::seed::CHANNEL_PARTNERS): Litware (provider) is linked with Proseware;
// Wingtip is not linked to anyone. Only the first test below touches Wingtip.
const PROVIDER = 'olivia.brown@litware.example';
const LINKED = 'kenji.sato@proseware.example';
const UNLINKED = 'maria.garcia@wingtip.example';

test('a provider links a reseller, refers a customer, and the reseller wins it', async ({ browser }) => {
  const provider = await signedInPage(browser, PROVIDER);
  const reseller = await signedInPage(browser, UNLINKED);

  // Before any link, the reseller sees no provider and none of the provider's customers.
  await reseller.goto('/links');
  await expect(reseller.getByRole('heading', { name: 'Indirect providers', level: 1 })).toBeVisible();
  await expect(reseller.getByText('No providers yet.')).toBeVisible();
  await reseller.goto('/customers');
  await expect(reseller.getByText('Coho Winery')).toHaveCount(0);

  // The provider asks by the reseller's user e-mail; a wrong one is a field error.
  await provider.goto('/links');
  await textbox(provider, 'Reseller\'s partner ID or user e-mail').fill('nobody@wingtip.example');
  await provider.getByRole('button', { name: 'Send request' }).click();
  await expect(provider.getByText('No indirect reseller in your cloud instance')).toBeVisible();
  await expect(textbox(provider, 'Reseller\'s partner ID or user e-mail')).toBeFocused();
  await textbox(provider, 'Reseller\'s partner ID or user e-mail').fill(UNLINKED);
  await provider.getByRole('button', { name: 'Send request' }).click();
  await expect(provider.getByText('Request sent to Wingtip IT Services.')).toBeVisible();
  const wingtipRow = provider.getByRole('row', { name: /Wingtip IT Services/ });
  await expect(wingtipRow.getByText('Waiting for answer')).toBeVisible();

  await reseller.goto('/links');
  const litwareRow = reseller.getByRole('row', { name: /Litware Distribution/ });
  await litwareRow.getByRole('button', { name: 'Accept' }).click();
  await expect(reseller.getByText('You are now linked with Litware Distribution.')).toBeVisible();
  await expect(litwareRow.getByText('Active')).toBeVisible();

  // Refer: the form checks every field before sending.
  await provider.goto('/referrals/new');
  await provider.getByRole('button', { name: 'Send referral' }).click();
  await expect(select(provider, 'Indirect reseller')).toBeFocused();
  await expect(select(provider, 'Indirect reseller')).toHaveAttribute('aria-invalid', 'true');
  await select(provider, 'Indirect reseller').selectOption({ label: 'Wingtip IT Services' });
  await textbox(provider, 'Company name').fill('Blue Yonder Airlines');
  await textbox(provider, 'First name').fill('Lukas');
  await textbox(provider, 'Last name').fill('Müller');
  await textbox(provider, 'Email').fill('lukas@blueyonder.example');
  await select(provider, 'Country/region').selectOption('US');
  await textbox(provider, 'Estimated seats').fill('0');
  await provider.getByRole('checkbox', { name: 'Azure' }).check();
  await provider.getByRole('button', { name: 'Send referral' }).click();
  await expect(provider.getByText('Enter a number from 1 to 1,000,000.')).toBeVisible();
  await expect(textbox(provider, 'Estimated seats')).toBeFocused();
  await textbox(provider, 'Estimated seats').fill('250');
  await provider.getByRole('button', { name: 'Send referral' }).click();
  await expect(provider.getByText('Referral of Blue Yonder Airlines sent to Wingtip IT Services.')).toBeVisible();
  await expect(provider).toHaveURL(/\/referrals\?box=sent$/);
  await expect(provider.getByRole('row', { name: /Blue Yonder Airlines/ }).getByText('New')).toBeVisible();

  // The reseller accepts: the add-customer form opens prefilled from the referral.
  await reseller.goto('/referrals');
  await reseller.getByRole('link', { name: 'Blue Yonder Airlines' }).click();
  await expect(reseller.getByRole('heading', { name: 'Referral: Blue Yonder Airlines' })).toBeVisible();
  await reseller.getByRole('button', { name: 'Accept and add customer' }).click();
  await expect(reseller).toHaveURL(/\/customers\/new\?referral=/);
  await expect(reseller.getByText('From the referral of Blue Yonder Airlines')).toBeVisible();
  await expect(textbox(reseller, 'Company name')).toHaveValue('Blue Yonder Airlines');
  await expect(select(reseller, 'Country/region')).toHaveValue('US');
  await textbox(reseller, 'Address line 1').fill('1 Airport Way');
  await textbox(reseller, 'City').fill('Seattle');
  await select(reseller, 'State/province').selectOption('WA');
  await textbox(reseller, 'Postal code').fill('98101');
  await next(reseller);
  const prefix = uniquePrefix('blueyonder');
  await textbox(reseller, 'Domain prefix').fill(prefix);
  await expect(reseller.getByText(`${prefix}.onmicrosoft.com is available.`)).toBeVisible();
  await next(reseller);
  await expect(textbox(reseller, 'First name')).toHaveValue('Lukas');
  await expect(textbox(reseller, 'Email')).toHaveValue('lukas@blueyonder.example');
  await reseller.getByRole('button', { name: 'Accepted by the primary contact' }).click();
  await reseller.getByLabel('Date accepted').fill(today());
  await next(reseller);
  await reseller.getByRole('button', { name: 'Create customer' }).click();
  await expect(reseller.getByRole('heading', { name: 'Blue Yonder Airlines', level: 1 })).toBeVisible();

  // Won, on both sides.
  await reseller.goto('/referrals?state=won');
  await expect(reseller.getByRole('row', { name: /Blue Yonder Airlines/ }).getByText('Won')).toBeVisible();
  await provider.goto('/referrals?box=sent');
  await expect(provider.getByRole('row', { name: /Blue Yonder Airlines/ }).getByText('Won')).toBeVisible();

  // Ending the link keeps history; the provider can't refer to Wingtip any more.
  reseller.once('dialog', (d) => d.accept());
  await reseller.goto('/links');
  await reseller.getByRole('row', { name: /Litware Distribution/ }).getByRole('button', { name: 'End link' }).click();
  await expect(reseller.getByText('Link with Litware Distribution ended.')).toBeVisible();
  await expect(reseller.getByRole('row', { name: /Litware Distribution/ }).getByText('Ended').first()).toBeVisible();
  await provider.goto('/referrals/new');
  await expect(select(provider, 'Indirect reseller').locator('option', { hasText: 'Wingtip IT Services' })).toHaveCount(0);
});

test('referrals are marked overdue, and declining needs a reason', async ({ page }) => {
  await page.goto('/referrals');
  const overdue = page.getByRole('row', { name: /Margie's Travel/ });
  await expect(overdue.getByText('Overdue')).toBeVisible();
  await page.getByRole('link', { name: /1 overdue/ }).click();
  await expect(page).toHaveURL(/overdue=true/);
  await expect(page.locator('tbody tr')).toHaveCount(1);

  await page.goto('/referrals');
  await page.getByRole('link', { name: 'Wide World Importers' }).click();
  await page.getByRole('button', { name: 'Decline' }).click();
  const dialog = page.locator('dialog[open]');
  await expect(dialog.getByRole('heading', { name: 'Decline the referral of Wide World Importers' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Decline' }).click();
  await expect(dialog.getByText('Required.')).toBeVisible();
  await expect(select(page, 'Reason')).toBeFocused();
  await select(page, 'Reason').selectOption('other');
  await dialog.getByRole('button', { name: 'Decline' }).click();
  await expect(page.getByLabel('Explanation')).toBeFocused();
  await page.getByLabel('Explanation').fill('Customer wants on-site support in Osaka.');
  await dialog.getByRole('button', { name: 'Decline' }).click();
  await expect(page.getByText('Referral of Wide World Importers declined.')).toBeVisible();
  await expect(page.getByText('Reason: Other – Customer wants on-site support in Osaka.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Accept and add customer' })).toHaveCount(0);
});

test('the business profile shows completeness and a preview, and saves', async ({ page }) => {
  await page.goto('/business-profile');
  await expect(page.getByText(/71% complete: 5 of 7 recommended fields/)).toBeVisible();
  await expect(page.getByText(/Still missing: Description, Contact e-mail/)).toBeVisible();
  await expect(page.getByText(/Last updated .* by alex\.wu@northwind\.example/)).toBeVisible();

  await page.locator('#website').fill('www.northwind.example');
  await page.locator('#website').blur();
  await expect(page.getByText('Did you mean https://www.northwind.example?')).toBeVisible();
  await page.locator('#website').fill('https://www.northwind.example');
  await page.getByLabel('Description').fill(
    'Northwind moves small and medium businesses to Microsoft 365 and Azure, then runs them: security, Teams Phone and training, in English and Chinese.',
  );
  await page.locator('#contact_email').fill('hello@northwind.example');
  await expect(page.getByText(/100% complete: 7 of 7/)).toBeVisible();
  await expect(page.locator('.preview-description')).toContainText('Northwind moves small and medium businesses');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Business profile saved.')).toBeVisible();
  await page.reload();
  await expect(page.locator('#contact_email')).toHaveValue('hello@northwind.example');
  await expect(page.getByText(/100% complete/)).toBeVisible();
});

test('a reseller sees its provider\'s customers read-only; cloud instances limit countries', async ({ browser }) => {
  const reseller = await signedInPage(browser, LINKED);
  await reseller.goto('/customers');
  const row = reseller.getByRole('row', { name: /Coho Winery/ });
  await expect(row.getByText('via Litware Distribution')).toBeVisible();
  await row.getByRole('link', { name: 'Coho Winery' }).click();
  await expect(reseller.getByText('Created by Litware Distribution for Proseware Solutions.')).toBeVisible();
  await expect(reseller.getByText('Your provider manages this account')).toBeVisible();
  await expect(reseller.getByRole('link', { name: 'Edit' })).toHaveCount(0);

  const provider = await signedInPage(browser, PROVIDER);
  await provider.goto('/customers?q=Coho');
  await expect(provider.getByRole('row', { name: /Coho Winery/ }).getByText('for Proseware Solutions')).toBeVisible();

  // The Germany cloud serves EU/EEA and Switzerland only: the US isn't offered.
  const germany = await signedInPage(browser, 'lena.vogel@fabrikam-partner.example');
  await germany.goto('/customers/new');
  await expect(select(germany, 'Country/region').locator('option[value="DE"]')).toHaveCount(1);
  await expect(select(germany, 'Country/region').locator('option[value="US"]')).toHaveCount(0);
});

test('a provider creates a customer for its linked reseller, and the reseller sees it', async ({ browser }) => {
  const provider = await signedInPage(browser, PROVIDER);
  const prefix = uniquePrefix('forreseller');
  const company = `Trey Research ${prefix}`;
  await provider.goto('/customers/new');
  await fillValidCustomer(provider, company, prefix);
  await expect(provider.getByRole('heading', { name: 'Create for an indirect reseller' })).toBeVisible();
  // Optional: its accessible name is "Indirect reseller (optional)".
  await provider.locator('#indirect_reseller').selectOption({ label: 'Proseware Solutions' });
  await provider.getByRole('button', { name: 'Create customer' }).click();
  await expect(provider.getByRole('heading', { name: company, level: 1 })).toBeVisible();
  await expect(provider.getByText('Created by Litware Distribution for Proseware Solutions.')).toBeVisible();

  const reseller = await signedInPage(browser, LINKED);
  await reseller.goto(`/customers?q=${prefix}`);
  await expect(reseller.getByRole('row', { name: new RegExp(company) }).getByText('via Litware Distribution')).toBeVisible();
  // Not the unlinked reseller.
  const unlinked = await signedInPage(browser, UNLINKED);
  const theirs = await (await unlinked.request.get(`/api/customers?q=${prefix}`)).json();
  expect(theirs.total).toBe(0);
});
