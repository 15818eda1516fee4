import { test, expect } from '@playwright/test';
import { SHEET, credentials, logIn, logOut } from './helpers';

const EVENT = 'Banquet citoyen de quartier';

test('an inline edit being typed survives a reload, with a note, and is forgotten once saved', async ({ page }) => {
  await logIn(page, credentials().referent, SHEET);
  await expect(page.locator('.gallery-grid[data-interactive="true"]')).toHaveCount(1);
  await page.getByRole('link', { name: 'Modifier : Auteur du témoignage' }).click();
  const field = page.getByLabel('Auteur du témoignage');
  await field.fill('Un témoignage écrit avant la coupure');

  // The connection drops, the person reloads: the text is back, not yet saved.
  await page.reload();
  const part = page.locator('#partie-quote_author');
  await expect(part.getByText("Nous avons retrouvé ce que vous étiez en train d'écrire")).toBeVisible();
  await expect(page.getByLabel('Auteur du témoignage')).toHaveValue('Un témoignage écrit avant la coupure');
  // Only this tab has it: the saved sheet does not.
  expect(await (await page.request.get(SHEET)).text()).not.toContain('Un témoignage écrit avant la coupure');
  await part.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.locator('.quote-author')).toHaveText('Un témoignage écrit avant la coupure');

  // Saved: nothing comes back at the next visit.
  await page.reload();
  await expect(page.locator('.gallery-grid[data-interactive="true"]')).toHaveCount(1);
  await expect(part.getByText("Nous avons retrouvé ce que vous étiez en train d'écrire")).toBeHidden();
  await expect(page.getByLabel('Auteur du témoignage')).toHaveCount(0);
  await logOut(page);
});

test('a sign-up being typed survives a reload and goes once signed up', async ({ page }) => {
  await page.goto(SHEET);
  const event = page.getByRole('article', { name: EVENT });
  await expect(event.locator('form.signup-form[data-interactive="true"]')).toHaveCount(1);
  await event.getByLabel('Votre nom').fill('Yasmina (brouillon)');
  await event.getByLabel('Votre adresse e-mail').fill('yasmina.brouillon@exemple.fr');

  await page.reload();
  const again = page.getByRole('article', { name: EVENT });
  await expect(again.locator('form.signup-form[data-interactive="true"]')).toHaveCount(1);
  await expect(again.getByText("Nous avons retrouvé ce que vous étiez en train d'écrire")).toBeVisible();
  await expect(again.getByLabel('Votre nom')).toHaveValue('Yasmina (brouillon)');
  await expect(again.getByLabel('Votre adresse e-mail')).toHaveValue('yasmina.brouillon@exemple.fr');
  await again.getByLabel(/J'accepte que les organisateurs/).check();
  await again.getByRole('button', { name: /Je m'inscris|liste d'attente/ }).click();
  await expect(again.locator('.signup-done')).toBeVisible();

  await page.reload();
  const after = page.getByRole('article', { name: EVENT });
  await expect(after.locator('form.signup-form[data-interactive="true"]')).toHaveCount(1);
  await expect(after.getByLabel('Votre nom')).toHaveValue('');
  await expect(after.getByText("Nous avons retrouvé ce que vous étiez en train d'écrire")).toBeHidden();
});
