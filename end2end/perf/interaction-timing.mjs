// Time from what a user does to what it shows, in headless Chromium, read from the app's
// performance marks: "customers-rendered" (the list's rows are in the DOM) and
// "overview-rendered" (the overview's figures are).
//   node end2end/perf/interaction-timing.mjs BASE_URL [RUNS]
// Prints the median and p95 over RUNS (default 20) of:
//  - search: the search box takes a query (one input event: its last keystroke) → the new rows,
//    for one customer (`gen12345`), two Chinese characters (`云帆`) and ~2,000 matches
//    (`Proseware`) — with the box's pause before it asks (search as you type) included;
//  - sort: a click on each column's header → the rows in the new order;
//  - overview: a click on "Overview" in the navigation → its figures.
// Meant for the 100,000 customers `scripts/bench` seeds; on the demo data it shows the app alone.
import { chromium } from '../node_modules/playwright-core/index.mjs';

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 20);
if (!base) throw new Error('usage: node interaction-timing.mjs BASE_URL [RUNS]');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
const context = await browser.newContext({ locale: 'en-US' });
await context.addInitScript(() => localStorage.setItem('partnerdesk.locale', 'en-US'));
const signIn = await context.request.post(`${base}/api/session`, {
  data: { email: 'alex.wu@northwind.example', password: 'PartnerDesk-demo-2026' },
});
if (!signIn.ok()) throw new Error(`sign-in: ${signIn.status()}`);
const page = await context.newPage();

// As nav-timing.mjs: Playwright's own waiting polls on the main thread the app renders on, so
// the script waits from outside (a timer) and reads the newest mark the app took itself.
const newest = (name) =>
  page.evaluate((n) => performance.getEntriesByName(n).at(-1)?.startTime ?? null, name);
async function markAfter(name, since) {
  for (let waited = 0; waited < 15_000; waited += 50) {
    await page.waitForTimeout(50);
    const at = await newest(name);
    if (at !== null && at > since) return at - since;
  }
  throw new Error(`no "${name}" within 15 s`);
}

/** Opens the list (with `query`) and waits for its rows, marks cleared. */
async function openList(query = '') {
  await page.goto(`${base}/customers${query}`);
  await markAfter('customers-rendered', 0);
  // Let the first render's follow-ups (prefetches, the count) settle.
  await page.waitForTimeout(200);
  await page.evaluate(() => performance.clearMarks());
}

/** Runs `act` in the page (it answers performance.now() when it acted), then waits for `mark`. */
async function timed(act, arg, mark) {
  const since = await page.evaluate(act, arg);
  return markAfter(mark, since);
}

const typeQuery = (q) => {
  const box = document.querySelector('input[type=search]');
  box.value = q;
  const at = performance.now();
  box.dispatchEvent(new Event('input', { bubbles: true }));
  return at;
};
const click = (selector) => {
  const target = document.querySelector(selector);
  const at = performance.now();
  target.click();
  return at;
};

const results = [];
for (const [label, q] of [
  ['search, one customer (gen12345)', 'gen12345'],
  ['search, two Chinese characters (云帆)', '云帆'],
  ['search, ~2,000 matches (Proseware)', 'Proseware'],
]) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    await openList();
    times.push(await timed(typeQuery, q, 'customers-rendered'));
  }
  results.push([label, times]);
}

await openList();
const columns = await page.$$eval('thead th a.sort-link', (links) => links.map((a) => a.textContent.replace(/[▲▼]/g, '').trim()));
for (const [index, column] of columns.entries()) {
  const times = [];
  await openList();
  for (let i = 0; i < runs; i++) {
    // Each click turns the order over: a new query every time.
    times.push(await timed(click, `thead th:nth-of-type(${index + 1}) a.sort-link`, 'customers-rendered'));
    await page.waitForTimeout(100);
  }
  results.push([`sort by ${column}`, times]);
}

const overview = [];
for (let i = 0; i < runs; i++) {
  await openList();
  overview.push(await timed(click, 'nav.mainnav a[href="/"]', 'overview-rendered'));
}
results.push(['overview figures (from the list)', overview]);
await browser.close();

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
console.log(`from an action to what it shows, ${runs} runs each (ms):`);
console.log(`  ${'action'.padEnd(42)} ${'median'.padStart(7)} ${'p95'.padStart(7)}`);
for (const [label, times] of results) {
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`  ${label.padEnd(42)} ${percentile(sorted, 50).toFixed(0).padStart(7)} ${percentile(sorted, 95).toFixed(0).padStart(7)}`);
}
