import { expect, test } from './test';
import { ADMIN, DEMO_PASSWORD, OTHER_ADMIN, createCustomer, mailTo, openAccountMenu, signedInPage, textbox, uniquePrefix } from './helpers';

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
    await openAccountMenu(page);
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
  await openAccountMenu(fabrikam);
  await expect(fabrikam.getByText('Fabrikam Partner GmbH')).toBeVisible();
  await expect(northwind.getByRole('cell', { name: 'Münchner Maschinenbau AG' })).toHaveCount(0);
  await expect(fabrikam.getByRole('cell', { name: 'Contoso Ltd' })).toHaveCount(0);
  await expect(fabrikam.getByRole('cell', { name: /onmicrosoft\.de$/ }).first()).toBeVisible();

  // A link to the other partner's customer is a dead end, not a leak.
  const href = await northwind.getByRole('link', { name: 'Contoso Ltd' }).getAttribute('href');
  await fabrikam.goto(href!);
  await expect(fabrikam.getByText("This customer account doesn't exist or isn't yours.")).toBeVisible();

  // Signing out one leaves the other signed in.
  await openAccountMenu(fabrikam);
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
  // A page the role can't use says so when it opens, not after a form was filled in.
  for (const path of ['/customers/new', '/customers/import', '/users', '/audit']) {
    await helpdesk.goto(path);
    await expect(helpdesk.getByRole('heading', { name: 'Not part of your role' })).toBeVisible();
    await expect(helpdesk.getByRole('textbox')).toHaveCount(0);
  }

  const billing = await signedInPage(browser, 'ben.okafor@northwind.example');
  await billing.goto('/customers');
  await billing.getByRole('link', { name: 'Fabrikam GmbH' }).click();
  await billing.getByRole('link', { name: 'Edit' }).click();
  await expect(textbox(billing, 'Company name')).toBeDisabled();
  await expect(textbox(billing, 'City')).toBeEnabled();

  const referrals = await signedInPage(browser, 'rita.gomez@northwind.example');
  await referrals.goto('/customers');
  await expect(referrals.getByRole('heading', { name: 'Not part of your role' })).toBeVisible();
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
  await openAccountMenu(nina);
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
  const ended = nina.getByRole('dialog', { name: 'Your session has ended' });
  await expect(ended).toBeVisible();
  await ended.getByLabel('Password').fill('nina has a long password');
  await ended.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(ended.getByRole('alert')).toHaveText('The email or password is wrong, or the account is disabled.');
});

test('a session ended in another tab asks for the password over the page, and the typed edit is saved after', async ({ browser }) => {
  const page = await signedInPage(browser, ADMIN);
  const prefix = uniquePrefix('ended');
  const path = await createCustomer(page, `Ended ${prefix}`, prefix);
  await page.goto(`${path}/edit`);
  await textbox(page, 'City').fill('Bellevue');

  // Signed out in another tab of the same browser.
  const other = await page.context().newPage();
  await other.goto('/');
  await openAccountMenu(other);
  await other.getByRole('button', { name: 'Sign out' }).click();
  await expect(other.getByRole('heading', { name: 'Sign in to PartnerDesk' })).toBeVisible();

  await page.getByRole('button', { name: 'Save changes' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Email' })).toHaveValue(ADMIN);
  await dialog.getByLabel('Password').fill('not the password');
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('The email or password is wrong, or the account is disabled.');
  await dialog.getByLabel('Password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(dialog).toBeHidden();

  // The page and what was typed stayed; the save goes through now.
  await expect(textbox(page, 'City')).toHaveValue('Bellevue');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Changes saved.')).toBeVisible();
  await expect(page.getByText('Bellevue, WA, 98052')).toBeVisible();
});

test('a user who forgot the password gets a link by e-mail and chooses a new one; an admin can give a temporary one', async ({ page, browser }) => {
  const email = `${uniquePrefix('omar')}@northwind.example`;
  await page.goto('/users');
  await textbox(page, 'Email').fill(email);
  await textbox(page, 'Display name').fill('Omar Haddad');
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('sales-agent');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByTestId('temporary-password')).toBeVisible();

  // Signed out, Omar asks for a link from the sign-in page.
  const guest = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const omar = await guest.newPage();
  await omar.goto('/customers');
  await omar.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(omar.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await omar.getByLabel('Email').fill('not an address');
  await omar.getByRole('button', { name: 'Send link' }).click();
  await expect(omar.locator('#email')).toBeFocused();
  await omar.getByLabel('Email').fill(email);
  await omar.getByRole('button', { name: 'Send link' }).click();
  await expect(omar.locator('.callout')).toContainText(`If an account uses ${email}, a link to reset its password is on its way.`);

  const mail = await mailTo(email);
  expect(mail.subject).toBe('Reset your PartnerDesk password');
  const link = mail.text.match(/https?:\/\/\S+\/reset-password#[\w-]+/)![0];
  await omar.goto(link);
  await expect(omar.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await omar.getByLabel('New password').fill('short');
  await expect(omar.getByText('Use at least 12 characters.')).toBeVisible();
  await omar.getByLabel('New password').fill('omar chose this one himself');
  await omar.getByRole('button', { name: 'Save new password' }).click();
  await expect(omar.locator('.callout')).toHaveText('Your password is changed. Sign in with it now.');
  // The link works once.
  await omar.goto('/customers');
  await omar.goto(link);
  await omar.getByLabel('New password').fill('omar tries the link again');
  await omar.getByRole('button', { name: 'Save new password' }).click();
  await expect(omar.getByTestId('dead-link')).toHaveText('This link was used already. Ask for a new one if you still need to reset your password.');
  await guest.close();

  const signedIn = await signedInPage(browser, email, 'omar chose this one himself');
  await signedIn.goto('/customers');
  await expect(signedIn.getByRole('heading', { name: 'Customer list' })).toBeVisible();

  // The admin gives him a temporary password instead: shown once, above the table.
  await page.reload();
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('row', { name: /Omar Haddad/ }).getByRole('button', { name: 'Reset password' }).click();
  await expect(page.locator('#issued-password')).toContainText('Omar Haddad has a temporary password.');
  await expect(page.locator('#issued-password')).toBeFocused();
  const temporary = (await page.getByTestId('issued-password').textContent())!.trim();
  expect(temporary).toMatch(/^[A-Za-z0-9]{16}$/);
  await expect(page.getByRole('row', { name: /Omar Haddad/ }).getByText('Must change password')).toBeVisible();
});

test('a server started without --test-clock has no movable clock', async ({ request }) => {
  const moved = await request.post('/api/test-clock', { data: { days: 31 } });
  expect(moved.status()).toBe(404);
  expect((await moved.json()).code).toBe('not_found');
});
