import AxeBuilder from '@axe-core/playwright';
import { type Browser, type Page } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { expect, test } from './test';

import { ADMIN_STATE } from '../playwright.config';
import { setLocale, uniquePrefix } from './helpers';

// Multi-factor sign-in in the browser: setting up an authenticator app, then signing in with its
// codes and with a recovery code; a partner that requires it sends users to enrolment first.
// The codes are computed here (RFC 6238 with Node's HMAC), not by the server's implementation.

/** RFC 4648 base32 (no padding) to bytes. */
function base32Bytes(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/\s+/g, '').toUpperCase()) {
    const value = alphabet.indexOf(c);
    if (value < 0) throw new Error(`not base32: ${c}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The 6-digit code of the 30-second step `offset` steps from now. */
function totp(key: string, offset = 0): string {
  const step = Math.floor(Date.now() / 1000 / 30) + offset;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', base32Bytes(key)).update(counter).digest();
  const at = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(at) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** Waits until at least 5 s of the current step are left, so a code typed now stays current. */
async function steadyStep() {
  const left = 30 - ((Date.now() / 1000) % 30);
  if (left < 5) await new Promise((done) => setTimeout(done, (left + 0.5) * 1000));
}

async function expectNoViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, what).toEqual([]);
}

/** A new user of the demo partner with a password of their own; answers the e-mail. */
async function newUser(browser: Browser, admin = ADMIN_STATE): Promise<{ email: string; password: string }> {
  const context = await browser.newContext({ storageState: admin });
  const email = `${uniquePrefix('mfa')}@northwind.example`;
  const created = await context.request.post('/api/users', {
    data: { email, display_name: 'Noor Aziz', role: 'sales-agent' },
  });
  expect(created.status()).toBe(201);
  const temporary = (await created.json()).temporary_password;
  await context.close();
  const password = 'noor chose this one herself';
  const own = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  expect((await own.request.post('/api/session', { data: { email, password: temporary } })).status()).toBe(200);
  const changed = await own.request.post('/api/me/password', {
    data: { current_password: temporary, new_password: password },
  });
  expect(changed.status()).toBe(204);
  await own.close();
  return { email, password };
}

/** Signs out from the account menu and waits until the server has ended the session (the sign-in
 * form is shown), so that the next navigation can't cut the request short. */
async function signOut(page: Page) {
  await page.locator('#account-menu-button').click();
  await page.locator('.menu-panel button.btn-block').click();
  await expect(page.locator('#email')).toBeVisible();
}

async function signInWithForm(page: Page, email: string, password: string) {
  await page.goto('/customers');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('form button[type=submit]').click();
}

for (const locale of ['en-US', 'zh-CN']) {
  const english = locale === 'en-US';
  test(`a user sets up an authenticator app and signs in with its codes and a recovery code (${locale})`, async ({ browser }) => {
    const { email, password } = await newUser(browser);
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    await context.addInitScript(setLocale, locale);
    const page = await context.newPage();
    await signInWithForm(page, email, password);
    await expect(page.locator('table')).toBeVisible();

    // Sign-in security, from the account menu.
    await page.locator('#account-menu-button').click();
    await page.locator('a.menu-link').click();
    await expect(page).toHaveURL(/\/security$/);
    await page.locator('.setup-start button').click();
    await expect(page.locator('img.qr-code')).toBeVisible();
    await expectNoViolations(page, 'authenticator setup');
    const key = (await page.getByTestId('authenticator-key').textContent())!.replace(/\s+/g, '');
    expect(key).toMatch(/^[A-Z2-7]{32}$/);

    // A wrong first code is refused where it was typed.
    await steadyStep();
    const right = totp(key);
    await page.locator('#code').fill(right === '000000' ? '000001' : '000000');
    await page.locator('form.authenticator-setup button[type=submit]').click();
    await expect(page.locator('#code')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#code-error')).toHaveText(
      english ? 'The code is wrong, too old, or was used already.' : '代码错误、已过期或已被使用。',
    );
    await page.locator('#code').fill(right);
    await page.locator('form.authenticator-setup button[type=submit]').click();
    const codes = page.getByTestId('recovery-codes').locator('li');
    await expect(codes).toHaveCount(10);
    await expect(page.locator('#recovery-codes-title')).toBeFocused();
    await expectNoViolations(page, 'recovery codes');
    const recovery = (await codes.nth(2).textContent())!.trim();
    expect(recovery).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    await page.locator('.recovery-codes .btn-primary').click();
    await expect(page.getByTestId('recovery-left')).toContainText('10');

    // Signed out, then in again: the password, then the code (one step ahead: the enrolment's
    // code can't be used twice).
    await signOut(page);
    await signInWithForm(page, email, password);
    await expect(page.locator('#code')).toBeVisible();
    await expect(page.locator('.auth-who')).toHaveText(email);
    await expectNoViolations(page, 'second step');
    await page.locator('#code').fill('12345');
    await page.locator('.auth-card button[type=submit]').click();
    await expect(page.locator('#code')).toHaveAttribute('aria-invalid', 'true');
    await steadyStep();
    await page.locator('#code').fill(totp(key, 1));
    await page.locator('.auth-card button[type=submit]').click();
    await expect(page.locator('table')).toBeVisible();

    // And with a recovery code instead of the app.
    await signOut(page);
    await signInWithForm(page, email, password);
    await page.locator('#code').fill(recovery);
    await page.locator('.auth-card button[type=submit]').click();
    await expect(page.locator('table')).toBeVisible();
    await page.goto('/security');
    await expect(page.getByTestId('recovery-left')).toContainText('9');
    await context.close();
  });
}

test('a partner that requires multi-factor sends its users to enrolment before anything else', async ({ browser }) => {
  // The partner in the cloud operated by 21Vianet: no other test signs in as it.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInWithForm(page, 'li.na@yunhai-partner.example', 'PartnerDesk-demo-2026');
  await expect(page.locator('.notice-banner')).toBeVisible();
  await page.goto('/users');
  // A click, not `check()`: the page is replaced by enrolment at once, so the box can't be
  // looked at after.
  await page.locator('#multi-factor-required').click();
  // The admin has no second factor either: enrolment comes first, now.
  await expect(page.locator('img.qr-code')).toBeVisible();
  await expect(page.locator('nav.mainnav')).toHaveCount(0);
  await expectNoViolations(page, 'required enrolment');
  const key = (await page.getByTestId('authenticator-key').textContent())!.replace(/\s+/g, '');
  await steadyStep();
  await page.locator('#code').fill(totp(key));
  await page.locator('form.authenticator-setup button[type=submit]').click();
  await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await page.locator('.recovery-codes .btn-primary').click();
  await expect(page.locator('main h1')).toBeVisible();
  await expect(page.locator('.notice-banner')).toHaveCount(0);
  await expect(page.locator('#multi-factor-required')).toBeChecked();
  await context.close();
});

test('a user adds a passkey, signs in with it as the second factor and removes it', async ({ browser, baseURL }) => {
  const { email, password } = await newUser(browser);
  // Browsers refuse an IP address as a passkey's site: the app is opened at localhost, which the
  // server serves as its relying party when its public URL is a loopback address.
  const base = baseURL!.replace('127.0.0.1', 'localhost');
  const context = await browser.newContext({ baseURL: base, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  await signInWithForm(page, email, password);
  await expect(page.locator('table')).toBeVisible();

  await page.goto('/security');
  await page.locator('#passkey_name').fill('');
  await page.locator('form.add-passkey button[type=submit]').click();
  await expect(page.locator('#passkey_name')).toHaveAttribute('aria-invalid', 'true');
  await page.locator('#passkey_name').fill('Work laptop');
  await page.locator('form.add-passkey button[type=submit]').click();
  // The first second factor: its recovery codes, once.
  await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await expectNoViolations(page, 'passkey added');
  await page.locator('.recovery-codes .btn-primary').click();
  await expect(page.getByTestId('passkeys')).toContainText('Work laptop');
  // The device holds the credential the server now lists.
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);

  // Signed out and in again: the password, then the passkey.
  await signOut(page);
  await signInWithForm(page, email, password);
  await expectNoViolations(page, 'second step with a passkey');
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(page.locator('table')).toBeVisible();

  await page.goto('/security');
  await expect(page.getByTestId('passkeys')).toContainText('last used');
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByTestId('passkeys').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText('No passkeys yet.')).toBeVisible();
  await context.close();
});

test('a session that ends over a page asks for the password and then the second factor, and the page stays', async ({ browser }) => {
  const { email, password } = await newUser(browser);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  expect((await context.request.post('/api/session', { data: { email, password } })).status()).toBe(200);
  // Set up an authenticator through the API, as the security page would.
  const setup = await (await context.request.post('/api/me/authenticator', { data: {} })).json();
  await steadyStep();
  const confirmed = await context.request.post('/api/me/authenticator/confirm', { data: { code: totp(setup.secret) } });
  expect(confirmed.status()).toBe(200);

  const page = await context.newPage();
  await page.goto('/customers');
  const search = page.getByRole('searchbox', { name: 'Search customers' });
  await expect(search).toBeVisible();
  // Signed out elsewhere (another tab of the same browser); the next search finds out.
  expect((await context.request.delete('/api/session')).status()).toBe(204);
  await search.fill('Contoso');
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  const second = page.getByRole('dialog', { name: "Confirm it's you" });
  await expect(second.locator('#code')).toBeVisible();
  await steadyStep();
  await second.locator('#code').fill(totp(setup.secret, 1));
  await second.locator('form.second-step button[type=submit]').click();
  await expect(page.locator('dialog[open]')).toHaveCount(0);
  await expect(page.getByText(/^Signed in again\./)).toBeVisible();
  await expect(search).toHaveValue('Contoso');
  await expect(page.getByRole('link', { name: 'Contoso Ltd' }).first()).toBeVisible();
  await context.close();
});
