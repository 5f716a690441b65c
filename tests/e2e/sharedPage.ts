import { test, type BrowserContext, type Page } from '@playwright/test';

/**
 * One browser context and page for a whole spec file (call at its top level): IndexedDB must
 * outlive each test, as it outlives a reload.
 */
export function sharedPageForFile(): { page: () => Page } {
  let context: BrowserContext;
  let page: Page;
  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    page = await context.newPage();
  });
  test.afterAll(async () => {
    await context.close();
  });
  return { page: () => page };
}

/** Type a value into a slider's number field (`${testId}-input`) and commit it. */
export async function setField(page: Page, testId: string, value: number): Promise<void> {
  const field = page.getByTestId(`${testId}-input`);
  await field.fill(String(value));
  await field.press('Enter');
}

/** The step shown by the training progress line. */
export async function progressStep(page: Page): Promise<number> {
  return Number(/step (\d+) of/.exec(await page.getByTestId('run-progress').innerText())?.[1]);
}
