import { expect, test } from '@playwright/test';

test('the built app loads with a title and no console errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));

  await page.goto('/', { waitUntil: 'load' });
  const title = await page.title();
  expect.soft(title.trim(), 'document title').not.toBe('');
  expect(errors, 'console errors while loading /').toEqual([]);
});
