import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { SHEET } from './helpers';

test('a resident searches "banquet" from the header, narrows by département and opens the sheet', async ({ page }) => {
  await page.goto('/');
  const search = page.getByRole('search').first();
  await search.getByLabel('Rechercher une initiative').fill('BANQUETS');
  await search.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/\/initiatives\?q=BANQUETS/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('BANQUETS');
  const results = page.locator('.search-result');
  await expect(results.first()).toBeVisible();
  // Narrowed to Loire-Atlantique with the filter's link, which says how many it keeps.
  const filters = page.getByRole('navigation', { name: 'Filtrer les résultats' });
  await filters.getByRole('link', { name: /^Loire-Atlantique \(44\) \(\d+\)$/ }).click();
  await expect(page).toHaveURL(/departement=44/);
  await expect(page.getByRole('link', { name: 'Retirer le filtre « Loire-Atlantique (44) »' })).toBeVisible();
  await results.getByRole('link', { name: /banquet/i }).first().click();
  await expect(page).toHaveURL(/\/actions\//);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/banquet/i);
});

test('a search without results says what to try', async ({ page }) => {
  await page.goto('/initiatives?q=xyzzyplugh');
  await expect(page.getByText('Aucune initiative trouvée.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'voir toutes les initiatives' })).toBeVisible();
});

for (const [name, path] of [['results page', '/initiatives?q=banquet'], ['page without results', '/initiatives?q=xyzzyplugh']]) {
  test(`axe-core finds no violation on the ${name} at 360 px`, async ({ page, browser }, testInfo) => {
    await page.setViewportSize({ width: 360, height: 740 });
    let target = page;
    if (testInfo.project.name === 'js-off') {
      // axe needs JavaScript: the same page, its islands kept from loading.
      const context = await browser.newContext({ javaScriptEnabled: true, locale: 'fr-FR', viewport: { width: 360, height: 740 } });
      await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
      target = await context.newPage();
    }
    await target.goto(path);
    const results = await new AxeBuilder({ page: target }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    const width = await target.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
  });
}

test('a theme of a sheet leads to the theme page with its sheets', async ({ page }, testInfo) => {
  await page.goto(SHEET);
  await page.locator('ul.themes').getByRole('link', { name: 'Démocratie' }).click();
  await expect(page).toHaveURL(/\/themes\/democratie$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Démocratie');
  await expect(page.locator('.search-result').getByRole('link', { name: /banquets citoyens/ })).toBeVisible();
  // The theme page has no island: its markup is the same with JavaScript on and off. With
  // JavaScript off, axe-core's analysis of this one page never returns in Chromium (it
  // does on every other page), so it is checked with JavaScript on.
  if (testInfo.project.name === 'js-on') {
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  }
});
