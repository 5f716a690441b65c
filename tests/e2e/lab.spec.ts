/**
 * The ensemble lab opens with the shipped checkpoints (a ResNet and a plain net of the same
 * depth, trained on the shapes by `npm run pretrain`); a click on a block changes both nets'
 * error; each sweep and the gradient probe runs to the end with its plot drawn. Each job's time
 * in Chromium here is written to tests/e2e/artifacts/lab-timings.json (README figures).
 */
import { expect, test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { sharedPageForFile } from './sharedPage';

const ARTIFACTS = 'tests/e2e/artifacts';
test.describe.configure({ mode: 'serial', timeout: 240_000 });

const shared = sharedPageForFile();
let page: Page;
test.beforeAll(() => {
  page = shared.page();
});

const timings: Record<string, number> = {};
/** Blocks of the shipped nets (both have the same depth). */
let blocks = 0;
const intact = { a: 0 };
/** Shape-keeping blocks: all but the two that downsample. */
const movable = () => blocks - 2;
/** What the shipped checkpoints give, for the README beside the paper's figures. */
const figures: Record<string, unknown> = {};
const series = async (testId: string, attr = 'data-series') =>
  JSON.parse((await page.getByTestId(testId).getAttribute(attr)) ?? 'null') as unknown;
const error = async (slot: string) =>
  Number(await page.getByTestId(`lab-error-${slot}`).getAttribute('data-error'));

test('the lab opens with the shipped ResNet and plain net; deleting a block changes both errors', async () => {
  await page.goto('./');
  await page.getByTestId('lab-section').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('lab-net-a')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('lab-net-b')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('lab-net-a')).toContainText(/A: ResNet, \d+ layers/);
  await expect(page.getByTestId('lab-net-b')).toContainText(/B: plain net, \d+ layers/);
  blocks = await page.getByTestId('lab-strip-a').locator('button[data-block]').count();
  expect(blocks).toBeGreaterThanOrEqual(15);
  const intactA = await error('a');
  const intactB = await error('b');
  intact.a = intactA;
  expect(intactA).toBeLessThan(0.9);
  // Block 2: stage 1, keeps the shape.
  const block = page.getByTestId('lab-strip-a').locator('button[data-block="1"]');
  await expect(block).toHaveAttribute('aria-pressed', 'false');
  await block.click();
  await expect(block).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('lab-error-a')).toContainText('1 deleted');
  await expect.poll(() => error('b')).not.toBe(intactB);
  await expect.poll(() => error('a')).not.toBe(intactA);
  await page.getByTestId('lab-section').screenshot({ path: `${ARTIFACTS}/lab-deleted.png` });
  await block.press('Enter'); // keyboard: restore
  await expect(block).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => error('a')).toBe(intactA);
});

/**
 * The sweeps and the probe run on the shipped 32-layer pair: the same code as on the deep
 * default pair, at a fifteenth of its cost (CI has WASM only; the deep pair's times in
 * Chromium are in the README).
 */
test('the 32-layer pair opens from the pickers', async () => {
  await page.getByTestId('lab-pick-a').selectOption('shipped:embedded-resnet-32');
  await page.getByTestId('lab-pick-b').selectOption('shipped:embedded-plain-32');
  await expect(page.getByTestId('lab-net-a')).toContainText('A: ResNet, 32 layers', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('lab-net-b')).toContainText('B: plain net, 32 layers', {
    timeout: 90_000,
  });
  blocks = await page.getByTestId('lab-strip-a').locator('button[data-block]').count();
  expect(blocks).toBe(15);
  intact.a = await error('a');
});

for (const [kind, testId] of [
  ['single', 'lesion-single'],
  ['k', 'lesion-k'],
  ['reorder', 'reorder'],
] as const) {
  test(`the ${kind} sweep runs on both nets to the end and draws its plot`, async () => {
    const t0 = Date.now();
    await page.getByTestId(`sweep-${kind}-run`).click();
    await expect(page.getByTestId(`sweep-${kind}-progress`)).toBeVisible();
    await expect(page.getByTestId(`sweep-${kind}-run`)).toBeVisible({ timeout: 200_000 });
    timings[kind] = (Date.now() - t0) / 1000;
    const nets = (await series(testId)) as Record<string, unknown>[];
    expect(nets).toHaveLength(2);
    figures[kind] = nets;
    if (kind === 'single') {
      for (const n of nets) {
        const errors = n.errors as (number | null)[];
        expect(errors).toHaveLength(blocks);
        expect(errors.every((e) => typeof e === 'number')).toBe(true);
      }
      await expect(page.getByTestId(testId).locator('g.dots circle')).toHaveCount(2 * blocks);
    } else if (kind === 'k') {
      for (const n of nets) expect((n.rows as unknown[]).length).toBe(Math.min(movable(), 20));
    } else {
      for (const n of nets) expect((n.points as unknown[]).length).toBe(15);
    }
    await expect(page.getByTestId('lab-problem')).toHaveCount(0);
  });
}

