// Time from navigation to the customer list's first page rendered, in headless Chromium, read
// from the app's performance mark "customers-rendered" (set when the rows are in the DOM).
//   node end2end/perf/nav-timing.mjs BASE_URL [RUNS]
// Prints each kind of navigation's median and worst over RUNS:
//  - load: a fresh tab opens /customers (HTML, JS, WASM, /api/me, /api/customers, render);
//  - in-app: from the overview, a click on "Customers" (router, /api/customers, render).
import { chromium } from '../node_modules/playwright-core/index.mjs';

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 10);
if (!base) throw new Error('usage: node nav-timing.mjs BASE_URL [RUNS]');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
const context = await browser.newContext();
const signIn = await context.request.post(`${base}/api/session`, {
  data: { email: 'alex.wu@northwind.example', password: 'PartnerDesk-demo-2026' },
});
if (!signIn.ok()) throw new Error(`sign-in: ${signIn.status()}`);

const rendered = (page) =>
  page.waitForFunction(() => performance.getEntriesByName('customers-rendered').length > 0, null, {
    timeout: 10_000,
  });

const load = [];
const inApp = [];
for (let i = 0; i < runs; i++) {
  const page = await context.newPage();
  await page.goto(`${base}/customers`);
  await rendered(page);
  // From the start of the navigation (performance.timeOrigin) to the mark.
  load.push(await page.evaluate(() => performance.getEntriesByName('customers-rendered')[0].startTime));

  await page.goto(`${base}/`);
  await page.locator('svg.chart').waitFor();
  await page.evaluate(() => performance.clearMarks());
  const clicked = await page.evaluate(() => performance.now());
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Customers' }).click();
  await rendered(page);
  const mark = await page.evaluate(() => performance.getEntriesByName('customers-rendered')[0].startTime);
  inApp.push(mark - clicked);
  await page.close();
}
await browser.close();

const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return `median ${median.toFixed(0)} ms, worst ${sorted[sorted.length - 1].toFixed(0)} ms`;
};
console.log(`navigation to a rendered first page of the customer list, ${runs} runs each:`);
console.log(`  load of /customers (fresh tab): ${summary(load)}`);
console.log(`  in-app, overview → Customers:  ${summary(inApp)}`);
