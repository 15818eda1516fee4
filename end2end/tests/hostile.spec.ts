import { test, expect } from '@playwright/test';
import { readFileSync } from 'fs';
import { join } from 'path';
import { SHEET, credentials, logIn, logOut } from './helpers';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const zlib = require('zlib');

/** The release server's peak resident memory so far, in bytes (VmHWM). */
function serverPeakMemory(): number {
  const pid = readFileSync(join(__dirname, '..', '.state', 'server.pid'), 'utf8').trim();
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = status.match(/^VmHWM:\s+(\d+) kB$/m);
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A zlib stream of `copies` × 258 zero bytes in one fixed-Huffman block: a literal 0,
 * then back-references of length 258 at distance 1, 13 bits each. */
function zerosZlib(copies: number): Buffer {
  const out = Buffer.alloc(Math.ceil((copies * 13 + 32) / 8) + 8);
  let length = 0;
  out[length++] = 0x78;
  out[length++] = 0x01;
  let current = 0;
  let count = 0;
  const put = (value: number, width: number) => {
    for (let i = 0; i < width; i++) {
      current |= ((value >> i) & 1) << count;
      if (++count === 8) {
        out[length++] = current;
        current = 0;
        count = 0;
      }
    }
  };
  // Huffman codes go most significant bit first.
  const code = (value: number, width: number) => {
    let reversed = 0;
    for (let i = 0; i < width; i++) reversed |= ((value >> i) & 1) << (width - 1 - i);
    put(reversed, width);
  };
  put(1, 1); // final block
  put(1, 2); // fixed Huffman codes
  code(0x30, 8); // literal 0
  for (let i = 0; i < copies; i++) {
    code(0b11000101, 8); // length 258
    code(0, 5); // distance 1
  }
  code(0, 7); // end of block
  if (count > 0) out[length++] = current;
  const total = copies * 258 + 1;
  out.writeUInt32BE((((total % 65521) << 16) | 1) >>> 0, length);
  return out.subarray(0, length + 4);
}

const PROFILE = zerosZlib(Math.floor(2 ** 30 / 258));

/** A 16 × 16 PNG whose colour profile (iCCP) inflates to 1 GiB: 6.8 MB on the wire. */
function profileBomb(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(16, 0);
  header.writeUInt32BE(16, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(16 * (1 + 16 * 3));
  const profile = Buffer.concat([Buffer.from('ICC Profile\0\0', 'latin1'), PROFILE]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('iCCP', profile),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('a PNG whose colour profile inflates to a gigabyte is refused, and the server stays small', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'js-off', 'a server-side check: once is enough');
  const bomb = profileBomb();
  expect(bomb.length).toBeLessThan(7_000_000);
  // The profile really is a bomb: it inflates past half a gigabyte (and on to one).
  expect(() => zlib.inflateSync(PROFILE, { maxOutputLength: 2 ** 29 })).toThrow();
  const before = serverPeakMemory();
  await logIn(page, credentials().referent, SHEET);
  const answer = await page.request.post(`${SHEET}/photos`, {
    headers: { Accept: 'application/json', Origin: new URL(page.url()).origin },
    multipart: {
      photo: { name: 'profil.png', mimeType: 'image/png', buffer: bomb },
      alt_text: 'Une photo au profil de couleur piégé',
      caption: '',
    },
  });
  expect(answer.status()).toBe(422);
  const body = await answer.json();
  expect(body.message).toContain('données cachées anormalement volumineuses');
  const peak = serverPeakMemory();
  expect(peak, `peak memory ${Math.round(peak / 2 ** 20)} MiB (before: ${Math.round(before / 2 ** 20)} MiB)`).toBeLessThan(512 * 2 ** 20);
  // The gallery did not change.
  await page.goto(SHEET);
  await expect(page.getByRole('img', { name: 'Une photo au profil de couleur piégé' })).toHaveCount(0);
  await logOut(page);
});
