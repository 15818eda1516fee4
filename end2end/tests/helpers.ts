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

/** The path of the first link to `path` followed by a token in the newest outbox mail to
 * `to` that has one, or null. */
export function tokenLinkFor(to: string, path: string): string | null {
  const dir = join(__dirname, '..', '.state', 'outbox');
  let files: string[] = [];
  try {
    files = readdirSync(dir).sort().reverse();
  } catch {
    return null;
  }
  const pattern = new RegExp(`https?://[^\\s"<>]+${path.replace(/\//g, '\\/')}[0-9a-f]{64}`);
  for (const file of files) {
    const mail = decodeQuotedPrintable(readFileSync(join(dir, file), 'utf8'));
    if (!mail.includes(`To: ${to}`)) continue;
    const match = mail.match(pattern);
    if (match) return new URL(match[0]).pathname;
  }
  return null;
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

/** A small real PNG photo (`width` × `height`, colours from `seed`), made here. */
export function pngPhoto(width: number, height: number, seed: number): Buffer {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const zlib = require('zlib');
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push((x * 5 + seed) % 256, (y * 7 + seed) % 256, (seed * 3) % 256);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
