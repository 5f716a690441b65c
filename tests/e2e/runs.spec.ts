/**
 * Nothing is lost: a run interrupted by a reload goes on from its checkpoint; a diverging run
 * offers to go on from its last good checkpoint with a lower learning rate; a run saves to a
 * file (settings, weights, curves) and opens again, and a damaged file is refused by name.
 */
import { expect, test, type Page } from '@playwright/test';
import { progressStep, setField, sharedPageForFile } from './sharedPage';

const ARTIFACTS = 'tests/e2e/artifacts';
test.describe.configure({ mode: 'serial', timeout: 180_000 });

const shared = sharedPageForFile();
let page: Page;
test.beforeAll(() => {
  page = shared.page();
});

const rows = () => page.getByTestId('runs-table').locator('tbody tr');
const step = () => progressStep(page);
const trainPoints = async (i = 0) =>
  Number(
    await page
      .locator('[data-testid="curves-loss"] path[data-run]')
      .nth(i)
      .getAttribute('data-points'),
  );

test('a run interrupted by a reload goes on from its checkpoint to the end', async () => {
  await page.goto('./');
  await expect(page.getByTestId('param-count')).toContainText('8 layers', { timeout: 60_000 });
  await setField(page, 'train-images', 1024);
  await setField(page, 'train-epochs', 4);
  await page.getByTestId('train-start').click();
  await expect.poll(step, { timeout: 60_000 }).toBeGreaterThan(30);
  // Pausing stores a checkpoint; the reload then interrupts the run.
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'paused');
  const pausedAt = await step();
  await page.waitForTimeout(300);
  await page.reload();
  await expect(rows()).toHaveCount(1);
  await expect(rows().first()).toHaveAttribute('data-state', 'stopped');
  await expect(rows().first()).toContainText(`checkpoint at step ${pausedAt}`);
  await page.getByTestId('run-resume').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'running', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('train-start')).toBeEnabled({ timeout: 120_000 });
  await expect(rows().first()).toHaveAttribute('data-state', 'done');
  await expect(rows().first()).toContainText(`went on from step ${pausedAt}`);
  // One curve point per step, none twice: 4 epochs × 32 steps.
  expect(await trainPoints()).toBe(128);
});

test('a run saves to a file and opens again with its curves; a damaged file is refused', async () => {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('run-export').first().click(),
  ]);
  expect(download.suggestedFilename()).toBe('unraveled-run-1.json');
  const path = await download.path();
  const text = (await import('node:fs')).readFileSync(path!, 'utf8');
  const doc = JSON.parse(text) as {
    format: string;
    run: { points: unknown[] };
    checkpoint: { step: number; specs: { name: string }[] };
  };
  expect(doc.format).toBe('unraveled-run');
  expect(doc.checkpoint.step).toBe(128);
  expect(doc.checkpoint.specs.some((s) => s.name.startsWith('optimizer/'))).toBe(true);

  await page.getByRole('button', { name: 'Delete run 1' }).click();
  await expect(rows()).toHaveCount(0);
  await page.getByTestId('run-import').setInputFiles({
    name: 'saved.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(rows()).toHaveCount(1);
  await expect(rows().first()).toContainText('imported from saved.json');
  expect(await trainPoints()).toBe(128);

  await page.getByTestId('run-import').setInputFiles({
    name: 'cut.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text.slice(0, 5000)),
  });
  await expect(page.getByTestId('training-problem')).toContainText(
    'cut.json: is not a run file: it is not JSON',
  );
  await expect(rows()).toHaveCount(1);
  await page.getByTestId('training-problem').getByRole('button', { name: 'Dismiss' }).click();
  await page.reload();
  await expect(rows()).toHaveCount(1);
});

test('divergence: the panel offers to go on from the last good checkpoint with a lower lr', async () => {
  await expect(page.getByTestId('train-start')).toBeEnabled({ timeout: 60_000 });
  await setField(page, 'train-lr', 100);
  await page.getByTestId('train-start').click();
  const problem = page.getByTestId('training-problem');
  await expect(problem).toContainText(/Training diverged at step \d+/, { timeout: 60_000 });
  const offer = page.getByTestId('resume-lower-lr');
  await expect(offer).toHaveText(/^Go on from step \d+ with learning rate 10$/);
  await page.getByTestId('training-section').screenshot({ path: `${ARTIFACTS}/divergence.png` });
  await offer.click();
  await expect(rows().last()).toContainText(/went on from step \d+ with learning rate 10/, {
    timeout: 30_000,
  });
  await expect(page.getByTestId('train-start')).toBeEnabled({ timeout: 120_000 });
  // The run goes on under its own row (no new run), from the checkpoint before the divergence.
  await expect(rows()).toHaveCount(2);
  await expect(rows().last()).toHaveAttribute('data-state', /done|diverged/);
  await expect(rows().last()).toContainText('lr 10 ·');
});
