import { test, expect, Page, Browser, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { SHEET } from './helpers';

test('a resident types a postal code, finds an event nearby, opens its sheet and reaches the sign-up', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  await page.getByLabel('Près de chez moi : votre code postal').fill('44800');
  await page.getByRole('button', { name: 'Voir' }).click();
  await expect(page).toHaveURL(/\/pres-de-chez-moi\?code_postal=44800$/);
  const own = page.getByRole('region', { name: 'Dans votre département : Loire-Atlantique (44)' });
  await expect(own).toBeVisible();
  await own.getByRole('link', { name: 'Banquet citoyen de quartier' }).click();
  await expect(page).toHaveURL(/\/actions\/ambassadeurs-passeurs-loire-atlantique#evenement-\d+$/);
  const event = page.locator('article.event', { hasText: 'Banquet citoyen de quartier' });
  await expect(event.getByLabel('Votre nom')).toBeVisible();
  await expect(event.getByLabel('Votre nom')).toBeInViewport();
});

test('a postal code no commune has is refused in French and kept in the field', async ({ page }) => {
  const response = await page.goto('/pres-de-chez-moi?code_postal=44999');
  expect(response?.status()).toBe(422);
  await expect(page.getByRole('alert')).toHaveText("Aucune commune n'a le code postal 44999 : vérifiez-le (5 chiffres, par exemple 44800).");
  await expect(page.getByLabel('Près de chez moi : votre code postal')).toHaveValue('44999');
});

test('a visitor follows a département from the map', async ({ page }) => {
  await page.goto('/');
  const map = page.getByRole('group', { name: 'Carte des initiatives par département' });
  await map.getByRole('link', { name: /^Loire-Atlantique : \d+ initiatives?$/ }).click();
  await expect(page).toHaveURL(/\/territoires\/44-loire-atlantique$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Loire-Atlantique (44)');
  await expect(page.locator('.search-result').getByRole('link', { name: /ambassadeurs/i })).toBeVisible();
  // The département's région, and from there its other départements.
  await page.getByRole('link', { name: 'Pays de la Loire' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pays de la Loire');
  await expect(page.getByRole('link', { name: 'Vendée (85)' })).toBeVisible();
});

test('on a phone, the sign-up of a sheet with an event is linked within the first 640 px', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(SHEET);
  const link = page.locator('.sheet-next-event').getByRole('link', { name: "S'inscrire" });
  const box = await link.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y + box!.height).toBeLessThanOrEqual(640);
  await link.click();
  await expect(page).toHaveURL(/#evenement-\d+$/);
  await expect(page.locator('article.event').first().getByLabel('Votre nom')).toBeInViewport();
});

test('the agenda lists events soonest first and filters them by département', async ({ page }) => {
  await page.goto('/agenda');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agenda');
  const items = page.locator('.agenda-item');
  await expect(items.first()).toBeVisible();
  const times = await items.locator('time').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime') ?? ''));
  expect(times.length).toBeGreaterThan(0);
  expect([...times].sort()).toEqual(times);
  await page.getByLabel('Département').selectOption('44');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/\/agenda\?departement=44/);
  await expect(page.getByRole('link', { name: 'Banquet citoyen de quartier' })).toBeVisible();
  // What is left, however many earlier specs signed up.
  await expect(page.locator('.agenda-item', { hasText: 'Banquet citoyen de quartier' }).locator('.availability'))
    .toHaveText(/^(Plus que \d+ places|Plus qu'une place|Complet — inscription sur liste d'attente)$/);
  await expect(page.getByRole('link', { name: 'Atelier ouvert à tous' })).toHaveCount(0);
});

/** Runs axe-core on `path` at 360 px; with JavaScript off, on the same page with its
 * islands kept from loading (axe itself needs JavaScript). */
async function axeAt360(page: Page, browser: Browser, testInfo: TestInfo, path: string) {
  await page.setViewportSize({ width: 360, height: 740 });
  let target = page;
  if (testInfo.project.name === 'js-off') {
    const context = await browser.newContext({ javaScriptEnabled: true, locale: 'fr-FR', viewport: { width: 360, height: 740 } });
    await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
    target = await context.newPage();
  }
  await target.goto(path);
  const results = await new AxeBuilder({ page: target }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  const width = await target.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
}

for (const path of [
  '/',
  '/agenda',
  '/agenda?departement=44&places=1',
  '/territoires/44-loire-atlantique',
  '/regions/52-pays-de-la-loire',
  '/organisations/federation-passerelles-44',
  '/pres-de-chez-moi',
  '/pres-de-chez-moi?code_postal=44800',
  '/pres-de-chez-moi?code_postal=44999',
]) {
  test(`axe-core finds no violation on ${path} at 360 px`, async ({ page, browser }, testInfo) => {
    await axeAt360(page, browser, testInfo, path);
  });
}
