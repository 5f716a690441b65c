/**
 * The training section: a tiny net trains on the embedded set in the page's worker; the loss
 * falls and test accuracy rises above chance; pause and resume; the run survives a reload with
 * its curves; an absurd learning rate ends in the divergence message. While training runs, the
 * main thread's longest task is measured (PerformanceObserver 'longtask') and recorded.
 */
import { expect, test, type Page } from '@playwright/test';
import { progressStep, setField, sharedPageForFile } from './sharedPage';
import { writeFileSync } from 'node:fs';

const ARTIFACTS = 'tests/e2e/artifacts';
test.describe.configure({ mode: 'serial', timeout: 180_000 });

const shared = sharedPageForFile();
let page: Page;
test.beforeAll(() => {
  page = shared.page();
});

const state = () => page.getByTestId('run-progress').getAttribute('data-state');
const step = () => progressStep(page);

test('a tiny net trains live: progress, falling loss, accuracy above chance, pause and resume', async () => {
  await page.addInitScript(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto('./');
  const params = page.getByTestId('param-count');
  await expect(params).toContainText('8 layers · 5,006 parameters', { timeout: 60_000 });
  await setField(page, 'train-n', 2);
  await expect(params).toContainText('14 layers');
  await setField(page, 'train-n', 1);
  await expect(params).toContainText('8 layers · 5,006 parameters');
  await expect(page.getByTestId('backend')).toHaveAttribute(
    'data-backend',
    /wasm|webgl|webgpu|cpu/,
  );
  await setField(page, 'train-images', 1024);
  await setField(page, 'train-epochs', 4);

  await page.evaluate(() => ((window as unknown as { __longest: number }).__longest = 0));
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'running', {
    timeout: 30_000,
  });
  await expect.poll(step, { timeout: 30_000 }).toBeGreaterThan(20);
  // One data-parallel replica a core by default (at most 8; 2 in CI), one on a GPU backend.
  const onCpu = /wasm|cpu/.test((await page.getByTestId('backend').getAttribute('data-backend'))!);
  const cores = onCpu
    ? await page.evaluate(() => Math.min(8, navigator.hardwareConcurrency || 1))
    : 1;
  expect(await page.getByTestId('train-replicas-input').inputValue()).toBe(String(cores));
  await expect(page.getByTestId('run-progress')).toContainText(
    `on ${cores} ${cores === 1 ? 'thread' : 'threads'}`,
  );
  await page
    .getByTestId('training-section')
    .screenshot({ path: `${ARTIFACTS}/training-mid-run.png` });

  await page.getByTestId('train-pause').click();
  await expect.poll(state).toBe('paused');
  const pausedAt = await step();
  await page.waitForTimeout(800);
  expect(await step()).toBe(pausedAt);
  await expect(page.getByTestId('train-pause')).toHaveText('Resume');
  await page.getByTestId('train-pause').click();
  await expect.poll(step).toBeGreaterThan(pausedAt);

  await expect(page.getByTestId('train-start')).toBeEnabled({ timeout: 120_000 });
  const row = page.getByTestId('runs-table').locator('tbody tr').first();
  await expect(row).toHaveAttribute('data-state', 'done');
  const lossStart = Number(await row.getAttribute('data-loss-start'));
  const lossEnd = Number(await row.getAttribute('data-loss-end'));
  expect(lossEnd).toBeLessThan(lossStart * 0.95);
  const best = Number(/([\d.]+) %/.exec(await row.innerText())?.[1]);
  // Ten classes: chance is 10 %; 1,000 test images put its standard deviation near 1 point.
  expect(best).toBeGreaterThan(15);
  const lossPath = page.locator('[data-testid="curves-loss"] path[data-run]').first();
  expect(Number(await lossPath.getAttribute('data-points'))).toBe(128);

  const longest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
  writeFileSync(
    `${ARTIFACTS}/training-longest-task.json`,
    JSON.stringify({ longestTaskMs: longest }),
  );
  console.log(`longest main-thread task while training: ${longest} ms (0: none over 50 ms)`);
});

