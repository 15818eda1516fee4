import { test, expect, Page, Browser } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { SHEET } from './helpers';

// Paper: every demo sheet's printed view fits on at most two A4 pages, with its QR code
// and address; the print view and the posters have no accessibility violation.

async function demoSheets(page: Page): Promise<string[]> {
  const response = await page.request.get('/sitemap.xml');
  expect(response.status()).toBe(200);
  const xml = await response.text();
  const paths = [...xml.matchAll(/<loc>[^<]*?(\/actions\/[a-z0-9-]+)<\/loc>/g)].map((m) => m[1]);
  expect(paths.length).toBeGreaterThanOrEqual(9);
  return paths;
}

function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

test('every demo sheet prints on at most two A4 pages, ending with its address and QR code', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'js-off', 'the same printed page: checked once');
  for (const path of await demoSheets(page)) {
    await page.goto(`${path}/imprimer`);
    const footer = page.locator('.print-link');
    await expect(footer).toContainText("Retrouvez plus d'informations et participez sur la plateforme");
    await expect(footer.locator('svg.qr-code')).toHaveCount(1);
    await expect(footer.locator('.print-url')).toHaveText(new RegExp(`${path}$`));
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = pdfPages(pdf);
    expect(pages, `${path}: ${pages} pages`).toBeGreaterThanOrEqual(1);
    expect(pages, `${path}: ${pages} pages`).toBeLessThanOrEqual(2);
  }
});

async function noViolations(page: Page, browser: Browser, jsOff: boolean, path: string) {
  let target = page;
  if (jsOff) {
    const context = await browser.newContext({ javaScriptEnabled: true, locale: 'fr-FR' });
    await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
    target = await context.newPage();
  }
  await target.goto(path);
  const results = await new AxeBuilder({ page: target }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), path).toEqual([]);
  if (jsOff) await target.context().close();
}

test('axe-core finds no violation on the print view, a poster and a flyer', async ({ page, browser }, testInfo) => {
  const jsOff = testInfo.project.name === 'js-off';
  await noViolations(page, browser, jsOff, `${SHEET}/imprimer`);
  await page.goto(SHEET);
  const ics = await page.locator('article.event a[href$="/agenda.ics"]').first().getAttribute('href');
  const id = ics!.match(/\/evenements\/(\d+)\//)![1];
  await noViolations(page, browser, jsOff, `/evenements/${id}/affiche`);
  await noViolations(page, browser, jsOff, `/evenements/${id}/flyer`);
});

test('axe-core finds no violation on the embed help and the embed pages', async ({ page, browser }, testInfo) => {
  const jsOff = testInfo.project.name === 'js-off';
  await noViolations(page, browser, jsOff, '/integrer');
  await noViolations(page, browser, jsOff, '/integrer/territoires/44-loire-atlantique');
  await page.goto('/integrer?departement=35');
  await expect(page.locator('pre.snippet')).toContainText('/integrer/territoires/35-ille-et-vilaine');
});

test('a sheet offers share links that work without JavaScript', async ({ page }, testInfo) => {
  await page.goto(SHEET);
  const share = page.getByRole('region', { name: 'Faire connaître cette action' });
  await expect(share.getByRole('link', { name: 'Partager par WhatsApp' })).toHaveAttribute('href', /^https:\/\/wa\.me\/\?text=/);
  await expect(share.getByRole('link', { name: 'Partager par E-mail' })).toHaveAttribute('href', /^mailto:\?subject=/);
  const copy = share.getByRole('button', { name: 'Copier le lien' });
  if (testInfo.project.name === 'js-off') await expect(copy).toBeHidden();
  else await expect(copy).toBeVisible();
});
