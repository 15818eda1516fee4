import { test, expect, Page } from '@playwright/test';
import { SHEET, credentials, logIn, logOut } from './helpers';

async function galleryAlts(page: Page): Promise<string[]> {
  return page.locator('.gallery-grid img').evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt') ?? ''));
}

test('a référent reorders the gallery by drag and drop; visitors see the new order', async ({ page }) => {
  await page.goto(SHEET);
  const before = await galleryAlts(page);
  expect(before.length).toBeGreaterThan(2);

  // Each photo comes with its forms: a tall window keeps source and target both in view.
  await page.setViewportSize({ width: 1280, height: 3000 });
  await logIn(page, credentials().referent, SHEET);
  await expect(page.locator('form.photo-upload[data-interactive="true"]')).toHaveCount(1);
  const items = page.locator('#photos .photo-list > li');
  await expect(items.first()).toHaveAttribute('draggable', 'true');
  // Drag the first photo below the third one.
  await items.nth(0).locator('img').dragTo(items.nth(2).locator('img'), { targetPosition: { x: 10, y: 60 } });
  await expect(page.getByText('Nouvel ordre enregistré')).toBeVisible();

  await logOut(page);
  await page.goto(SHEET);
  const after = await galleryAlts(page);
  expect(after).not.toEqual(before);
  expect([...after].sort()).toEqual([...before].sort());
  expect(after.indexOf(before[0])).toBeGreaterThan(0);
});
