import { Page, expect } from '@playwright/test';
import { readFileSync, readdirSync } from 'fs';
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

/** Decodes a quoted-printable mail body, as mail clients do. */
function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The path of the password link in the newest outbox mail sent to `to`. */
export function passwordLinkFor(to: string): string {
  const dir = join(__dirname, '..', '.state', 'outbox');
  const files = readdirSync(dir).sort().reverse();
  for (const file of files) {
    const mail = decodeQuotedPrintable(readFileSync(join(dir, file), 'utf8'));
    if (!mail.includes(`To: ${to}`)) continue;
    const match = mail.match(/https?:\/\/[^\s"<>]+\/mot-de-passe\?jeton=[0-9a-f]{64}/);
    if (match) return new URL(match[0]).pathname + new URL(match[0]).search;
  }
  throw new Error(`no password link for ${to}`);
}

/** The path of the personal registration link in the newest outbox mail sent to `to`. */
export function registrationLinkFor(to: string): string {
  const dir = join(__dirname, '..', '.state', 'outbox');
  const files = readdirSync(dir).sort().reverse();
  for (const file of files) {
    const mail = decodeQuotedPrintable(readFileSync(join(dir, file), 'utf8'));
    if (!mail.includes(`To: ${to}`)) continue;
    const match = mail.match(/https?:\/\/[^\s"<>]+\/inscription\/[0-9a-f]{64}/);
    if (match) return new URL(match[0]).pathname;
  }
  throw new Error(`no registration link for ${to}`);
}
