import { test, expect } from '@playwright/test';

const SHEET = '/actions/ambassadeurs-passeurs-loire-atlantique';

test('the lightbox opens, navigates, keeps focus inside and closes with Escape', async ({ page }) => {
  await page.goto(SHEET);
  // The island marks the grid once it runs in the browser (its handlers are attached).
  await expect(page.locator('.gallery-grid[data-interactive="true"]')).toHaveCount(1);
  const thumbs = page.locator('.gallery-grid a');
  const count = await thumbs.count();
  expect(count).toBeGreaterThanOrEqual(3);

  await thumbs.first().click();
  const dialog = page.getByRole('dialog', { name: "Visionneuse d'images" });
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${SHEET}$`));
  await expect(dialog.getByText(`Image 1 sur ${count}`)).toBeVisible();
  const firstAlt = await thumbs.first().locator('img').getAttribute('alt');
  await expect(dialog.locator('figure img')).toHaveAttribute('alt', firstAlt!);

  await dialog.getByRole('button', { name: /Image suivante/ }).click();
  await expect(dialog.getByText(`Image 2 sur ${count}`)).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(dialog.getByText(`Image 3 sur ${count}`)).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await dialog.getByRole('button', { name: /Image précédente/ }).click();
  await expect(dialog.getByText(`Image 1 sur ${count}`)).toBeVisible();
  await dialog.getByRole('button', { name: /Image précédente/ }).click();
  await expect(dialog.getByText(`Image ${count} sur ${count}`)).toBeVisible();

  // Focus stays inside the open lightbox, however many times Tab is pressed.
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
  }
  await page.keyboard.press('Shift+Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // Focus is back on the thumbnail that opened the lightbox.
  await expect(thumbs.first()).toBeFocused();
});
