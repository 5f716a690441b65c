/**
 * The data section: the embedded set appears with no download; the shared CIFAR-10 subset is
 * imported through the file picker, checked byte for byte against the archive, survives a
 * reload, is kept when a bad file is imported after it, and can be removed.
 */
import { expect, test, type Page } from '@playwright/test';
import { sharedPageForFile } from './sharedPage';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstRecordOf, SHARED_ARCHIVE } from '../reference/sharedArchive';
import { cifarBatch } from '../reference/tarFixture';

const ARCHIVE = SHARED_ARCHIVE;
const ARTIFACTS = 'tests/e2e/artifacts';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const shared = sharedPageForFile();
let page: Page;
test.beforeAll(() => {
  page = shared.page();
});

const firstTestRecord = () => firstRecordOf('test_batch.bin');

/** What the page stored in IndexedDB: the first test image's label and pixels. */
async function storedFirstTest(page: Page): Promise<{ label: number; pixels: number[] } | null> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('unraveled');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('datasets')) return resolve(null);
          const get = db.transaction('datasets').objectStore('datasets').get('cifar10');
          get.onsuccess = () => {
            const v = get.result as
              { test: { labels: Uint8Array; pixels: Uint8Array } } | undefined;
            resolve(
              v
                ? { label: v.test.labels[0]!, pixels: Array.from(v.test.pixels.subarray(0, 3072)) }
                : null,
            );
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

test('the embedded set is there at once: ten classes, counts, sample images', async () => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto('./');
  const embedded = page.getByTestId('dataset-embedded');
  await expect(embedded.getByTestId('samples-embedded')).toBeVisible({ timeout: 30_000 });
  await expect(embedded).toContainText('5,000 training and 1,000 test images');
  await expect(embedded.locator('tbody tr')).toHaveCount(10);
  await expect(embedded.locator('canvas.thumb')).toHaveCount(60);
  await expect(page.getByTestId('dataset-cifar10')).toContainText('Not on this device yet');
  expect(errors).toEqual([]);
});

test('CIFAR-10 through the file picker: the bytes match the archive, and a reload keeps it', async () => {
  await page.goto('./');
  await expect(page.getByTestId('dataset-cifar10')).toContainText('Not on this device yet');
  await page.getByTestId('file-input').setInputFiles(ARCHIVE);
  const cifar = page.getByTestId('dataset-cifar10');
  await expect(cifar.getByTestId('samples-cifar10')).toBeVisible({ timeout: 60_000 });
  await expect(cifar).toContainText('10,000 training and 10,000 test images');
  await expect(cifar).toContainText('imported from cifar-10-binary-subset.tar.gz');
  await expect(cifar.locator('tbody tr').first()).toContainText('airplane');
  const want = firstTestRecord();
  const stored = await storedFirstTest(page);
  expect(stored?.label).toBe(want[0]);
  expect(stored?.pixels).toEqual(Array.from(want.subarray(1)));

  await page.reload();
  await expect(page.getByTestId('dataset-cifar10')).toContainText(
    '10,000 training and 10,000 test images',
    {
      timeout: 30_000,
    },
  );
  await expect(page.getByTestId('samples-embedded')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('dataset-section').screenshot({ path: `${ARTIFACTS}/datasets.png` });
});

test('a truncated archive gets a message naming it, and the imported set stays', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unraveled-bad-'));
  const cut = join(dir, 'cut-short.tar.gz');
  const bytes = readFileSync(ARCHIVE);
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 3)));
  const empty = join(dir, 'empty.bin');
  writeFileSync(empty, new Uint8Array(0));

  await page.goto('./');
  const cifar = page.getByTestId('dataset-cifar10');
  await expect(cifar).toContainText('10,000 training', { timeout: 30_000 });
  await page.getByTestId('file-input').setInputFiles(cut);
  const problem = page.getByTestId('data-problem');
  await expect(problem).toContainText(/cut-short\.tar\.gz: .*(truncated|damaged)/, {
    timeout: 60_000,
  });
  await expect(cifar).toContainText('10,000 training and 10,000 test images');
  await page.getByTestId('file-input').setInputFiles(empty);
  await expect(problem).toContainText('empty.bin: the file is empty');
  await expect(cifar).toContainText('imported from cifar-10-binary-subset.tar.gz');
  expect((await storedFirstTest(page))?.label).toBe(firstTestRecord()[0]);
});

test('a file dropped on the page is read too; a lone test batch is refused with a reason', async () => {
  await page.goto('./');
  const cifar = page.getByTestId('dataset-cifar10');
  await expect(cifar).toContainText('10,000 training', { timeout: 30_000 });
  const bytes = Array.from(cifarBatch(3, 1));
  const dataTransfer = await page.evaluateHandle((b) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(b)], 'test_batch.bin'));
    return dt;
  }, bytes);
  await page.getByTestId('drop-zone').dispatchEvent('dragover', { dataTransfer });
  await expect(page.getByTestId('drop-zone')).toHaveClass(/over/);
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('data-problem')).toContainText(
    'test_batch.bin: has test images only (test_batch.bin)',
  );
  await expect(cifar).toContainText('imported from cifar-10-binary-subset.tar.gz');
});

test('the imported set can be removed', async () => {
  await page.goto('./');
  await expect(page.getByTestId('remove-button')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('remove-button').click();
  await expect(page.getByTestId('dataset-cifar10')).toContainText('Not on this device yet');
  expect(await storedFirstTest(page)).toBeNull();
});

test('assets written by npm run data:cifar10 are found and loaded by the page itself', async ({
  browser,
}) => {
  // The e2e server reads dist/ at each request: put a small subset where a deployed site has it.
  const out = 'dist/data/cifar10';
  execFileSync('node', [
    'scripts/data-cifar10.mjs',
    '--from',
    ARCHIVE,
    '--train',
    '200',
    '--test',
    '100',
    '--out',
    out,
  ]);
  const fresh = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const p = await fresh.newPage();
    await p.goto('./');
    const cifar = p.getByTestId('dataset-cifar10');
    await expect(cifar).toContainText('200 training and 100 test images', { timeout: 30_000 });
    await expect(cifar).toContainText('bundled with this site');
    await expect(cifar.locator('canvas.thumb')).toHaveCount(60);
    await expect(p.getByTestId('remove-button')).toHaveCount(0);
  } finally {
    await fresh.close();
    rmSync(out, { recursive: true, force: true });
  }
});
