import { test, expect } from '@playwright/test';

const SHEET = '/actions/ambassadeurs-passeurs-loire-atlantique';

test('thumbnails are resized images that link to the full image', async ({ page, request }) => {
  await page.goto(SHEET);
  const first = page.locator('.gallery-grid a').first();
  const href = await first.getAttribute('href');
  const thumb = await first.locator('img').getAttribute('src');
  expect(href).toMatch(/^\/media\/.+\.jpg$/);
  expect(thumb).toMatch(/-thumb\.jpg$/);
  expect(thumb).not.toBe(href);
  const full = await request.get(href!);
  const small = await request.get(thumb!);
  expect(full.headers()['content-type']).toBe('image/jpeg');
  expect((await small.body()).length).toBeLessThan((await full.body()).length);
});

test('without JavaScript, following a thumbnail opens the full image', async ({ page, browserName }, testInfo) => {
  test.skip(testInfo.project.name !== 'js-off', 'checks the no-JavaScript path');
  await page.goto(SHEET);
  const first = page.locator('.gallery-grid a').first();
  const href = await first.getAttribute('href');
  const [response] = await Promise.all([page.waitForNavigation(), first.click()]);
  expect(response?.url()).toContain(href!);
  expect(response?.headers()['content-type']).toBe('image/jpeg');
});
