// Generates the app icons from resources/icon.svg: PNGs at the usual sizes (rendered by
// Chromium, so no image toolchain is needed), icon.ico (PNG-compressed entries, as
// Windows Vista+ reads them) and icon.icns (PNG-based ic07…ic10 chunks). Run after
// changing the SVG: `node scripts/make-icons.mjs`; the outputs are committed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resources = path.join(root, 'resources');
const svg = readFileSync(path.join(resources, 'icon.svg'), 'utf8');
const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const browser = await chromium.launch({ executablePath: process.env.SPECWRIGHT_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
const png = {};
for (const size of sizes) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  png[size] = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}
await browser.close();

mkdirSync(path.join(resources, 'icons'), { recursive: true });
for (const size of sizes) writeFileSync(path.join(resources, 'icons', `${size}x${size}.png`), png[size]);
writeFileSync(path.join(resources, 'icon.png'), png[1024]);

// ICO: a directory of entries, each a whole PNG file.
const icoSizes = [16, 24, 32, 48, 64, 128, 256];
const header = Buffer.alloc(6 + 16 * icoSizes.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(icoSizes.length, 4);
let offset = header.length;
icoSizes.forEach((size, i) => {
  const e = 6 + 16 * i;
  header.writeUInt8(size >= 256 ? 0 : size, e);
  header.writeUInt8(size >= 256 ? 0 : size, e + 1);
  header.writeUInt16LE(1, e + 4); // colour planes
  header.writeUInt16LE(32, e + 6); // bits per pixel
  header.writeUInt32LE(png[size].length, e + 8);
  header.writeUInt32LE(offset, e + 12);
  offset += png[size].length;
});
writeFileSync(path.join(resources, 'icon.ico'), Buffer.concat([header, ...icoSizes.map((s) => png[s])]));

// ICNS: 'icns' + total length, then typed chunks of PNG data.
const icnsTypes = [['icp4', 16], ['icp5', 32], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024]];
const chunks = icnsTypes.map(([type, size]) => {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'ascii');
  head.writeUInt32BE(8 + png[size].length, 4);
  return Buffer.concat([head, png[size]]);
});
const icnsHead = Buffer.alloc(8);
icnsHead.write('icns', 0, 'ascii');
icnsHead.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
writeFileSync(path.join(resources, 'icon.icns'), Buffer.concat([icnsHead, ...chunks]));
console.log(`Icons written to ${path.relative(root, resources)}/`);
