import { test, expect, Page } from '@playwright/test';
import { SHEET, credentials, logIn, logOut, pngPhoto } from './helpers';

async function galleryAlts(page: Page): Promise<string[]> {
  return page.locator('.gallery-grid img').evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt') ?? ''));
}

test('a référent uploads a photo with its alt text; visitors see it in the gallery, and reordering changes their order', async ({ page }, testInfo) => {
  const jsOn = testInfo.project.name === 'js-on';
  const alt = `Des voisins installent les tables (${testInfo.project.name})`;
  await logIn(page, credentials().referent, SHEET);
  const tools = page.getByRole('region', { name: 'Gérer les photos' });
  const form = tools.locator('form.photo-upload');
  if (jsOn) await expect(tools.locator('form.photo-upload[data-interactive="true"]')).toHaveCount(1);
  await form.getByLabel(/^Photos/).setInputFiles({
    name: `tables-${testInfo.project.name}.png`,
    mimeType: 'image/png',
    buffer: pngPhoto(64, 48, jsOn ? 40 : 90),
  });
  await form.getByLabel('Texte alternatif').fill(alt);
  await form.getByLabel('Légende (facultative)').fill('Le matin du banquet');
  await form.getByRole('button', { name: 'Envoyer' }).click();
  if (jsOn) {
    // A progress line per file, then the sheet reloads with the photo in the list.
    await expect(page.getByRole('img', { name: alt }).first()).toBeVisible();
  } else {
    await expect(page.getByText('1 photo(s) ajoutée(s).')).toBeVisible();
  }
  await expect(page.getByRole('region', { name: 'Gérer les photos' }).getByRole('img', { name: alt })).toBeVisible();

  // Visitors see it last in the gallery, with its caption.
  await logOut(page);
  await page.goto(SHEET);
  let alts = await galleryAlts(page);
  expect(alts[alts.length - 1]).toBe(alt);
  await expect(page.getByText('Le matin du banquet').first()).toBeVisible();
  if (jsOn) {
    await expect(page.locator('.gallery-grid[data-interactive="true"]')).toHaveCount(1);
    await page.locator('.gallery-grid a').last().click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('img', { name: alt })).toBeVisible();
    await page.keyboard.press('Escape');
  }

  // The référent moves it one place earlier: visitors see the new order.
  await logIn(page, credentials().referent, SHEET);
  await page.getByRole('button', { name: `Avancer « ${alt} »` }).click();
  await expect(page.getByRole('region', { name: 'Gérer les photos' })).toBeVisible();
  await logOut(page);
  await page.goto(SHEET);
  alts = await galleryAlts(page);
  expect(alts[alts.length - 2]).toBe(alt);
});

test('a file that is not a photo is refused with the accepted formats named', async ({ page }, testInfo) => {
  const jsOn = testInfo.project.name === 'js-on';
  await logIn(page, credentials().referent, SHEET);
  const form = page.getByRole('region', { name: 'Gérer les photos' }).locator('form.photo-upload');
  if (jsOn) await expect(page.locator('form.photo-upload[data-interactive="true"]')).toHaveCount(1);
  await form.getByLabel(/^Photos/).setInputFiles({ name: 'compte-rendu.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('Compte rendu de la réunion') });
  await form.getByRole('button', { name: 'Envoyer' }).click();
  await expect(page.getByText(/Formats acceptés : JPEG/).first()).toBeVisible();
});
