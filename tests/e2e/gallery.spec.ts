import { expect, test, type Page } from '@playwright/test';
import { setField } from './sharedPage';

const ARTIFACTS = 'tests/e2e/artifacts';

const card = (page: Page, slot: 'a' | 'b') => page.getByTestId(`block-card-${slot}`);
const diagramKinds = (page: Page, slot: 'a' | 'b') =>
  page
    .getByTestId(`gallery-${slot}-diagram`)
    .locator('g.node')
    .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-kind')).join(' '));

test('the gallery shows every family, two side by side, drawn from their formulas', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto('./');
  const gallery = page.getByTestId('gallery');
  await gallery.scrollIntoViewIfNeeded();

  // Seven rows; the ResNet-20 at width 1 is He et al.'s 269,722 parameters, 20 layers.
  const rows = page.getByTestId('family-table').locator('tbody tr');
  await expect(rows).toHaveCount(7);
  const resnet = page.locator('[data-testid="family-table"] tr[data-family="postact"]');
  await expect(resnet).toHaveAttribute('data-params', '269722');
  await expect(resnet).toHaveAttribute('data-layers', '20');
  await setField(page, 'gallery-n', 18);
  await expect(resnet).toHaveAttribute('data-params', '1727962');
  await page.screenshot({ path: `${ARTIFACTS}/gallery-1280.png` });

  // Block A: the post-activation ResNet; its diagram is generated from the formula.
  await expect(card(page, 'a')).toHaveAttribute('data-family', 'postact');
  expect(await diagramKinds(page, 'a')).toBe('input conv bn relu conv bn sum relu output');
  await expect(card(page, 'a').locator('.edge.shortcut')).toHaveCount(1);

  // The pre-activation ablation (b) puts BN after the addition, in the formula and the diagram.
  const b = card(page, 'b');
  await page
    .getByTestId('gallery-b-option-preactVariant')
    .getByRole('radio', { name: '(b) BN after add' })
    .check();
  expect(await diagramKinds(page, 'b')).toBe('input conv bn relu conv sum bn relu output');
  await expect(b.locator('.katex-display')).toContainText('BN');

  // A row of the table puts that family in block A; RK4 has four stage nodes and its weights.
  await page.getByRole('button', { name: 'RK4 (HO-ResNet)' }).click();
  await expect(card(page, 'a')).toHaveAttribute('data-family', 'rk4');
  await expect(card(page, 'a').locator('g.node.stage')).toHaveCount(4);
  const labels = await card(page, 'a').locator('.edge-labels text').allTextContents();
  expect(labels.sort()).toEqual(['½', '½', '⅓', '⅓', '⅙', '⅙'].sort());

  // Width ¼: one stage-1 ResNet block is two 3×3×4×4 convs and two BNs (2 · 144 + 16 = 304).
  await page.getByTestId('gallery-width').getByRole('radio', { name: '¼' }).check();
  await page.getByTestId('gallery-a-family').selectOption('postact');
  await expect(page.getByTestId('gallery-a-params')).toHaveText('304');
  await card(page, 'a').screenshot({ path: `${ARTIFACTS}/gallery-pair.png` });

  // The bottleneck lesson at 256 channels, then by keyboard one step up.
  const lesson = page.getByTestId('bottleneck-lesson');
  await expect(lesson).toHaveAttribute('data-basic', '1179648');
  await expect(lesson).toHaveAttribute('data-bottleneck', '69632');
  await expect(page.getByTestId('bottleneck-ratio')).toContainText('16.9×');
  await page.getByTestId('bottleneck-channels-slider').focus();
  await page.keyboard.press('ArrowRight');
  await expect(lesson).toHaveAttribute('data-basic', String(2 * 9 * 272 * 272));
  expect(errors).toEqual([]);
});

test('the gallery and the lessons on a 390-px phone: stacked, nothing wider than the screen', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./');
  const a = card(page, 'a');
  await a.scrollIntoViewIfNeeded();
  const boxA = await a.boundingBox();
  const boxB = await card(page, 'b').boundingBox();
  expect(boxA && boxB && boxB.y > boxA.y + boxA.height - 1).toBe(true);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await a.screenshot({ path: `${ARTIFACTS}/gallery-390.png` });
  // The lessons stack too: their plots and tables stay inside the screen.
  const lessons = page.getByTestId('lessons-section');
  await lessons.scrollIntoViewIfNeeded();
  await expect(page.getByTestId('finding-degradation')).toHaveAttribute('data-loaded', '5', {
    timeout: 60_000,
  });
  const wide = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(wide).toBeLessThanOrEqual(0);
  await lessons.screenshot({ path: `${ARTIFACTS}/lessons-390.png` });
});
