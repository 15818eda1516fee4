import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { SHEET, credentials, logIn, logOut } from './helpers';

test('a référent edits a section of their sheet on the page; visitors see the change and no edit control', async ({ page }, testInfo) => {
  const jsOn = testInfo.project.name === 'js-on';
  const text = `Nous avons réuni ${jsOn ? 'douze' : 'quinze'} habitants **motivés** (${testInfo.project.name}).`;
  await logIn(page, credentials().referent, SHEET);
  await expect(page).toHaveURL(new RegExp(`${SHEET}$`));
  if (jsOn) await expect(page.locator('.gallery-grid[data-interactive="true"]')).toHaveCount(1);

  const section = page.getByRole('region', { name: "Qu'avez-vous mis en place ?" });
  await section.getByRole('link', { name: 'Modifier : Réponse' }).click();
  const field = section.getByLabel('Réponse');
  await expect(field).toBeVisible();
  await field.fill(text);
  await section.getByRole('button', { name: 'Enregistrer' }).click();

  const saved = page.getByRole('region', { name: "Qu'avez-vous mis en place ?" });
  await expect(saved.locator('strong', { hasText: 'motivés' })).toBeVisible();
  if (jsOn) {
    await expect(saved.getByText('Modification enregistrée.')).toBeVisible();
  }
  await page.reload();
  await expect(page.getByRole('region', { name: "Qu'avez-vous mis en place ?" }).locator('strong', { hasText: 'motivés' })).toBeVisible();

  await logOut(page);
  await page.goto(SHEET);
  await expect(page.getByText(`Nous avons réuni ${jsOn ? 'douze' : 'quinze'} habitants`)).toBeVisible();
  await expect(page.getByRole('link', { name: /Modifier/ })).toHaveCount(0);
});

test('a référent ticks a theme of the list; visitors find the sheet on the theme page', async ({ page }, testInfo) => {
  const theme = testInfo.project.name === 'js-on' ? 'Vélo' : 'Lecture';
  await logIn(page, credentials().referent, SHEET);
  const part = page.locator('#partie-themes');
  await part.getByRole('link', { name: 'Modifier : Thèmes' }).click();
  const box = part.getByRole('group', { name: 'Thèmes' }).getByRole('checkbox', { name: theme });
  await box.check();
  await page.locator('#partie-themes').getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.locator('#partie-themes').getByRole('link', { name: theme })).toBeVisible();
  const title = await page.getByRole('heading', { level: 1 }).innerText();
  await logOut(page);
  await page.goto(SHEET);
  await page.locator('ul.themes').getByRole('link', { name: theme }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(theme);
  await expect(page.locator('.search-result').getByRole('link', { name: title })).toBeVisible();
});

test('a référent sees why a save failed and keeps what they typed', async ({ page }) => {
  await logIn(page, credentials().referent, SHEET);
  await page.getByRole('link', { name: 'Modifier : Titre' }).click();
  const field = page.getByLabel('Titre', { exact: true });
  await field.fill('ab');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'au moins 3 caractères' })).toBeVisible();
  await expect(page.getByLabel('Titre', { exact: true })).toHaveValue('ab');
  await logOut(page);
});

test('axe-core finds no violation on the login page and on a sheet in edit mode', async ({ page, browser }, testInfo) => {
  const jsOff = testInfo.project.name === 'js-off';
  // axe runs in the page: for the JavaScript-off run, check the same pages with the
  // islands' code refused, as a browser without JavaScript renders them.
  const target = jsOff ? await (async () => {
    const context = await browser.newContext({ javaScriptEnabled: true, locale: 'fr-FR' });
    await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
    return context.newPage();
  })() : page;
  await target.goto('/connexion');
  expect((await new AxeBuilder({ page: target }).analyze()).violations.map((v) => v.id)).toEqual([]);
  await logIn(target, credentials().referent, SHEET);
  await target.goto(`${SHEET}?modifier=summary#partie-summary`);
  await expect(target.getByRole('textbox', { name: 'Résumé' })).toBeVisible();
  const results = await new AxeBuilder({ page: target }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await logOut(target);
});

test('a référent posts a progress update; visitors see it in "Où en est-on ?"', async ({ page }, testInfo) => {
  const title = `Réunion de lancement (${testInfo.project.name})`;
  await logIn(page, credentials().referent, SHEET);
  const form = page.locator('form.new-update');
  await form.getByLabel('Date').fill('2024-03-12');
  await form.getByLabel('Titre de la nouvelle').fill(title);
  await form.getByLabel('Texte').fill('Vingt habitants autour de la table, et *beaucoup* d’idées.');
  await form.getByRole('button', { name: 'Publier' }).click();
  const timeline = page.getByRole('region', { name: 'Où en est-on ?' });
  await expect(timeline.getByRole('heading', { name: title })).toBeVisible();
  await logOut(page);
  await page.goto(SHEET);
  const publicTimeline = page.getByRole('region', { name: 'Où en est-on ?' });
  await expect(publicTimeline.getByRole('heading', { name: title })).toBeVisible();
  await expect(publicTimeline.getByText('12/03/2024').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /Supprimer/ })).toHaveCount(0);
});