test('re-estimating batch norm: hand deletions re-evaluate, the single sweep runs again beside the first', async () => {
  const toggle = page.getByTestId('lab-reestimate-bn');
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  const block = page.getByTestId('lab-strip-a').locator('button[data-block="1"]');
  await block.click();
  await expect(page.getByTestId('lab-error-a')).toContainText('1 deleted');
  await expect.poll(() => error('a')).not.toBe(intact.a);
  const asTrained = await error('a');
  await toggle.focus();
  await page.keyboard.press('Space'); // a real switch: the keyboard works it
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await expect.poll(() => error('a')).not.toBe(asTrained);
  figures.handDeletion = { block: 2, asTrained, reestimated: await error('a') };
  await block.click(); // restore
  await expect(block).toHaveAttribute('aria-pressed', 'false');

  const t0 = Date.now();
  await page.getByTestId('sweep-single-run').click();
  await expect(page.getByTestId('sweep-single-progress')).toBeVisible();
  await expect(page.getByTestId('sweep-single-run')).toBeVisible({ timeout: 200_000 });
  timings.singleReestimated = (Date.now() - t0) / 1000;
  // The re-estimated sweep as dots, the one as trained as rings, both in numbers below.
  await expect(page.getByTestId('lesion-single').locator('g.dots circle')).toHaveCount(2 * blocks);
  await expect(page.getByTestId('lesion-single').locator('g.rings circle')).toHaveCount(2 * blocks);
  const lines = page.getByTestId('single-summary').locator('li');
  await expect(lines).toHaveCount(4);
  figures.singleReestimated = await series('lesion-single');
  figures.summary = await lines.evaluateAll((ls) =>
    ls.map((l) => ({
      slot: l.getAttribute('data-slot'),
      mode: l.getAttribute('data-mode'),
      meanRise: Number(l.getAttribute('data-mean-rise')),
    })),
  );
  await page.getByTestId('lab-section').screenshot({ path: `${ARTIFACTS}/lab-bn.png` });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByTestId('lesion-single').locator('g.dots circle')).toHaveCount(2 * blocks);
  await expect(page.getByTestId('lab-problem')).toHaveCount(0);
});

test('the gradient per path length is measured; the effective paths are shaded and stated', async () => {
  const t0 = Date.now();
  await page.getByTestId('gradient-run').click();
  await expect(page.getByTestId('gradient-progress')).toBeVisible();
  await expect(page.getByTestId('gradient-run')).toBeVisible({ timeout: 200_000 });
  timings.gradient = (Date.now() - t0) / 1000;
  const g = (await series('grad-per-length')) as { n: number; rows: { k: number; mean: number }[] };
  expect(g.n).toBe(blocks);
  expect(g.rows.map((r) => r.k)).toEqual(Array.from({ length: blocks }, (_, i) => i + 1));
  const range = (await series('grad-total', 'data-range')) as { lo: number; hi: number };
  expect(range.lo).toBeGreaterThanOrEqual(0);
  expect(range.hi).toBeLessThanOrEqual(blocks);
  await expect(page.getByTestId('effective-text')).toContainText('5–17 blocks long: 0.45 %');
  await expect(page.getByTestId('effective-text')).toContainText(
    `This ${blocks}-block net: paths ${range.lo}–${range.hi} blocks long`,
  );
  await page.getByTestId('lab-section').screenshot({ path: `${ARTIFACTS}/lab.png` });
  figures.gradient = g.rows;
  figures.effective = range;
  writeFileSync(`${ARTIFACTS}/lab-timings.json`, JSON.stringify(timings, null, 2));
  writeFileSync(`${ARTIFACTS}/lab-figures.json`, JSON.stringify(figures, null, 2));
  console.log(`lab job times in Chromium (s): ${JSON.stringify(timings)}`);
});

test('a sweep can be cancelled', async () => {
  await page.getByTestId('sweep-k-run').click();
  await page.getByTestId('sweep-k-cancel').click();
  await expect(page.getByTestId('sweep-k-run')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('lab-problem')).toHaveCount(0);
});
