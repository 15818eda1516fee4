import { test, expect } from '@playwright/test';
import { SHEET, credentials, logIn, logOut } from './helpers';

test('inline editing happens in place: no page load, Escape cancels', async ({ page }) => {
  await logIn(page, credentials().referent, SHEET);
  await expect(page.locator('.gallery-grid[data-interactive="true"]')).toHaveCount(1);
  // A marker on the window survives only if the page is not reloaded.
  await page.evaluate(() => ((window as any).__sameDocument = true));

  await page.getByRole('link', { name: 'Modifier : Auteur du témoignage' }).click();
  const field = page.getByLabel('Auteur du témoignage');
  await expect(field).toBeFocused();
  await field.fill('Texte abandonné');
  await field.press('Escape');
  await expect(field).toBeHidden();
  await expect(page.getByText('Texte abandonné')).toHaveCount(0);

  await page.getByRole('link', { name: 'Modifier : Auteur du témoignage' }).click();
  await page.getByLabel('Auteur du témoignage').fill('Témoignage du comité, relu');
  await page.getByLabel('Auteur du témoignage').press('Enter');
  await expect(page.locator('.quote-author')).toHaveText('Témoignage du comité, relu');
  await expect(page.getByText('Modification enregistrée.')).toBeVisible();
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
  await expect(page).toHaveURL(new RegExp(`${SHEET}$`));
  await logOut(page);
});
