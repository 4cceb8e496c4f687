/**
 * Draws the app icon and writes it in the forms the app needs (run: `node scripts/make-icons.mjs`;
 * the outputs are committed, so a build never runs this):
 * - resources/icon.png (512 px): the Electron window's icon (main/electron/index.ts);
 * - resources/icon.ico and resources/icon.icns: the same image for Windows and macOS packaging
 *   (both formats may hold a PNG as is, so no other encoder is needed);
 * - resources/web/favicon.png (64 px): the page icon of the UI, desktop and `serve`
 *   (the renderer's public folder, see electron.vite.config.ts).
 * The picture: a bounding box with a focus point, on the workbench's dark blue.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const RESOURCES = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');

/** Signed distance from (x, y) to a rounded rectangle centred at (cx, cy). */
function roundedBox(x, y, cx, cy, halfW, halfH, radius) {
  const qx = Math.abs(x - cx) - halfW + radius;
  const qy = Math.abs(y - cy) - halfH + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Coverage of a shape at one pixel from its signed distance (a one-pixel soft edge). */
const cover = (distance) => Math.min(1, Math.max(0, 0.5 - distance));

function draw(size) {
  const png = new PNG({ width: size, height: size });
  const s = size / 512;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = px + 0.5;
      const y = py + 0.5;
      const background = cover(roundedBox(x, y, 256 * s, 256 * s, 240 * s, 240 * s, 96 * s));
      // The box: a ring between two rounded rectangles.
      const outer = roundedBox(x, y, 256 * s, 256 * s, 150 * s, 120 * s, 28 * s);
      const ring = cover(Math.max(outer, -(outer + 26 * s)));
      const dot = cover(Math.hypot(x - 300 * s, y - 236 * s) - 44 * s);
      const shade = y / size;
      let [r, g, b] = [24 + 20 * shade, 52 + 30 * shade, 110 + 40 * shade];
      const white = Math.max(ring, 0);
      [r, g, b] = [r + (240 - r) * white, g + (244 - g) * white, b + (250 - b) * white];
      [r, g, b] = [r + (255 - r) * dot, g + (183 - g) * dot, b + (77 - b) * dot];
      const i = (py * size + px) * 4;
      png.data[i] = Math.round(r);
      png.data[i + 1] = Math.round(g);
      png.data[i + 2] = Math.round(b);
      png.data[i + 3] = Math.round(255 * background);
    }
  }
  return PNG.sync.write(png);
}

/** An .ico holding one PNG image (Windows Vista and later read PNG entries). */
function ico(png, size) {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size >= 256 ? 0 : size, 6); // 0 means 256
  header.writeUInt8(size >= 256 ? 0 : size, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18); // offset of the image
  return Buffer.concat([header, png]);
}

/** An .icns holding PNG entries by their type codes (ic08: 256 px, ic09: 512 px). */
function icns(entries) {
  const blocks = entries.map(([type, png]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + blocks.reduce((sum, block) => sum + block.length, 0), 4);
  return Buffer.concat([head, ...blocks]);
}

const png512 = draw(512);
const png256 = draw(256);
mkdirSync(join(RESOURCES, 'web'), { recursive: true });
writeFileSync(join(RESOURCES, 'icon.png'), png512);
writeFileSync(join(RESOURCES, 'icon.ico'), ico(png256, 256));
writeFileSync(join(RESOURCES, 'icon.icns'), icns([['ic08', png256], ['ic09', png512]]));
writeFileSync(join(RESOURCES, 'web', 'favicon.png'), draw(64));
console.log(`icons written to ${RESOURCES}`);
