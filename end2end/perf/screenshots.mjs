// Screenshots of the pages people use most, to look at after a change: a laptop (1366), a wide
// screen (1920) and a phone (390), in both languages, with the menus and previews open.
//   node end2end/perf/screenshots.mjs BASE_URL OUT_DIR
// SHOT_USER=EMAIL signs in as another demo user (li.na@yunhai-partner.example: the 21Vianet
// cloud's partner); SHOT_ONLY=name,name takes only those shots.
// Run against `partnerdesk serve --demo`; writes OUT_DIR/<page>-<width>-<lang>.png.
import { mkdirSync } from 'node:fs';
import { chromium } from '../node_modules/playwright-core/index.mjs';

const [base, out] = process.argv.slice(2);
if (!base || !out) throw new Error('usage: node screenshots.mjs BASE_URL OUT_DIR');
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});

const IMPORT_FILE = [
  'company_name,country,domain_prefix,address_line1,address_line2,address_line3,city,state,postal_code,contact_first_name,contact_last_name,contact_email,contact_phone,registration_number,language,relationship_exists,agreement_first_name,agreement_last_name,agreement_email,agreement_date',
  ',US,shotbad,1 Main St,,,Redmond,WA,98052,Ana,Silva,ana@shot.example,,,,yes,,,,',
  'Contoso Ltd.,US,shotcontoso,1 Main St,,,Redmond,WA,98052,Ana,Silva,ana@shot.example,,,,yes,,,,',
  'Shot Trading,US,shottrading,1 Main St,,,Redmond,WA,98052,Ana,Silva,ana@shot.example,,,,no,,,,',
].join('\n');

/** What each shot opens before the picture is taken. */
const SHOTS = {
  customers: async (page) => {
    await page.goto(`${base}/customers`);
    await page.locator('table tbody tr').first().waitFor();
    await page.locator('.export-menu summary').click();
  },
  account: async (page) => {
    await page.goto(`${base}/customers`);
    await page.locator('table tbody tr').first().waitFor();
    await page.locator('#account-menu-button').click();
  },
  customer: async (page) => {
    await page.goto(`${base}/customers`);
    await page.locator('table tbody tr a').first().click();
    await page.locator('h1').waitFor();
  },
  new: async (page) => {
    await page.goto(`${base}/customers/new`);
    await page.locator('#company_name').fill('Contoso');
    await page.locator('#country').selectOption('US');
  },
  import: async (page) => {
    await page.goto(`${base}/customers/import`);
    await page.locator('input[type=file]').setInputFiles({ name: 'c.csv', mimeType: 'text/csv', buffer: Buffer.from(IMPORT_FILE) });
    await page.locator('main form button[type=submit]').first().click();
    await page.locator('[data-testid=import-summary]').waitFor();
  },
  // The user list with a new user's one-time temporary password showing above it.
  users: async (page) => {
    await page.goto(`${base}/users`);
    await page.locator('table tbody tr').first().waitFor();
    await page.locator('#email').fill(`shot-${Date.now()}@northwind.example`);
    await page.locator('#display_name').fill('Nina Park');
    await page.locator('form.add-user button[type=submit]').click();
    await page.locator('[data-testid=temporary-password]').waitFor();
  },
  audit: async (page) => {
    await page.goto(`${base}/audit`);
    await page.locator('table tbody tr').first().waitFor();
    await page.evaluate(() => document.querySelectorAll('details').forEach((d, i) => (d.open = i < 4)));
  },
  // Setting up an authenticator app from the sign-in security page: QR code, key, first code.
  security: async (page) => {
    await page.goto(`${base}/security`);
    await page.getByRole('button', { name: /authenticator|身份验证器/ }).click();
    await page.locator('img.qr-code').waitFor();
  },
  // Last: signs this context in as the demo user who has an authenticator, at the second step.
  'second-factor': async (page) => {
    await page.context().clearCookies();
    const again = await page.context().request.post(`${base}/api/session`, {
      data: { email: 'yuki.tanaka@northwind.example', password: 'PartnerDesk-demo-2026' },
    });
    if (!again.ok()) throw new Error(`sign-in: ${again.status()}`);
    await page.goto(`${base}/`);
    await page.locator('#code').waitFor();
  },
};

for (const lang of ['en-US', 'zh-CN']) {
  for (const width of [1366, 1920, 390]) {
    const context = await browser.newContext({
      viewport: { width, height: width === 390 ? 844 : 900 },
      locale: lang,
      deviceScaleFactor: 1,
    });
    // The blank page a tab starts on has no storage.
    await context.addInitScript((l) => {
      if (location.protocol.startsWith('http')) localStorage.setItem('partnerdesk.locale', l);
    }, lang);
    const signIn = await context.request.post(`${base}/api/session`, {
      data: { email: process.env.SHOT_USER ?? 'alex.wu@northwind.example', password: 'PartnerDesk-demo-2026' },
    });
    if (!signIn.ok()) throw new Error(`sign-in: ${signIn.status()}`);
    const page = await context.newPage();
    const only = process.env.SHOT_ONLY?.split(',');
    for (const [name, open] of Object.entries(SHOTS).filter(([n]) => !only || only.includes(n))) {
      await open(page);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      const file = `${out}/${name}-${width}-${lang}.png`;
      await page.screenshot({ path: file, fullPage: width !== 1920 });
      console.log(file);
    }
    await context.close();
  }
}
await browser.close();
