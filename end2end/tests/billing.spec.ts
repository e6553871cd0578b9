import { expect, test } from './test';
import { type Page } from '@playwright/test';

/** The cells of a CSV text's records (quotes and doubled quotes as RFC 4180 has them). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** "USD 1,234.50" → 123450 (minor units). */
const minorOf = (shown: string) => Math.round(parseFloat(shown.replace(/^[A-Z]{3} /, '').replace(/,/g, '')) * 100);

/** Orders for the first active demo customer through the API, so this month has charges. */
async function orderForSomeone(page: Page): Promise<string> {
  const list = await (await page.request.get('/api/customers?relationship=active&q=Wide%20World')).json();
  const customer = list.items[0].id;
  const response = await page.request.post(`/api/customers/${customer}/subscriptions`, {
    data: { offer: 'CFQ7TTC0L3PB', term: 'P1Y', billing_cycle: 'monthly', quantity: 3 },
  });
  expect(response.status()).toBe(201);
  return customer;
}

test('billing: the markup is saved and checked; the month\'s totals equal the sum of its invoice lines', async ({ page }) => {
  const customer = await orderForSomeone(page);
  await page.goto('/billing');
  await expect(page.getByRole('heading', { name: 'Billing', level: 1 })).toBeVisible();
  const markup = page.locator('#partner-markup');
  await markup.fill('150');
  await page.getByRole('button', { name: 'Save markup' }).click();
  await expect(page.getByText('Enter a number from 0 to 100.')).toBeVisible();
  await markup.fill('10');
  await page.getByRole('button', { name: 'Save markup' }).click();
  await expect(page.getByText('Markup saved.')).toBeVisible();
  await expect(markup).toHaveValue('10');

  const card = page.locator('.billing-totals [data-currency="USD"]');
  await expect(card).toBeVisible();
  const [cost, price, margin] = (await card.locator('dd').allTextContents()).map(minorOf);
  expect(price - cost).toBe(margin);

  const href = await page.getByRole('link', { name: 'Invoice lines (CSV)' }).getAttribute('href');
  expect(href).toContain('lang=en-US');
  const text = (await (await page.request.get(href!)).text()).replace(/^\uFEFF/, '');
  const [header, ...lines] = parseCsv(text).filter((r) => r.length > 1);
  expect(header[0]).toBe('Company');
  const at = (name: string) => header.indexOf(name);
  const usd = lines.filter((l) => l[at('Currency')] === 'USD');
  expect(usd.length).toBeGreaterThan(0);
  const sum = (column: string) => usd.reduce((s, l) => s + Math.round(parseFloat(l[at(column)]) * 100), 0);
  expect(sum('Cost (list price)')).toBe(cost);
  expect(sum('Customer price')).toBe(price);

  // A customer's own markup on its page, and back to the partner's.
  await page.goto(`/customers/${customer}`);
  const billing = page.locator('.billing-card');
  await expect(billing.getByText('Markup 10 %: the partner\'s.')).toBeVisible();
  await billing.locator('#customer-markup').fill('15');
  await billing.getByRole('button', { name: 'Save markup' }).click();
  await expect(billing.getByText('Markup 15 %: this customer\'s own.')).toBeVisible();
  await expect(billing.getByRole('cell', { name: 'Power BI Pro' }).first()).toBeVisible();
  await billing.getByRole('button', { name: 'Use the partner\'s markup' }).click();
  await expect(billing.getByText('Markup 10 %: the partner\'s.')).toBeVisible();
});
