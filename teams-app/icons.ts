import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { encodePng, type RgbaImage } from './png.js';

/**
 * The Teams app icons, drawn in code so they are reproducible: `npx tsx teams-app/icons.ts` writes
 * teams-app/icons/color.png (192×192, full colour) and teams-app/icons/outline.png (32×32, white on
 * transparent), which are committed. The motif is a speech bubble with three dots — a chat
 * with the insurer's support — on the app's accent colour.
 */

/** The app's accent colour (manifest `accentColor` and the colour icon's background). */
export const ACCENT_COLOR = '#12365F';

export const ICONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icons');
export const COLOR_ICON = 'color.png';
export const OUTLINE_ICON = 'outline.png';

type Shape = (x: number, y: number) => boolean;

function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

function triangle(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Shape {
  const side = (px: number, py: number, qx: number, qy: number, x: number, y: number) => (qx - px) * (y - py) - (qy - py) * (x - px);
  return (x, y) => {
    const d1 = side(ax, ay, bx, by, x, y);
    const d2 = side(bx, by, cx, cy, x, y);
    const d3 = side(cx, cy, ax, ay, x, y);
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
  };
}

function circle(cx: number, cy: number, r: number): Shape {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const minus =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && !b(x, y);

/** How much of the pixel the shape covers (0–1), from an 8×8 grid of samples: smooth edges. */
function coverage(shape: Shape, px: number, py: number): number {
  const n = 8;
  let hits = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (shape(px + (i + 0.5) / n, py + (j + 0.5) / n)) hits++;
  return hits / (n * n);
}

function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

/** Draws layers over a background; each layer is a shape in a colour. */
function paint(size: number, background: [number, number, number, number], layers: { shape: Shape; rgb: [number, number, number] }[]): RgbaImage {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let [r, g, b, a] = background;
      for (const { shape, rgb } of layers) {
        const c = coverage(shape, x, y);
        if (c === 0) continue;
        r = Math.round(rgb[0] * c + r * (1 - c));
        g = Math.round(rgb[1] * c + g * (1 - c));
        b = Math.round(rgb[2] * c + b * (1 - c));
        a = Math.round(255 * c + a * (1 - c));
      }
      data.set([r, g, b, a], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, data };
}

/** 192×192: a white speech bubble with three accent dots on the accent colour (full bleed). */
export function colorIcon(): RgbaImage {
  const accent = hexToRgb(ACCENT_COLOR);
  const bubble = union(roundedRect(40, 44, 152, 132, 20), triangle(60, 126, 60, 160, 94, 126));
  const dots = union(circle(70, 88, 10), circle(96, 88, 10), circle(122, 88, 10));
  return paint(192, [...accent, 255], [
    { shape: bubble, rgb: [255, 255, 255] },
    { shape: dots, rgb: accent },
  ]);
}

/**
 * 32×32: the same bubble as a white outline on a transparent background, as Teams requires for
 * the outline icon (only white and transparency; anti-aliasing is in the alpha channel alone).
 */
export function outlineIcon(): RgbaImage {
  const outer = union(roundedRect(3, 5, 29, 23, 4.5), triangle(7, 21, 7, 29, 14, 21));
  const inner = roundedRect(5.25, 7.25, 26.75, 20.75, 2.5);
  const dots = union(circle(10.5, 14, 1.7), circle(16, 14, 1.7), circle(21.5, 14, 1.7));
  const shape = union(minus(outer, inner), dots);
  const image = paint(32, [255, 255, 255, 0], [{ shape, rgb: [255, 255, 255] }]);
  return image;
}

export function iconPngs(): Record<typeof COLOR_ICON | typeof OUTLINE_ICON, Buffer> {
  return { [COLOR_ICON]: encodePng(colorIcon()), [OUTLINE_ICON]: encodePng(outlineIcon()) };
}

function writeIcons(): void {
  fs.mkdirSync(ICONS_DIR, { recursive: true });
  for (const [name, png] of Object.entries(iconPngs())) {
    fs.writeFileSync(path.join(ICONS_DIR, name), png);
    process.stdout.write(`wrote ${path.relative(process.cwd(), path.join(ICONS_DIR, name))} (${png.length} bytes)\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) writeIcons();
