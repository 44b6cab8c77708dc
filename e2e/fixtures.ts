import { expect, test as base } from '@playwright/test';

/**
 * Playwright's `test`, plus a check every app test shares: the page logged no console error,
 * threw no uncaught error and had no failed request while the test ran.
 */
export const test = base.extend<{ pageProblems: string[] }>({
  pageProblems: [
    async ({ page }, use) => {
      const found: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') found.push(`console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => found.push(`page error: ${error.message}`));
      page.on('requestfailed', (request) => found.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? '?'})`));
      await use(found);
      expect(found, 'console errors, page errors and failed requests').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { Page } from '@playwright/test';
