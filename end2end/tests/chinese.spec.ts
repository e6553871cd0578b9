import { type Page, type Response } from '@playwright/test';
import { ADMIN_STATE } from '../playwright.config';
import { DEMO_PASSWORD, pagePaths, setLocale } from './helpers';
import { expect, test } from './test';

// The whole zh-CN UI is Chinese. A Latin word on screen is allowed only when it is data (a company,
// person, e-mail, domain or product name the API sent, or text the test typed), or a name that is
// the same in both languages; a key-shaped string (`address_line1`, `sales-agent`) never is.

/** Names written the same way in Chinese UIs: products, standards, units. */
const SAME_IN_CHINESE = new Set(
  [
    'PartnerDesk', 'Microsoft', 'Azure', 'Entra', 'Office', 'Excel', 'CSV', 'UTF', 'GB', 'ID', 'UTC',
    'IP', 'URL', 'API', 'JSON', 'HTTPS', 'OpenAPI', 'KB', 'MB', 'BOM', 'English', 'onmicrosoft', 'com', 'cn', 'Vianet', 'GDAP',
    'DAP', 'CSP', 'MPN', 'PIN', 'VAT', 'ABN', 'GST', 'Teams', 'Dynamics', 'Copilot',
  ].map((w) => w.toLowerCase()),
);

/** snake_case, kebab-case or dotted lower-case identifiers: a code or key shown instead of its text. */
const KEY_SHAPED = /(?<![\w.@/-])[a-z][a-z0-9]*(?:[_-][a-z0-9]+)+(?![\w.@/-])/g;

/** Codes shown as codes on purpose: the import help names the column codes a file may use. */
const CODES_BY_DESIGN = ['company_name'];

/** Texts that are a sample of a format the same in every language (a country's postal code). */
const FORMAT_SAMPLE = /^格式：[A-Z0-9 -]+$/;

type Found = { page: string; problem: string };

/** Every string value in a JSON document. */
function strings(value: unknown, into: Set<string>) {
  if (typeof value === 'string') {
    into.add(value);
    // A value that is JSON itself (the audit's before and after of a list) holds data too.
    if (/^[[{]/.test(value)) {
      try {
        strings(JSON.parse(value), into);
      } catch {
        // Text that merely starts with a bracket.
      }
    }
  }
  else if (Array.isArray(value)) value.forEach((v) => strings(v, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, into));
}

/** Collects what the API sent this page, so that data on screen is told apart from UI text. */
function watchData(page: Page, data: Set<string>) {
  page.on('response', async (response: Response) => {
    if (!response.url().includes('/api/')) return;
    if (!(response.headers()['content-type'] ?? '').includes('json')) return;
    try {
      strings(await response.json(), data);
    } catch {
      // A body already gone (navigation) holds nothing the page still shows.
    }
  });
}

/**
 * The Latin words and key-shaped strings on the page that aren't data: visible text, attributes
 * people read (placeholder, title, aria-label, alt) and the options of every list.
 */
async function latinOnScreen(page: Page, data: Set<string>, typed: string[]): Promise<string[]> {
  // Every value with a Latin letter, longest first, so "Contoso Ltd" goes before "Contoso".
  const values = [...data, ...typed]
    .filter((v) => /[A-Za-z]/.test(v) && v.length >= 2)
    .sort((a, b) => b.length - a.length);
  return page.evaluate(
    ({ values, allowed, keyShaped, codes, format }) => {
      const formatSample = new RegExp(format);
      // Collapsed disclosures (audit changes, filters, menus) hold text too.
      document.querySelectorAll('details').forEach((d) => (d.open = true));
      const texts: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement!;
        // `translate="no"` marks what no language translates (the logo, a person's initials).
        if (parent.closest('script, style, noscript, pre, code, [hidden], [translate="no"]')) continue;
        if (parent.tagName === 'OPTION' || parent.checkVisibility()) texts.push(node.textContent ?? '');
      }
      for (const element of document.querySelectorAll('[placeholder], [title], [aria-label], img[alt]')) {
        for (const name of ['placeholder', 'title', 'aria-label', 'alt']) {
          const value = element.getAttribute(name);
          if (value) texts.push(value);
        }
      }
      const problems: string[] = [];
      const key = new RegExp(keyShaped, 'g');
      for (const text of texts) {
        if (formatSample.test(text.trim())) continue;
        let rest = text;
        // E-mail addresses, domains and web addresses are data whoever wrote them.
        rest = rest.replace(/[\w.+-]+@[\w.-]+|https?:\/\/\S+|\b[\w-]+(?:\.[\w-]+)+\b/g, ' ');
        // So are identifiers (a tenant id, a customer id).
        rest = rest.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, ' ');
        for (const code of codes) rest = rest.split(code).join(' ');
        for (const keyLike of rest.match(key) ?? []) {
          // Inside free text someone typed ("on-site support") it is a word, not a key.
          const inFreeText = values.some((v) => /\s/.test(v) && v.includes(keyLike) && text.includes(v));
          if (!inFreeText && (!values.includes(keyLike) || !/\s/.test(text))) {
            problems.push(`key-shaped "${keyLike}" in "${text.trim()}"`);
          }
        }
        // A value is data where it stands as a word of its own: a province code "GD" in the data
        // must not cut "GDAP" into "GD" and "AP".
        for (const value of values) {
          if (!rest.includes(value)) continue;
          const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          rest = rest.replace(new RegExp(`(?<![A-Za-z])${escaped}(?![A-Za-z])`, 'g'), ' ');
        }
        for (const word of rest.match(/[A-Za-z]+/g) ?? []) {
          if (!allowed.includes(word.toLowerCase())) problems.push(`"${word}" in "${text.trim()}"`);
        }
      }
      return problems;
    },
    { values, allowed: [...SAME_IN_CHINESE], keyShaped: KEY_SHAPED.source, codes: CODES_BY_DESIGN, format: FORMAT_SAMPLE.source },
  );
}