test('the run is still listed with its curves after a reload', async () => {
  await page.reload();
  const row = page.getByTestId('runs-table').locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row.first()).toHaveAttribute('data-state', 'done');
  await expect(page.locator('[data-testid="curves-accuracy"] path[data-run]')).toHaveCount(1);
  expect(
    Number(
      await page
        .locator('[data-testid="curves-loss"] path[data-run]')
        .first()
        .getAttribute('data-points'),
    ),
  ).toBe(128);
});

test('the curves save as SVG and PNG, and every run as CSV', async () => {
  const save = async (testId: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(testId).click(),
    ]);
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
  };
  const svg = await save('save-loss-svg');
  expect(svg.name).toBe('training-loss.svg');
  expect(svg.bytes.toString()).toMatch(
    /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<path[^>]+data-run/,
  );
  const png = await save('save-accuracy-png');
  expect(png.name).toBe('test-accuracy.png');
  expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  const csv = await save('save-csv');
  const lines = csv.bytes.toString().trim().split('\r\n');
  expect(lines[0]).toBe(
    'run,block,layers,width,dataset,lr,step,epoch,train_loss,test_loss,test_accuracy',
  );
  // 128 training steps and 17 evaluations (before training, 4 an epoch).
  expect(lines).toHaveLength(1 + 128 + 17);
});

test('a lesson queues its runs; Stop ends the queue too', async () => {
  await page.getByTestId('lesson-preact').click();
  await expect(page.getByTestId('train-stop')).toHaveText('Stop (and 4 queued)', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'running', {
    timeout: 60_000,
  });
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('train-start')).toBeEnabled({ timeout: 60_000 });
  const rows = page.getByTestId('runs-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toHaveAttribute('data-state', 'stopped');
  // The lesson's first run is the original unit (a), a post-activation ResNet.
  await expect(rows.nth(1)).toContainText('ResNet');
  await rows.nth(1).getByRole('button', { name: 'Delete run 2' }).click();
  await expect(rows).toHaveCount(1);
});

test('the backend can be switched by name, and back to the automatic choice', async () => {
  const backend = page.getByTestId('backend');
  await expect(backend).toHaveAttribute('data-backend', /./, { timeout: 60_000 });
  const automatic = await backend.getAttribute('data-backend');
  await page.getByTestId('backend-select').selectOption('cpu');
  await expect(backend).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await expect(backend).toContainText('chosen by you');
  await page.getByTestId('backend-select').selectOption('auto');
  await expect(backend).toHaveAttribute('data-backend', automatic!, { timeout: 60_000 });
  await expect(backend).toContainText('the first that works');
});

test('every backend is measured on the chosen net, and the fastest is taken', async () => {
  await page.getByTestId('measure-backends').click();
  const items = page.getByTestId('backend-measures').locator('li');
  await expect(items).toHaveCount(4, { timeout: 150_000 });
  await expect(page.getByTestId('measure-backends')).toBeEnabled({ timeout: 30_000 });
  const speeds = await items.evaluateAll((lis) =>
    lis.map((li) => ({
      name: li.getAttribute('data-backend')!,
      ips: Number(/([\d.]+) training images\/s/.exec(li.textContent ?? '')?.[1] ?? NaN),
    })),
  );
  const measured = speeds.filter((s) => Number.isFinite(s.ips));
  expect(measured.length).toBeGreaterThanOrEqual(2); // wasm and cpu run everywhere
  const fastest = measured.reduce((a, b) => (b.ips > a.ips ? b : a));
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', fastest.name);
  await expect(page.getByTestId('backend')).toContainText('the fastest measured on this net');
});

test('an absurd learning rate ends in the divergence message', async () => {
  await expect(page.getByTestId('train-start')).toBeEnabled({ timeout: 60_000 });
  await setField(page, 'train-lr', 100);
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('training-problem')).toContainText(
    /Training diverged at step \d+: the (loss|gradient) became/,
    {
      timeout: 60_000,
    },
  );
  await expect(page.getByTestId('runs-table').locator('tbody tr').last()).toHaveAttribute(
    'data-state',
    'diverged',
  );
});
