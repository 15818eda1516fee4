import { test, expect, Page, Browser } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { SHEET, credentials, logIn, logOut, tokenLinkFor } from './helpers';

// A visitor follows a sheet with an email address, confirms from the email in the outbox,
// gets the news of a progress update at once and stops from the link of that message —
// with JavaScript on and off (the forms are plain forms). axe-core checks every new page.

async function noViolations(page: Page, browser: Browser, jsOff: boolean, path: string) {
  let target = page;
  if (jsOff) {
    // axe runs inside the page: check it as a browser without JavaScript sees it.
    const context = await browser.newContext({ javaScriptEnabled: true, locale: 'fr-FR' });
    await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
    target = await context.newPage();
  }
  await target.goto(path);
  const results = await new AxeBuilder({ page: target }).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, path).toEqual([]);
  if (jsOff) await target.context().close();
}

async function linkFor(to: string, path: string): Promise<string> {
  let found: string | null = null;
  await expect
    .poll(() => (found = tokenLinkFor(to, path)), { timeout: 15_000, message: `a ${path} link for ${to}` })
    .not.toBeNull();
  return found!;
}

test('a visitor follows a sheet, confirms from the email, gets the news and stops from its link', async ({ page, browser }, testInfo) => {
  const jsOff = testInfo.project.name === 'js-off';
  const email = `suivi-${testInfo.project.name}-${Date.now()}@exemple.fr`;
  await page.goto(SHEET);
  const box = page.getByRole('region', { name: 'Suivre cette action' });
  await expect(box.getByText('Recevez un e-mail quand il y a du nouveau')).toBeVisible();
  await expect(box.getByRole('link', { name: 'flux Atom' })).toHaveAttribute('href', `${SHEET}/flux.atom`);
  await box.getByLabel('Votre adresse e-mail').fill(email);
  await box.getByLabel('Un e-mail à chaque nouveauté').check();
  await box.getByRole('button', { name: 'Suivre' }).click();
  await expect(page).toHaveURL(/\/suivre\/merci$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vérifiez votre boîte mail');
  await noViolations(page, browser, jsOff, '/suivre/merci');

  // The email's link opens a page with a button: nothing is confirmed before it is pressed.
  const confirm = await linkFor(email, '/suivre/confirmer/');
  await noViolations(page, browser, jsOff, confirm);
  await page.goto(confirm);
  await expect(page.getByText('Vous allez suivre')).toBeVisible();
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await expect(page).toHaveURL(/\/abonnements\/[0-9a-f]{64}\?confirme=1$/);
  await expect(page.getByRole('status')).toContainText("C'est confirmé");
  await expect(page.getByRole('heading', { level: 2 }).first()).toContainText("L'action");
  await noViolations(page, browser, jsOff, new URL(page.url()).pathname);

  // A référent posts news: it arrives at once, with a link to stop.
  const title = `Nouvelle pour les abonnés (${testInfo.project.name})`;
  const context = await browser.newContext({ locale: 'fr-FR' });
  const referent = await context.newPage();
  await logIn(referent, credentials().referent, SHEET);
  const form = referent.locator('form.new-update');
  await form.getByLabel('Date').fill('2024-05-02');
  await form.getByLabel('Titre de la nouvelle').fill(title);
  await form.getByLabel('Texte').fill('Les semis sont faits.');
  await form.getByRole('button', { name: 'Publier' }).click();
  await expect(referent.getByRole('heading', { name: title })).toBeVisible();
  await logOut(referent);
  await context.close();

  const stop = await linkFor(email, '/abonnements/arreter/');
  await noViolations(page, browser, jsOff, stop);
  await page.goto(stop);
  await expect(page.getByText("Vous ne recevrez plus les nouvelles de l'action")).toBeVisible();
  await page.getByRole('button', { name: 'Arrêter' }).click();
  await expect(page).toHaveURL(/\/abonnements\/fin$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("C'est fait");
  await noViolations(page, browser, jsOff, '/abonnements/fin');
  // The link is spent: the follow and the address are gone.
  const again = await page.goto(stop);
  expect(again?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ce lien ne fonctionne plus');
});

test('a malformed address is refused in French and kept in the field', async ({ page }) => {
  await page.goto('/territoires/44-loire-atlantique');
  const box = page.getByRole('region', { name: 'Suivre ce territoire' });
  // The browser accepts an address without a dot in its domain; the server does not.
  await box.getByLabel('Votre adresse e-mail').fill('awa@exemple');
  await box.getByRole('button', { name: 'Suivre' }).click();
  await expect(page).toHaveURL(/\/territoires\/44-loire-atlantique\?retour=[0-9a-f]+#suivre$/);
  const again = page.getByRole('region', { name: 'Suivre ce territoire' });
  await expect(again.getByText("Cette adresse e-mail n'est pas valide")).toBeVisible();
  await expect(again.getByLabel('Votre adresse e-mail')).toHaveValue('awa@exemple');
});

test('an event offers "Ajouter à mon agenda" with its file and calendar links', async ({ page, request }) => {
  await page.goto(SHEET);
  const event = page.locator('article.event').first();
  await event.locator('summary', { hasText: 'Ajouter à mon agenda' }).click();
  const file = event.getByRole('link', { name: /Fichier d'agenda/ });
  await expect(file).toBeVisible();
  const href = await file.getAttribute('href');
  expect(href).toMatch(/^\/evenements\/\d+\/agenda\.ics$/);
  const ics = await request.get(href!);
  expect(ics.status()).toBe(200);
  expect(ics.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  expect(await ics.text()).toContain('BEGIN:VEVENT');
  await expect(event.getByRole('link', { name: 'Google Agenda' })).toHaveAttribute('href', /^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE/);
  await expect(event.getByRole('link', { name: 'Outlook' })).toHaveAttribute('href', /^https:\/\/outlook\.live\.com\//);
});
