import { expect, test } from '@playwright/test';
import { ADMIN, DEMO_PASSWORD, OTHER_ADMIN, signedInPage, textbox, uniquePrefix } from './helpers';

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('sign in, see who is signed in, sign out @nodes', async ({ page }) => {
    await page.goto('/customers');
    await expect(page.getByRole('heading', { name: 'Sign in to PartnerDesk' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main navigation' })).toHaveCount(0);

    await textbox(page, 'Email').fill(ADMIN);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('The email or password is wrong, or the account is disabled.');
    await expect(page.getByLabel('Password')).toHaveValue('');

    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Customer list' })).toBeVisible();
    // The list asked for with the page (refused then) is asked again now.
    await expect(page.getByRole('cell', { name: 'Contoso Ltd' })).toBeVisible();
    await expect(page.getByText('Signed in as Alex Wu')).toBeVisible();
    await expect(page.getByText('Northwind Cloud Solutions')).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to PartnerDesk' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Sign in to PartnerDesk' })).toBeVisible();
  });
});

test('two partners side by side each see only their own customers', async ({ browser }) => {
  const northwind = await signedInPage(browser, ADMIN);
  const fabrikam = await signedInPage(browser, OTHER_ADMIN);
  await northwind.goto('/customers');
  await fabrikam.goto('/customers');
  await expect(northwind.getByRole('cell', { name: 'Contoso Ltd' })).toBeVisible();
  await expect(fabrikam.getByRole('cell', { name: 'Münchner Maschinenbau AG' })).toBeVisible();
  await expect(fabrikam.getByText('Fabrikam Partner GmbH')).toBeVisible();
  await expect(northwind.getByRole('cell', { name: 'Münchner Maschinenbau AG' })).toHaveCount(0);
  await expect(fabrikam.getByRole('cell', { name: 'Contoso Ltd' })).toHaveCount(0);
  await expect(fabrikam.getByRole('cell', { name: /onmicrosoft\.de$/ }).first()).toBeVisible();

  // A link to the other partner's customer is a dead end, not a leak.
  const href = await northwind.getByRole('link', { name: 'Contoso Ltd' }).getAttribute('href');
  await fabrikam.goto(href!);
  await expect(fabrikam.getByText("This customer account doesn't exist or isn't yours.")).toBeVisible();

  // Signing out one leaves the other signed in.
  await fabrikam.getByRole('button', { name: 'Sign out' }).click();
  await expect(fabrikam.getByRole('heading', { name: 'Sign in to PartnerDesk' })).toBeVisible();
  await northwind.reload();
  await expect(northwind.getByRole('heading', { name: 'Customer list' })).toBeVisible();
});

test('the app offers each role only what it may do', async ({ browser }) => {
  const helpdesk = await signedInPage(browser, 'hana.kim@northwind.example');
  await helpdesk.goto('/customers');
  await expect(helpdesk.getByRole('heading', { name: 'Customer list' })).toBeVisible();
  const nav = helpdesk.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Add customer' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await helpdesk.getByRole('link', { name: 'Contoso Ltd' }).click();
  await expect(helpdesk.getByRole('heading', { name: 'Contoso Ltd' })).toBeVisible();
  await expect(helpdesk.getByRole('link', { name: 'Edit' })).toHaveCount(0);

  const billing = await signedInPage(browser, 'ben.okafor@northwind.example');
  await billing.goto('/customers');
  await billing.getByRole('link', { name: 'Fabrikam GmbH' }).click();
  await billing.getByRole('link', { name: 'Edit' }).click();
  await expect(textbox(billing, 'Company name')).toBeDisabled();
  await expect(textbox(billing, 'City')).toBeEnabled();

  const referrals = await signedInPage(browser, 'rita.gomez@northwind.example');
  await referrals.goto('/customers');
  await expect(referrals.getByText("Your role doesn't allow this.")).toBeVisible();
  await expect(referrals.getByRole('button', { name: 'Try again' })).toHaveCount(0);
});

test('an admin adds a user, who must choose a password at first sign-in', async ({ page, browser }) => {
  const email = `${uniquePrefix('nina')}@northwind.example`;
  await page.goto('/users');
  await expect(page.getByRole('heading', { name: 'Users and roles' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Rita Gomez' })).toBeVisible();
  await textbox(page, 'Email').fill(email);
  await textbox(page, 'Display name').fill('Nina Park');
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('helpdesk-agent');
  await page.getByRole('button', { name: 'Add user' }).click();
  const password = (await page.getByTestId('temporary-password').textContent())!.trim();
  expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
  const row = page.getByRole('row', { name: /Nina Park/ });
  await expect(row.getByText('Must change password')).toBeVisible();

  const nina = await signedInPage(browser, email, password);
  await nina.goto('/customers');
  await expect(nina.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await nina.getByLabel('Current password').fill(password);
  await nina.getByLabel('New password').fill('short');
  await expect(nina.getByText('Use at least 12 characters.')).toBeVisible();
  await nina.getByLabel('New password').fill('nina has a long password');
  await nina.getByRole('button', { name: 'Change password' }).click();
  await expect(nina.getByRole('heading', { name: 'Customer list' })).toBeVisible();
  await expect(nina.getByText('Signed in as Nina Park')).toBeVisible();

  // The admin changes her role, then disables her: she is signed out at once.
  await page.reload();
  await page.getByRole('combobox', { name: 'Nina Park – Role' }).selectOption('sales-agent');
  await page.getByRole('button', { name: 'Save role' }).click();
  await expect(page.getByText('Role saved.')).toBeVisible();
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('row', { name: /Nina Park/ }).getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByRole('row', { name: /Nina Park/ }).getByText('Disabled')).toBeVisible();
  await nina.getByRole('link', { name: 'Contoso Ltd' }).click();
  await expect(nina.getByRole('heading', { name: 'Sign in to PartnerDesk' })).toBeVisible();
});
