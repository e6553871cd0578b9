import { type Page } from '@playwright/test';
import { expect, test } from './test';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The same rule vectors the native, WASM and HTTP suites run, typed into the real form. Every
// 4th case of the demo partner's instance is taken; cases a browser control can't express (a
// country code that isn't an option, a line break an <input> strips, a hidden field with a
// value) are left to the other suites.
type Vectors = {
  today: string;
  base: Record<string, string>;
  cases: { name: string; instance?: string; set: Record<string, string>; expect: Record<string, string> }[];
};
const vectors: Vectors = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'shared', 'tests', 'vectors.json'), 'utf8'),
);
const SAMPLE_EVERY = 4;
const sample = vectors.cases.filter((c) => (c.instance ?? 'global') === 'global').filter((_, i) => i % SAMPLE_EVERY === 0);

const DAY = 24 * 60 * 60 * 1000;
/** The vectors fix "today"; move their dates by the same distance from the browser's today. */
function shiftDate(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [y, m, d] = value.split('-').map(Number);
  const asked = Date.UTC(y, m - 1, d);
  if (new Date(asked).getUTCDate() !== d) return null;
  const [ty, tm, td] = vectors.today.split('-').map(Number);
  const offsetDays = Math.round((asked - Date.UTC(ty, tm - 1, td)) / DAY);
  const now = new Date();
  const target = new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) + offsetDays * DAY);
  return target.toISOString().slice(0, 10);
}

/** Fills the current step's controls; false when the case can't be expressed in the UI. */
async function fillStep(page: Page, values: Record<string, string>): Promise<boolean> {
  const controls = page.locator('form input[id], form select[id]');
  // Country first: the state and postal controls depend on it.
  const ids = (await controls.evaluateAll((els) => els.map((e) => e.id))).sort((a, b) =>
    a === 'country' ? -1 : b === 'country' ? 1 : 0,
  );
  for (const id of ids) {
    const value = values[id] ?? '';
    const control = page.locator(`#${id}`);
    if (await control.isDisabled()) continue;
    const tag = await control.evaluate((e) => e.tagName);
    if (tag === 'SELECT') {
      const options = await control.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      if (!options.includes(value)) return false;
      await control.selectOption(value);
    } else if (id === 'agreement_date') {
      const shifted = value === '' ? '' : shiftDate(value);
      if (shifted === null) return false;
      await control.fill(shifted);
    } else {
      await control.fill(value);
    }
  }
  // A value for a control this step doesn't show (e.g. a postal code where there is none).
  const stepFields = new Set(ids);
  return !Object.entries(values).some(([k, v]) => v !== '' && !stepFields.has(k) && STEP_OF[k] === currentStep);
}

const STEP_OF: Record<string, number> = {};
let currentStep = 0;

async function shownErrors(page: Page): Promise<Record<string, string>> {
  return page.locator('.field-error[data-code]').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.id.replace(/-error$/, ''), e.getAttribute('data-code') ?? ''])),
  );
}

for (const c of sample) {
  test(`rule vector through the UI: ${c.name}`, async ({ page }) => {
    const values = { ...vectors.base, ...c.set };
    if (Object.values(values).some((v) => /[\r\n]/.test(v))) test.skip(true, 'an <input> strips line breaks');
    await page.goto('/customers/new');
    await expect(page.getByRole('heading', { name: 'Add customer' })).toBeVisible();

    for (let step = 0; step < 3; step++) {
      currentStep = step;
      const ids = await page.locator('form input[id], form select[id]').evaluateAll((els) => els.map((e) => e.id));
      ids.forEach((id) => (STEP_OF[id] = step));
      const expressible = await fillStep(page, values);
      test.skip(!expressible, 'the form offers no control for this value');
      await page.getByRole('button', { name: 'Next' }).click();
      // Let the live domain check answer before judging the step.
      if (ids.includes('domain_prefix')) await expect(page.getByText('Checking availability…')).toHaveCount(0);
      const shown = await shownErrors(page);
      const expectedHere = Object.fromEntries(Object.entries(c.expect).filter(([field]) => ids.includes(field)));
      expect(shown, `step ${step + 1}`).toEqual(expectedHere);
      if (Object.keys(shown).length > 0) return;
    }
    await expect(page.getByRole('heading', { name: /Step 4 of 4/ })).toBeVisible();
    expect(c.expect).toEqual({});
  });
}
