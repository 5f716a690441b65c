import { expect, test } from '@playwright/test';

const ARTIFACTS = 'tests/e2e/artifacts';

test.describe.configure({ mode: 'serial' });

test('degradation: the shipped curves load, and what they show is what the text says', async ({
  page,
}) => {
  await page.goto('./');
  const lesson = page.getByTestId('finding-degradation');
  await lesson.scrollIntoViewIfNeeded();
  await expect(lesson).toHaveAttribute('data-loaded', '5', { timeout: 60_000 });
  const loss = async (key: string) =>
    Number(await lesson.locator(`tr[data-key="${key}"]`).getAttribute('data-loss'));
  // The plain nets train worse with depth; the 110-layer one stays at ln 10.
  expect(await loss('embedded-plain-20')).toBeLessThan(await loss('embedded-plain-32'));
  expect(await loss('embedded-plain')).toBeGreaterThan(2.2);
  expect(await loss('embedded-resnet')).toBeLessThan(await loss('embedded-plain-20'));
  await expect(page.getByTestId('degradation-summary')).toContainText(
    'the deeper the plain net, the worse it trains',
  );
  await expect(lesson.locator('[data-testid="curves-loss"] .lines path')).toHaveCount(10);
  await lesson.screenshot({ path: `${ARTIFACTS}/lesson-degradation.png` });
});

test('identity mappings: the gradient per block arrives for each net, and can be cancelled', async ({
  page,
}) => {
  await page.goto('./');
  const lesson = page.getByTestId('finding-identity');
  await lesson.scrollIntoViewIfNeeded();
  await page.getByTestId('identity-run').click();
  await expect(lesson).toHaveAttribute('data-rows', '1', { timeout: 120_000 });
  const series = JSON.parse(
    (await page.getByTestId('identity-init').getAttribute('data-series')) ?? '[]',
  ) as { key: string; xy: [number, number][] }[];
  // The identity net first: one norm per block (18), all positive and finite.
  expect(series[0]!.key).toBe('identity-init');
  expect(series[0]!.xy).toHaveLength(18);
  for (const [, g] of series[0]!.xy) expect(g).toBeGreaterThan(0);
  await lesson.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('identity-run')).toBeEnabled();
  await page.waitForTimeout(1000);
  await expect(lesson).toHaveAttribute('data-rows', '1');
  await lesson.screenshot({ path: `${ARTIFACTS}/lesson-identity.png` });
});

test('stochastic depth: survival, expected depth, and a measured step with and without', async ({
  page,
}) => {
  await page.goto('./');
  const lesson = page.getByTestId('finding-stochastic');
  await lesson.scrollIntoViewIfNeeded();
  // Linear rule, p_L = 0.5, 27 blocks: E[L̃] = Σ (1 − l/27 · ½) = 27 − 28/4 = 20.
  await expect(page.getByTestId('stochastic-expected')).toHaveAttribute('data-expected', '20.0000');
  await lesson
    .getByTestId('stochastic-survivalRule')
    .getByRole('radio', { name: 'uniform' })
    .check();
  await expect(page.getByTestId('stochastic-expected')).toHaveAttribute('data-expected', '13.5000');
  await page.getByTestId('stochastic-measure').click();
  await expect(page.getByTestId('stochastic-saving')).toBeVisible({ timeout: 180_000 });
  const times = page.getByTestId('stochastic-times').locator('tbody tr');
  await expect(times).toHaveCount(2);
  for (const key of ['constant', 'stochastic'])
    expect(
      Number(await times.and(page.locator(`[data-key="${key}"]`)).getAttribute('data-mean')),
    ).toBeGreaterThan(0);
  await lesson.screenshot({ path: `${ARTIFACTS}/lesson-stochastic.png` });
});

test('highway: each block’s mean gate while a small highway net trains', async ({ page }) => {
  await page.goto('./');
  const lesson = page.getByTestId('finding-highway');
  await lesson.scrollIntoViewIfNeeded();
  await page.getByTestId('highway-bias-input').fill('-1');
  await page.getByTestId('highway-bias-input').press('Enter');
  await page.getByTestId('highway-run').click();
  await expect(lesson).toHaveAttribute('data-points', '13', { timeout: 180_000 });
  const series = JSON.parse(
    (await page.getByTestId('highway-gates').getAttribute('data-series')) ?? '[]',
  ) as { key: string; xy: [number, number][] }[];
  expect(series).toHaveLength(9);
  // A fresh gate is σ(W_T x + b_T) with small random W_T: near σ(−1) = 0.269.
  for (const s of series) expect(Math.abs(s.xy[0]![1] - 0.269)).toBeLessThan(0.12);
  await expect(page.getByTestId('highway-summary')).toContainText('Bias -1');
  await lesson.screenshot({ path: `${ARTIFACTS}/lesson-highway.png` });
});
