import { test, expect } from '@playwright/test';
import { credentials, logIn, logOut, passwordLinkFor } from './helpers';

const SHEET_TITLE = 'Le repair café des Tilleuls';
const SHEET = '/actions/repair-cafe-des-tilleuls';

test('an administrator invites a référent who sets a password, edits the sheet and posts news', async ({ page }, testInfo) => {
  const mode = testInfo.project.name;
  const email = `referente.${mode}@centre.example`;
  const password = 'une phrase de passe pour le test';

  // The administrator invites a new référent to the repair café sheet.
  await logIn(page, credentials().admin, '/admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
  const sheet = page.locator('article.admin-action').filter({ has: page.getByRole('link', { name: SHEET_TITLE }) });
  await sheet.getByLabel('Adresse e-mail').fill(email);
  await sheet.getByLabel('Nom affiché').fill(`Camille ${mode}`);
  await sheet.getByRole('button', { name: "Envoyer l'invitation" }).click();
  await expect(page.getByText("C'est enregistré.")).toBeVisible();
  await logOut(page);

  // The référent follows the link from the mail and chooses a password.
  await page.goto(passwordLinkFor(email));
  await expect(page.getByText(`Bonjour Camille ${mode}`)).toBeVisible();
  await page.getByLabel('Nouveau mot de passe').fill(password);
  await page.getByLabel('Le même mot de passe, encore').fill(password);
  await page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
  await expect(page.getByText(`Connecté(e) : Camille ${mode}`)).toBeVisible();
  await logOut(page);

  // Logs in, edits a section inline, reloads and sees the change.
  await logIn(page, { email, password }, SHEET);
  const section = page.getByRole('region', { name: 'Quels moyens ont été mis en œuvre ?' });
  await section.getByRole('link', { name: 'Modifier : Réponse' }).click();
  await section.getByRole('textbox', { name: 'Réponse' }).fill(`Un établi, des outils prêtés (${mode}).`);
  await section.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText(`Un établi, des outils prêtés (${mode}).`)).toBeVisible();
  await page.reload();
  await expect(page.getByText(`Un établi, des outils prêtés (${mode}).`)).toBeVisible();

  // Posts a progress update.
  const form = page.locator('form.new-update');
  await form.getByLabel('Date').fill('2024-10-05');
  await form.getByLabel('Titre de la nouvelle').fill(`Trente objets réparés (${mode})`);
  await form.getByRole('button', { name: 'Publier' }).click();
  await expect(page.getByRole('heading', { name: `Trente objets réparés (${mode})` })).toBeVisible();
  await logOut(page);

  // A visitor sees both, and no edit control.
  await page.goto(SHEET);
  await expect(page.getByText(`Un établi, des outils prêtés (${mode}).`)).toBeVisible();
  await expect(page.getByRole('heading', { name: `Trente objets réparés (${mode})` })).toBeVisible();
  await expect(page.getByRole('link', { name: /Modifier/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Publier' })).toHaveCount(0);
});
