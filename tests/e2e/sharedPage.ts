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
