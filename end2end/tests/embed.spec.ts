import { test, expect } from '@playwright/test';

// An embed page inside a frame of another site. The other site is a page the test serves
// itself on another origin; Chromium's local-network checks (which would refuse any page
// it did not fetch from the network reaching 127.0.0.1) are turned off for this file only.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessForNavigations,PrivateNetworkAccessForWorkers',
    ],
  },
});

test('an embed page shows inside a frame of another page, its links opening a new tab', async ({ page }, testInfo) => {
  // A page of another site (another origin, served by the test itself) frames the list.
  const url = new URL('/integrer/territoires/44-loire-atlantique', testInfo.project.use.baseURL).toString();
  await page.route('http://127.0.0.1:9/site-de-la-federation.html', (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="fr"><title>Fédération</title><iframe title="Passeurs" src="${url}" width="600" height="600"></iframe></html>`,
    }),
  );
  await page.goto('http://127.0.0.1:9/site-de-la-federation.html');
  const frame = page.frameLocator('iframe[title="Passeurs"]');
  await expect(frame.getByRole('heading', { level: 1 })).toContainText('Loire-Atlantique (44)');
  await expect(frame.locator('.embed-list a').first()).toHaveAttribute('target', '_blank');
});

test('any other page refuses to show inside a frame of another site', async ({ page }, testInfo) => {
  const url = new URL('/actions/ambassadeurs-passeurs-loire-atlantique', testInfo.project.use.baseURL).toString();
  await page.route('http://127.0.0.1:9/autre-site.html', (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="fr"><title>Autre site</title><iframe title="Passeurs" src="${url}" width="600" height="600"></iframe></html>`,
    }),
  );
  const refused = page.waitForEvent('console', (m) => /frame-ancestors|Refused to frame|X-Frame-Options/.test(m.text())).catch(() => null);
  await page.goto('http://127.0.0.1:9/autre-site.html');
  await page.waitForTimeout(1500);
  await expect(page.frameLocator('iframe[title="Passeurs"]').getByRole('heading', { level: 1 })).toHaveCount(0);
  expect(await refused).not.toBeNull();
});
