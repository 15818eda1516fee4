import { test, expect } from '@playwright/test';
import { SHEET } from './helpers';

// "Copier le lien": with JavaScript, the island copies the sheet's address and says so.
test('"Copier le lien" copies the sheet\'s address and says it', async ({ page, context }, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: testInfo.project.use.baseURL });
  await page.goto(SHEET);
  const share = page.getByRole('region', { name: 'Faire connaître cette action' });
  const copy = share.getByRole('button', { name: 'Copier le lien' });
  await expect(copy).toBeVisible();
  await copy.click();
  await expect(share.getByRole('status')).toHaveText('Lien copié : collez-le où vous voulez.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(new URL(SHEET, testInfo.project.use.baseURL).toString());
});
