import { test, expect } from '@playwright/test';

const SHEET_TITLE = /Les ambassadeurs passeurs de Loire-Atlantique/;

test('a visitor opens a sheet from the home page and sees every part of it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Les initiatives qui apportent du changement' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Passeurs');

  await page.getByRole('link', { name: SHEET_TITLE }).click();
  await expect(page).toHaveURL(/\/actions\/ambassadeurs-passeurs-loire-atlantique$/);

  await expect(page.getByRole('heading', { level: 1, name: SHEET_TITLE })).toBeVisible();
  await expect(page.locator('blockquote')).toBeVisible();
  await expect(page.locator('figure.testimony figcaption')).toContainText('Témoignage');
  await expect(page.getByText('44800 Saint-Herblain')).toBeVisible();
  await expect(page.getByText('Date de début')).toBeVisible();
  await expect(page.getByText('01/01/2021')).toBeVisible();
  await expect(page.getByText("Référent(e) de l'action")).toBeVisible();
  for (const heading of [
    'Résumé',
    'Quelle est la situation de départ qui a motivé le projet ?',
    "Qu'avez-vous mis en place ?",
    'Quels moyens ont été mis en œuvre ?',
    "L'action va-t-elle se poursuivre ?",
    "Galerie d'images",
    'Participez !',
  ]) {
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  }
  const thumbnails = page.locator('.gallery-grid img');
  expect(await thumbnails.count()).toBeGreaterThanOrEqual(3);
  await expect(page.getByRole('link', { name: /\/actions\/ambassadeurs-passeurs-loire-atlantique$/ })).toBeVisible();
  await expect(page).toHaveTitle(/Les ambassadeurs passeurs .* · Passeurs/);
});

test('an unknown sheet gets a French "page introuvable" with status 404', async ({ page }) => {
  const response = await page.goto('/actions/cette-fiche-n-existe-pas');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Voir toutes les fiches action' })).toBeVisible();
});

test('the sheet page fits a 360 px wide phone screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/actions/ambassadeurs-passeurs-loire-atlantique');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
