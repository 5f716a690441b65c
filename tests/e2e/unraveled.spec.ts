import { expect, test, type Page } from '@playwright/test';

const ARTIFACTS = 'tests/e2e/artifacts';

/** Console errors, page errors and any request to a host other than this test server. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol !== 'data:') {
      problems.push(`request to another host: ${r.url()}`);
    }
  });
  return problems;
}

const bars = (page: Page) => page.locator('[data-testid="path-length-plot"] .bars rect');

/** Wait until no bar is in a D3 transition (d3 keeps active ones in `__transition`). */
async function settled(page: Page) {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="path-length-plot"] .bars rect')].every(
      (r) => !(r as Element & { __transition?: unknown }).__transition,
    ),
  );
}

async function barData(page: Page) {
  return bars(page).evaluateAll((rs) =>
    rs.map((r) => [r.getAttribute('data-k'), r.getAttribute('data-p')]),
  );
}

function binomial(n: number, k: number): bigint {
  let r = 1n;
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
  return r;
}

test('loads from a sub-path with no console error and no request to another host', async ({
  page,
}) => {
  const problems = watch(page);
  await page.goto('./');
  await expect(page.getByRole('heading', { name: /unraveled view/i })).toBeVisible();
  await expect(bars(page)).toHaveCount(4); // n = 3: lengths 0..3
  await expect(page.getByTestId('paths-total')).toContainText('8');
  await expect(page.locator('.katex').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(problems).toEqual([]);
});

test('the n slider moves with the keyboard and the bars follow', async ({ page }) => {
  const problems = watch(page);
  await page.goto('./');
  const slider = page.getByTestId('n-slider');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveValue('5');
  await expect(slider).toHaveAttribute('aria-valuetext', '5 blocks');
  await expect(bars(page)).toHaveCount(6);
  await expect(page.getByTestId('n-input')).toHaveValue('5');
  await expect(page).toHaveURL(/n=5&/);
  await page.keyboard.press('End');
  await expect(slider).toHaveValue('1000');
  await expect(page.getByTestId('paths-total')).toContainText('10');
  await expect(page.getByTestId('mean-length')).toContainText('500');
  expect(await bars(page).count()).toBeGreaterThan(50);
  expect(problems).toEqual([]);
});

test('bars carry the exact binomial probabilities (n = 54)', async ({ page }) => {
  await page.goto('./#n=54');
  const rect = page.locator('[data-testid="path-length-plot"] rect[data-k="27"]');
  const p = Number(await rect.getAttribute('data-p'));
  const exact = Number(binomial(54, 27)) / 2 ** 54;
  expect(Math.abs(p - exact) / exact).toBeLessThan(1e-5);
  await expect(page.getByTestId('interval-95')).toContainText('20–34');
  await expect(page.getByTestId('mean-length')).toContainText('27');
});

test('a shared link restores the exact view', async ({ page, context }) => {
  const problems = watch(page);
  await page.goto('./#n=7&family=midpoint&sd=1&rule=uniform&pL=0.3&scale=log');
  await expect(page.getByTestId('n-input')).toHaveValue('7');
  await expect(page.getByRole('radio', { name: 'Midpoint' })).toBeChecked();
  await expect(page.getByRole('switch', { name: 'Stochastic depth' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await expect(page.getByTestId('rule').getByRole('radio', { name: 'Uniform' })).toBeChecked();
  await expect(page.getByTestId('pL-input')).toHaveValue('0.3');
  await expect(page.getByTestId('path-length-plot')).toHaveAttribute('data-scale', 'log');
  await expect(page.getByTestId('expected-depth')).toContainText('2.1 of 7');
  await expect(page).toHaveURL(
    /#section=unraveled&n=7&family=midpoint&sd=1&rule=uniform&pL=0.3&scale=log&present=0$/,
  );
  const before = await barData(page);
  expect(before).toHaveLength(15); // midpoint: lengths 0..2n

  // Change something through the UI, then open the resulting link in a fresh tab.
  await page.getByTestId('rule').getByRole('radio', { name: 'Linear decay' }).check();
  await expect(page).toHaveURL(/rule=linear/);
  const url = page.url();
  const after = await barData(page);
  const other = await context.newPage();
  await other.goto(url);
  await expect(
    other.getByTestId('rule').getByRole('radio', { name: 'Linear decay' }),
  ).toBeChecked();
  await expect(bars(other)).toHaveCount(after.length);
  expect(await barData(other)).toEqual(after);
  expect(problems).toEqual([]);
});

test('a malformed link shows a notice and falls back to valid values', async ({ page }) => {
  const problems = watch(page);
  await page.goto('./#n=banana&family=resnet&pL=7&foo=1');
  const notice = page.getByTestId('url-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('n=banana is not a number; using 3');
  await expect(notice).toContainText('family=resnet is not one of');
  await expect(notice).toContainText('pL=7 is outside [0, 1]; using 1');
  await expect(notice).toContainText('Unknown setting “foo”');
  await expect(bars(page)).toHaveCount(4);
  await expect(page).toHaveURL(/n=3&family=residual/);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toBeHidden();
  expect(problems).toEqual([]);
});

test('hovering a term lights up its path, and the other way round', async ({ page }) => {
  await page.goto('./#n=3');
  const strands = page.locator('[data-testid="unraveled-graph"] .strands path');
  await expect(strands).toHaveCount(8);
  const term = page.locator('button.term[data-path="7"]');
  await term.hover();
  await expect(page.locator('[data-testid="unraveled-graph"] path[data-path="7"]')).toHaveClass(
    /hot/,
  );
  await expect(page.locator('[data-testid="unraveled-graph"] path[data-path="0"]')).toHaveClass(
    /dim/,
  );
  await expect(page.getByTestId('hovered-term')).toContainText('length 3');
  // Strands overlap, so a pointer at the centre of one may land on another: send the event.
  await term.dispatchEvent('mouseleave');
  await page
    .locator('[data-testid="unraveled-graph"] path[data-path="1"]')
    .dispatchEvent('mouseenter');
  await expect(page.locator('button.term[data-path="1"]')).toHaveClass(/hot/);
});

test('stochastic depth overlays the alive paths and plots the survival per block', async ({
  page,
}) => {
  await page.goto('./#n=54');
  await page.getByRole('switch', { name: 'Stochastic depth' }).click();
  await expect(page.locator('[data-testid="path-length-plot"] .alive path')).toHaveCount(1);
  await expect(page.locator('[data-testid="survival-plot"] .bars rect')).toHaveCount(54);
  await expect(page.getByTestId('expected-depth')).toContainText('40.25 of 54');
  await page.getByTestId('pL-input').fill('1');
  await expect(page.getByTestId('expected-depth')).toContainText('54 of 54');
  await page.getByRole('radio', { name: 'Plain (no shortcut)' }).check();
  await expect(page.getByRole('switch', { name: 'Stochastic depth' })).toBeDisabled();
  await expect(page.locator('[data-testid="survival-plot"]')).toHaveCount(0);
});

test('presentation mode by key P, and a screenshot of the section', async ({ page }) => {
  await page.goto('./#n=6&sd=1');
  await settled(page);
  await page.locator('body').press('p');
  await expect(page.locator('html')).toHaveClass(/present/);
  await expect(page).toHaveURL(/present=1/);
  await expect(page.getByTestId('present-toggle')).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: `${ARTIFACTS}/unraveled-present.png`, fullPage: true });
  await page.keyboard.press('p');
  await expect(page.locator('html')).not.toHaveClass(/present/);
  // Typing p into a field must not toggle the mode.
  await page.getByTestId('n-input').focus();
  await page.keyboard.press('p');
  await expect(page.locator('html')).not.toHaveClass(/present/);
  await page.goto('./#n=54&sd=1');
  // The n = 54 bars are drawn (a k = 40 bar exists only for n ≥ 40), then their transition ends.
  await expect(bars(page).and(page.locator('[data-k="40"]'))).toHaveCount(1);
  await settled(page);
  // The bars must be the final binomial, not a frame of the transition from n = 6.
  const tallest = await bars(page).evaluateAll((rs) =>
    rs.reduce<[number, number]>(
      (best, r) =>
        Number(r.getAttribute('height')) > best[1]
          ? [Number(r.getAttribute('data-k')), Number(r.getAttribute('height'))]
          : best,
      [-1, 0],
    ),
  );
  expect(tallest[0]).toBe(27);
  await page.screenshot({ path: `${ARTIFACTS}/unraveled.png`, fullPage: true });
});

test('prefers-reduced-motion: no transitions, bars are final at once', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('./#n=3');
  const duration = await page
    .getByTestId('sd')
    .locator('.switch-track')
    .evaluate((el) => getComputedStyle(el).transitionDuration);
  expect(duration).toBe('0s');
  await page.getByTestId('n-input').fill('4');
  await expect(bars(page)).toHaveCount(5);
  // Without a transition the bars have their final heights in the frame they appear in.
  const read = () => bars(page).evaluateAll((rs) => rs.map((r) => r.getAttribute('height')));
  const first = await read();
  await page.waitForTimeout(400);
  expect(await read()).toEqual(first);
  expect(first.every((h) => Number(h) > 0)).toBe(true);
});
