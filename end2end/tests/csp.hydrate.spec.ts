import { test, expect, Page } from '@playwright/test';
import { SHEET, credentials, logIn, logOut } from './helpers';

/** Everything the browser says about the Content-Security-Policy while `visit` runs. */
async function policyComplaints(page: Page, visit: () => Promise<void>): Promise<string[]> {
  const complaints: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy|CSP/i.test(message.text())) complaints.push(message.text());
  });
  page.on('pageerror', (error) => {
    if (/Content[- ]Security[- ]Policy|CSP|EvalError/i.test(error.message)) complaints.push(error.message);
  });
  await visit();
  return complaints;
}

test('under the Content-Security-Policy every island hydrates and the browser refuses nothing', async ({ page }) => {
  const complaints = await policyComplaints(page, async () => {
    const answer = await page.goto(SHEET);
    const policy = answer?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
    expect(policy).not.toContain('unsafe-inline');
    // A visitor's islands: the gallery and the sign-up form.
    await expect(page.locator('.gallery-grid[data-interactive="true"]')).toHaveCount(1);
    await expect(page.locator('form.signup-form[data-interactive="true"]').first()).toBeVisible();
    await page.locator('.gallery-grid a').first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    // A référent's islands: the inline editors and the photo tools.
    await logIn(page, credentials().referent, SHEET);
    await expect(page.locator('form.photo-upload[data-interactive="true"]')).toHaveCount(1);
    await page.getByRole('link', { name: 'Modifier : Auteur du témoignage' }).click();
    await expect(page.getByLabel('Auteur du témoignage')).toBeFocused();
    await page.getByLabel('Auteur du témoignage').press('Escape');
    await logOut(page);
  });
  expect(complaints).toEqual([]);
});
