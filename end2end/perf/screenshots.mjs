// Screenshots of the pages people use most, to look at after a change: a laptop (1366), a wide
// screen (1920) and a phone (390), in both languages, with the menus and previews open.
//   node end2end/perf/screenshots.mjs BASE_URL OUT_DIR
// SHOT_USER=EMAIL signs in as another demo user (li.na@yunhai-partner.example: the 21Vianet
// cloud's partner); SHOT_ONLY=name,name takes only those shots.
// Run against `partnerdesk serve --demo`; writes OUT_DIR/<page>-<width>-<lang>.png.
import { createHmac } from 'node:crypto';
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

/** The demo authenticator's current code (RFC 6238: SHA-1, 6 digits, 30 s) for the seeded key. */
let lastCodeStep = 0;
function demoCode(offset = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + offset));
  const digest = createHmac('sha1', key).update(counter).digest();
  const at = digest[digest.length - 1] & 0x0f;
  return String((digest.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** What each shot opens before the picture is taken. */
const SHOTS = {
  // An endpoint (made once per run) with its delivery log open.
  webhooks: async (page) => {
    const listed = await (await page.request.get(`${base}/api/webhooks`)).json();
    if (!listed.length) {
      const made = await page.request.post(`${base}/api/webhooks`, {
        headers: { origin: base },
        data: { url: 'https://psa.northwind-it.example/hooks/partnerdesk', events: ['customer.created', 'customer.updated', 'customer.ended', 'admin-relationship.expired'] },
      });
      const { endpoint } = await made.json();
      await page.request.post(`${base}/api/webhooks/${endpoint.id}/test`, { headers: { origin: base } });
      await page.waitForTimeout(2500);
    }
    await page.goto(`${base}/webhooks`);
    await page.locator('section.endpoint button[aria-expanded]').first().click();
    await page.locator('[data-testid=deliveries] tbody tr').first().waitFor();
  },
  developers: async (page) => {
    await page.goto(`${base}/developers`);
    await page.locator('.reference-operations').first().waitFor();
  },
  // A page of the public build (reached without a sign-in): its own frame and language switch.
  'forgot-password': async (page) => {
    await page.goto(`${base}/forgot-password`);
    await page.locator('h1').waitFor();
  },
  // Selling: a demo customer's subscriptions with the order form open and priced.
  order: async (page) => {
    await page.goto(`${base}/customers?q=Tailspin`);
    await page.locator('table tbody tr a').first().click();
    await page.locator('#order-subscription').click();
    await page.locator('#offer').selectOption('CFQ7TTC0LFLX');
    await page.locator('#quantity').fill('40');
    await page.locator('#order-period-total').waitFor();
  },
  billing: async (page) => {
    await page.goto(`${base}/billing`);
    await page.locator('.billing-totals, .empty-state').first().waitFor();
  },
  support: async (page) => {
    await page.goto(`${base}/support`);
    await page.locator('.support-table tbody tr').first().waitFor();
  },
  // A customer's admin relationships: one active, one ending soon (Extend, Terminate).
  'customer-admin': async (page) => {
    await page.goto(`${base}/customers?q=Adventure%20Works`);
    await page.locator('table tbody tr a').first().click();
    await page.locator('section.admin-relationships tbody tr').first().scrollIntoViewIfNeeded();
  },
  // Who of us can do what at a customer whose relationships have access groups.
  'customer-access': async (page) => {
    await page.goto(`${base}/customers?q=Adventure%20Works`);
    await page.locator('table tbody tr a').first().click();
    await page.locator('section.people-access tbody tr').first().scrollIntoViewIfNeeded();
  },
  // One relationship's access assignments, over the list, and a new access group's form.
  'admin-access': async (page) => {
    await page.goto(`${base}/admin-relationships?state=active`);
    await page.locator('tbody tr', { hasText: 'Helpdesk · Adventure Works' }).locator('a[href*="access="]').click();
    await page.locator('section.access-panel table').waitFor();
    await page.locator('section.access-groups .table-title-row button').click();
  },
  // Admin relationships across customers, two selected for a bulk action.
  'admin-relationships': async (page) => {
    await page.goto(`${base}/admin-relationships`);
    await page.locator('tbody input[type=checkbox]').nth(1).check();
    await page.locator('tbody input[type=checkbox]').nth(2).check();
  },
  'support-request': async (page) => {
    await page.goto(`${base}/support?state=in-progress`);
    await page.locator('.support-table tbody tr a').first().click();
    await page.locator('.support-thread').waitFor();
  },
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
  // A customer whose subscriptions keep the relationship from ending (one suspended: still
  // billed under new commerce), with the note that says so.
  subscriptions: async (page) => {
    await page.goto(`${base}/customers?q=Tailspin%20Toys`);
    await page.locator('table tbody tr a').first().click();
    await page.locator('section.subscriptions table').waitFor();
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
  // The demo user with an authenticator, signed out elsewhere while on the customer list: the
  // dialog over the page asks for the password, then (pictured) the code.
  'ended-second-factor': async (page) => {
    await page.context().clearCookies();
    const request = page.context().request;
    const first = await request.post(`${base}/api/session`, {
      data: { email: 'yuki.tanaka@northwind.example', password: 'PartnerDesk-demo-2026' },
    });
    if (!first.ok()) throw new Error(`sign-in: ${first.status()}`);
    // A code is accepted once: a later shot (or run) waits for the next 30-second step.
    const step = () => Math.floor(Date.now() / 30000);
    for (let tries = 1; ; tries++) {
      while (step() <= lastCodeStep) await new Promise((done) => setTimeout(done, 1000));
      lastCodeStep = step();
      const code = await request.post(`${base}/api/session/second-factor`, { data: { code: demoCode() } });
      if (code.ok()) break;
      if (tries === 2) throw new Error(`second factor: ${code.status()} ${await code.text()}`);
    }
    await page.goto(`${base}/customers`);
    await page.locator('table tbody tr').first().waitFor();
    await request.delete(`${base}/api/session`);
    await page.locator('input[type=search]').fill('Contoso');
    await page.locator('dialog[open] #session_password').fill('PartnerDesk-demo-2026');
    await page.locator('dialog[open] form button[type=submit]').click();
    await page.locator('dialog[open] #code').waitFor();
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
