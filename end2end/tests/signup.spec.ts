import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'fs';
import { SHEET, credentials, logIn, registrationLinkFor } from './helpers';

const EVENT = 'Banquet citoyen de quartier';

async function openSheet(page: Page, jsOn: boolean) {
  await page.goto(SHEET);
  const event = page.getByRole('article', { name: EVENT });
  await expect(event).toBeVisible();
  if (jsOn) await expect(event.locator('form.signup-form[data-interactive="true"]')).toHaveCount(1);
  return event;
}

/** axe-core's violations on `page`; with JavaScript off, on the same address loaded as a
 * browser without JavaScript sees it (axe itself needs JavaScript, see a11y.spec.ts). */
async function axeViolations(page: Page, browser: any, jsOn: boolean) {
  let target = page;
  if (!jsOn) {
    const context = await browser.newContext({ javaScriptEnabled: true, locale: 'fr-FR' });
    await context.route(/\/pkg\/.*\.(js|wasm)$/, (route: any) => route.abort());
    target = await context.newPage();
    await target.goto(page.url());
  }
  const results = await new AxeBuilder({ page: target }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('a resident signs up from the sheet, gets the confirmation, and cancels with the link from the email', async ({ page, browser }, testInfo) => {
  const jsOn = testInfo.project.name === 'js-on';
  const email = `habitante.${testInfo.project.name}@exemple.fr`;
  const event = await openSheet(page, jsOn);
  await expect(event.getByText(/Plus que \d+ places?|Plus qu'une place/)).toBeVisible();

  await event.getByLabel('Votre nom').fill(`Nadia (${testInfo.project.name})`);
  await event.getByLabel('Votre adresse e-mail').fill(email);
  await event.getByLabel('Nombre de personnes, vous compris').fill('1');
  await event.getByLabel(/J'accepte que les organisateurs/).check();
  await event.getByRole('button', { name: "Je m'inscris" }).click();

  // The answer is the same for a new address and one already registered: the personal
  // link is only in the mail. With JavaScript no reload; without, back on the sheet.
  await expect(page).toHaveURL(jsOn ? new RegExp(`${SHEET}$`) : new RegExp(`${SHEET}\\?inscription=\\d+#evenement-\\d+$`));
  const answer = page.getByRole('article', { name: EVENT }).getByRole('status').filter({ hasText: 'Votre lien personnel est dans votre boîte mail' });
  await expect(answer).toBeVisible();
  await expect(page.getByRole('link', { name: /Voir mon inscription/ })).toHaveCount(0);
  expect(await axeViolations(page, browser, jsOn)).toEqual([]);

  // The confirmation email carries the personal link; opening it cancels nothing.
  let link = '';
  await expect.poll(() => { try { link = registrationLinkFor(email); return link; } catch { return ''; } }).not.toBe('');
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Inscription confirmée', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: /Ajouter à mon agenda/ })).toBeVisible();
  expect(await axeViolations(page, browser, jsOn)).toEqual([]);

  // Signing up again with the same address says the same and mails the link again.
  await openSheet(page, jsOn);
  const again = page.getByRole('article', { name: EVENT });
  await again.getByLabel('Votre nom').fill(`Nadia (${testInfo.project.name})`);
  await again.getByLabel('Votre adresse e-mail').fill(email);
  await again.getByLabel(/J'accepte que les organisateurs/).check();
  // This sign-up may have taken the last place: the button then offers the waitlist.
  await again.getByRole('button', { name: /Je m'inscris|liste d'attente/ }).click();
  await expect(page.getByRole('article', { name: EVENT }).getByRole('status').filter({ hasText: 'Votre lien personnel est dans votre boîte mail' })).toBeVisible();

  await page.goto(link);
  await page.getByRole('button', { name: 'Annuler mon inscription' }).click();
  await expect(page.getByText("C'est fait : votre inscription est annulée.")).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Inscription annulée', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Annuler mon inscription' })).toHaveCount(0);
});

test('a form with mistakes says what to fix next to each field and keeps what was typed', async ({ page, browser }, testInfo) => {
  const jsOn = testInfo.project.name === 'js-on';
  let event = await openSheet(page, jsOn);
  await event.getByLabel('Votre nom').fill('Bérénice');
  await event.getByLabel('Votre adresse e-mail').fill('pas-une-adresse');
  await event.getByRole('button', { name: "Je m'inscris" }).click();
  if (!jsOn) event = page.getByRole('article', { name: EVENT });
  await expect(event.getByText("Cette adresse e-mail n'est pas valide")).toBeVisible();
  await expect(event.getByText('Cochez la case')).toBeVisible();
  await expect(event.getByLabel('Votre nom')).toHaveValue('Bérénice');
  await expect(event.getByLabel('Votre adresse e-mail')).toHaveAttribute('aria-invalid', 'true');
  expect(await axeViolations(page, browser, jsOn)).toEqual([]);
});

test('a référent sees who signed up and downloads the list as CSV', async ({ page }, testInfo) => {
  const jsOn = testInfo.project.name === 'js-on';
  const name = `Joseph (${testInfo.project.name})`;
  const event = await openSheet(page, jsOn);
  await event.getByLabel('Votre nom').fill(name);
  await event.getByLabel('Votre adresse e-mail').fill(`joseph.${testInfo.project.name}@exemple.fr`);
  await event.getByLabel(/J'accepte que les organisateurs/).check();
  await event.getByRole('button', { name: "Je m'inscris" }).click();
  await expect(page.getByRole('article', { name: EVENT }).getByRole('status').filter({ hasText: 'Votre lien personnel est dans votre boîte mail' })).toBeVisible();

  await logIn(page, credentials().referent, SHEET);
  await page.getByRole('article', { name: EVENT }).getByRole('link', { name: /Voir les inscriptions/ }).click();
  await expect(page.getByRole('heading', { name: `Inscriptions — ${EVENT}` })).toBeVisible();
  await expect(page.getByRole('cell', { name })).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: /Télécharger la liste/ }).click();
  const file = await (await download).path();
  const bytes = readFileSync(file!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text.split('\r\n')[0]).toBe('Statut;Nom;E-mail;Personnes;Message;Inscrit(e) le');
  expect(text).toContain(`Confirmée;${name};joseph.${testInfo.project.name}@exemple.fr;1;`);
});