async function settle(page: Page) {
  await expect(page.locator('h1').first()).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await page.waitForLoadState('networkidle');
}

async function check(page: Page, where: string, data: Set<string>, found: Found[], typed: string[] = []) {
  await settle(page);
  for (const problem of await latinOnScreen(page, data, typed)) found.push({ page: where, problem });
}

/** Opens each enabled button that opens a dialog, checks the dialog, closes it. */
async function checkDialogs(page: Page, where: string, data: Set<string>, found: Found[]) {
  const openers = page.locator('main button[aria-haspopup="dialog"]:enabled');
  for (let i = 0; i < (await openers.count()); i++) {
    await openers.nth(i).click();
    await expect(page.locator('dialog[open]')).toBeVisible();
    await check(page, `${where} (dialog ${i + 1})`, data, found);
    await page.keyboard.press('Escape');
    await expect(page.locator('dialog[open]')).toHaveCount(0);
  }
}

test('every page, dialog, list and error message of the zh-CN UI is Chinese', async ({ browser }) => {
  test.setTimeout(test.info().timeout * 8);
  const found: Found[] = [];
  const paths = await pagePaths(browser);
  const context = await browser.newContext({ storageState: ADMIN_STATE, locale: 'zh-CN' });
  await context.addInitScript(setLocale, 'zh-CN');
  const page = await context.newPage();
  const data = new Set<string>();
  watchData(page, data);

  for (const path of paths) {
    await page.goto(path);
    await check(page, path, data, found);
    await checkDialogs(page, path, data, found);
  }

  // Each customer's page: the subscriptions, the relationship and its dialog differ by customer.
  const customers = await (await context.request.get('/api/customers?per_page=100')).json();
  for (const customer of customers.items) {
    await page.goto(`/customers/${customer.id}`);
    await check(page, `customer ${customer.company_name}`, data, found);
    await checkDialogs(page, `customer ${customer.company_name}`, data, found);
  }

  // The state/province lists of every country that has one.
  await page.goto('/customers/new');
  await settle(page);
  const country = page.locator('#country');
  const codes = await country.locator('option').evaluateAll((options) =>
    options.map((o) => (o as HTMLOptionElement).value).filter((v) => v),
  );
  for (const code of codes) {
    await country.selectOption(code);
    await check(page, `/customers/new, country ${code}`, data, found);
  }

  // Each form's errors: submit it empty.
  for (const path of ['/customers/new', '/customers/invite', '/referrals/new', '/users', '/business-profile']) {
    await page.goto(path);
    await settle(page);
    const submit = page.locator('main form button[type=submit]').first();
    if (!(await submit.count())) continue;
    await page.locator('main form input[type=text]:enabled, main form input[type=email]:enabled').evaluateAll((inputs) => {
      for (const input of inputs as HTMLInputElement[]) {
        input.value = '';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    await submit.click();
    await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
    await check(page, `${path}, submitted empty`, data, found);
  }

  // The import preview: an error row, a duplicate line, a similar name.
  await page.goto('/customers/import');
  await settle(page);
  const file = [
    'company_name,country,domain_prefix,address_line1,address_line2,address_line3,city,state,postal_code,contact_first_name,contact_last_name,contact_email,contact_phone,registration_number,language,relationship_exists,agreement_first_name,agreement_last_name,agreement_email,agreement_date',
    ',US,zhwalk1,1 Main St,,,Redmond,WA,98052,Ana,Silva,ana@zhwalk.example,,,,yes,,,,',
    'Zhwalk Trading,US,zhwalk2,1 Main St,,,Redmond,WA,98052,Ana,Silva,ana@zhwalk.example,,,,yes,,,,',
    'Zhwalk Trading Ltd,US,zhwalk3,1 Main St,,,Redmond,WA,98052,Ana,Silva,ana@zhwalk.example,,,,no,,,,',
  ].join('\n');
  await page.locator('input[type=file]').setInputFiles({ name: 'walk.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  await page.locator('main form button[type=submit]').first().click();
  await expect(page.getByTestId('import-summary')).toBeVisible();
  await check(page, '/customers/import, preview', data, found, ['Zhwalk Trading', 'Zhwalk Trading Ltd', 'Ana', 'Silva', '1 Main St', 'Redmond']);

  // The session-ended prompt over an edit, in a session of its own (the shared one must live on).
  const own = await browser.newContext({ storageState: { cookies: [], origins: [] }, locale: 'zh-CN' });
  await own.addInitScript(setLocale, 'zh-CN');
  expect((await own.request.post('/api/session', { data: { email: 'alex.wu@northwind.example', password: DEMO_PASSWORD } })).status()).toBe(200);
  const editor = await own.newPage();
  watchData(editor, data);
  await editor.goto(`${paths.find((p) => p.endsWith('/edit'))}`);
  await settle(editor);
  await editor.locator('#city').fill('Zhwalk City');
  expect((await own.request.delete('/api/session')).status()).toBeLessThan(300);
  await editor.locator('main form button[type=submit]').first().click();
  await expect(editor.locator('dialog[open]')).toBeVisible();
  await check(editor, 'edit, session ended', data, found, ['Zhwalk City']);
  await own.close();

  // Signed out: the sign-in page and a dead invitation link.
  const guest = await browser.newContext({ storageState: { cookies: [], origins: [] }, locale: 'zh-CN' });
  const visitor = await guest.newPage();
  watchData(visitor, data);
  for (const path of ['/customers', '/invitation#token=not-a-real-token']) {
    await visitor.goto(path);
    await check(visitor, `signed out ${path}`, data, found);
  }
  await guest.close();
  await context.close();

  // One line per problem, at the first place it was seen: the same header on 30 pages is one fix.
  const seen = new Map<string, string>();
  for (const f of found) if (!seen.has(f.problem)) seen.set(f.problem, f.page);
  expect([...seen].map(([problem, where]) => `${where}: ${problem}`)).toEqual([]);
});
