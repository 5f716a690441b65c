/**
 * The compute layer in a Web Worker in Chromium, on every backend this machine gives:
 * WebGPU (--enable-unsafe-webgpu: SwiftShader here), WebGL 2 and WASM, each against the CPU
 * backend. Each must be the backend that actually runs, agree with the CPU on a forward pass
 * of every block family, train a tiny net well past chance, and hold no more tensors after the
 * last step than after the first.
 */
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { serveComputeHarness } from '../browser/harness.mjs';
import type { BackendName } from '../../src/nn/backend/select';
import type {
  CheckResult,
  ComputeRequest,
  ComputeResponse,
  FallbackResult,
} from '../browser/protocol';

test.describe.configure({ mode: 'serial', timeout: 240_000 });

let harness: Awaited<ReturnType<typeof serveComputeHarness>>;
let browser: Browser;
let page: Page;
let cpu: CheckResult;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  harness = await serveComputeHarness();
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'],
  });
  page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(harness.url);
  await expect(page.locator('#out')).toContainText('ready');
});

test.afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

async function check(backend: BackendName): Promise<CheckResult> {
  const reply: ComputeResponse = await page.evaluate((request) => window.runCompute(request), {
    kind: 'check',
    backend,
    steps: 40,
  } as ComputeRequest);
  if (!reply.ok) throw new Error(`${backend}: ${reply.error}`);
  return reply.result as CheckResult;
}

function expectTrains(r: CheckResult) {
  expect(r.addN12).toBe(4095);
  expect(r.losses.every(Number.isFinite)).toBe(true);
  const early = r.losses.slice(0, 5).reduce((a, b) => a + b) / 5;
  const late = r.losses.slice(-5).reduce((a, b) => a + b) / 5;
  expect(late).toBeLessThan(early * 0.8);
  // Four classes: chance is 25 %.
  expect(r.accuracyAfter).toBeGreaterThanOrEqual(0.6);
  expect(r.tensorsAfterLastStep).toBe(r.tensorsAfterFirstStep);
}

test('cpu: the reference run in the worker', async () => {
  cpu = await check('cpu');
  expect(cpu.backend).toBe('cpu');
  expect(cpu.logits).toHaveLength(7 * 4 * 4); // 7 families × 4 images × 4 classes
  expectTrains(cpu);
});

for (const backend of ['wasm', 'webgl', 'webgpu'] as const) {
  test(`${backend}: runs for real, agrees with cpu on every family's forward pass, trains`, async () => {
    const r = await check(backend);
    expect(r.backend).toBe(backend);
    expect(r.reason).toContain('chosen by you');
    test.info().annotations.push({ type: 'backend', description: r.reason });
    expect(r.logits).toHaveLength(cpu.logits.length);
    const scale = Math.max(...cpu.logits.map(Math.abs));
    const worst = Math.max(...r.logits.map((v, i) => Math.abs(v - cpu.logits[i]!)));
    expect(worst / scale).toBeLessThan(1e-3);
    for (const [name, want] of Object.entries(cpu.gradients)) {
      const got = r.gradients[name]!;
      const gScale = Math.max(...want.map(Math.abs), 1e-6);
      const gWorst = Math.max(...got.map((v, i) => Math.abs(v - want[i]!)));
      expect(gWorst / gScale, `gradient of ${name}`).toBeLessThan(1e-3);
    }
    expectTrains(r);
  });
}

test('a lost WebGPU device mid-run: the run goes on with the next backend from its checkpoint', async () => {
  const reply: ComputeResponse = await page.evaluate((request) => window.runCompute(request), {
    kind: 'fallback',
    loseAtStep: 6,
  } as ComputeRequest);
  if (!reply.ok) throw new Error(reply.error);
  const r = reply.result as FallbackResult;
  test.info().annotations.push({ type: 'notice', description: r.notices.join(' | ') });
  expect(r.state).toBe('done');
  // WebGL here is SwiftShader too, passed over in automatic order: WASM takes over.
  expect(r.backend).toBe('wasm');
  expect(r.notices).toHaveLength(1);
  expect(r.notices[0]).toMatch(
    /^webgpu failed: .*(device was lost|destroyed).*\. Going on with wasm from the checkpoint at step \d+\.$/,
  );
  // Checkpoints at every test point (every 4 steps): it went back at most 4 steps.
  expect(r.restartFrom[0]).toBeGreaterThanOrEqual(4);
  expect(r.lastStep).toBe(r.totalSteps);
  expect(r.totalSteps).toBe(32);
});
