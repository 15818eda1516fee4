import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// axe-core runs inside the page, so it needs JavaScript. For the "JavaScript off" run the
// page is checked as a browser without JavaScript sees it: the islands' code is refused,
// nothing hydrates, and axe is injected by the test harness only.
async function pageAsProjectSeesIt(page: Page, browser: any, jsOff: boolean): Promise<Page> {
  if (!jsOff) return page;
  const context = await browser.newContext({ javaScriptEnabled: true, locale: 'fr-FR' });
  await context.route(/\/pkg\/.*\.(js|wasm)$/, (route: any) => route.abort());
  return context.newPage();
}

for (const [name, path] of [
  ['home page', '/'],
  ['sheet page', '/actions/ambassadeurs-passeurs-loire-atlantique'],
  ['not-found page', '/actions/inconnue'],
]) {
  test(`axe-core finds no accessibility violation on the ${name}`, async ({ page, browser }, testInfo) => {
    const target = await pageAsProjectSeesIt(page, browser, testInfo.project.name === 'js-off');
    await target.goto(path);
    const results = await new AxeBuilder({ page: target }).analyze();
    const summary = results.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    expect(summary).toEqual([]);
  });
}

test('axe-core finds no violation in the open lightbox', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'js-off', 'the lightbox needs JavaScript');
  await page.goto('/actions/ambassadeurs-passeurs-loire-atlantique');
  await expect(page.locator('.gallery-grid[data-interactive="true"]')).toHaveCount(1);
  await page.locator('.gallery-grid a').first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
