import { Page, expect } from '@playwright/test';
import { readFileSync } from 'fs';
import { join } from 'path';

export const SHEET = '/actions/ambassadeurs-passeurs-loire-atlantique';

type Credentials = { email: string; password: string };

/** Accounts created by scripts/e2e-server.sh for this run. */
export function credentials(): { referent: Credentials; admin: Credentials } {
  return JSON.parse(readFileSync(join(__dirname, '..', '.state', 'credentials.json'), 'utf8'));
}

export async function logIn(page: Page, who: Credentials, next = '/') {
  await page.goto(`/connexion?suite=${encodeURIComponent(next)}`);
  await page.getByLabel('Adresse e-mail').fill(who.email);
  await page.getByLabel('Mot de passe').fill(who.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByText(/Connecté\(e\)/)).toBeVisible();
}

export async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('link', { name: 'Connexion référents' })).toBeVisible();
}
