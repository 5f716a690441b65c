import { expect, test } from '@playwright/test';
import { setField } from './sharedPage';

const ARTIFACTS = 'tests/e2e/artifacts';

test('the ODE lesson: Euler, midpoint and RK4 steps, errors falling as h, h², h⁴', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  const lesson = page.getByTestId('ode-lesson');
  await lesson.scrollIntoViewIfNeeded();
  for (const system of ['Damped rotation (linear)', 'Pendulum (nonlinear)']) {
    await page.getByTestId('ode-system').getByRole('radio', { name: system }).check();
    const slopes = JSON.parse(
      (await page.getByTestId('ode-error').getAttribute('data-slopes')) ?? '{}',
    ) as Record<string, number>;
    expect(Math.abs(slopes.euler! - 1)).toBeLessThan(0.15);
    expect(Math.abs(slopes.midpoint! - 2)).toBeLessThan(0.15);
    expect(Math.abs(slopes.rk4! - 4)).toBeLessThan(0.15);
    // The table states the same slopes as the plot.
    for (const m of ['euler', 'midpoint', 'rk4'])
      await expect(
        page.locator(`[data-testid="ode-table"] tr[data-method="${m}"]`),
      ).toHaveAttribute('data-slope', slopes[m]!.toFixed(3));
  }
  // The step slider sets the number of steps each track takes.
  await setField(page, 'ode-steps', 20);
  for (const m of ['euler', 'midpoint', 'rk4'])
    await expect(
      page.locator(`[data-testid="ode-field"] g.track[data-method="${m}"]`),
    ).toHaveAttribute('data-steps', '20');
  await expect(page.locator('[data-testid="ode-field"] g.track circle')).toHaveCount(3 * 21);
  await lesson.screenshot({ path: `${ARTIFACTS}/ode-1280.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await lesson.screenshot({ path: `${ARTIFACTS}/ode-390.png` });
  expect(errors).toEqual([]);
});
