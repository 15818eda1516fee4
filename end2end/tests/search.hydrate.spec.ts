import { test, expect } from '@playwright/test';

test('with JavaScript, results follow the typing and the address keeps in step', async ({ page }) => {
  await page.goto('/initiatives?departement=44');
  // A marker that a full page load would wipe out.
  await page.evaluate(() => { (window as unknown as { stayed: boolean }).stayed = true; });
  const field = page.getByRole('search', { name: 'Modifier la recherche' }).getByLabel('Rechercher une initiative');
  await field.pressSequentially('banquets', { delay: 40 });
  await expect(page).toHaveURL(/\/initiatives\?departement=44&q=banquets$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recherche : « banquets »');
  const results = page.locator('#resultats .search-result');
  await expect(results.first()).toBeVisible();
  await expect(results.first().locator('mark').first()).toBeVisible();
  await expect(page.locator('p.visually-hidden[role="status"]')).toHaveText(/initiatives? trouvées?\./);
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

  await field.fill('xyzzyplugh');
  await expect(page.locator('#resultats').getByText('Aucune initiative trouvée.')).toBeVisible();
  await expect(page.locator('p.visually-hidden[role="status"]')).toHaveText('Aucune initiative trouvée.');
  await expect(page).toHaveURL(/q=xyzzyplugh/);
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
});
