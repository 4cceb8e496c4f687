import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_RGB, COLOR_RGB, type Scene, generateDemoBenchmark, renderScene } from './index';

const isBackground = (png: PNG, x: number, y: number): boolean => {
  const i = (png.width * y + x) * 4;
  return png.data[i] === BACKGROUND_RGB[0] && png.data[i + 1] === BACKGROUND_RGB[1] && png.data[i + 2] === BACKGROUND_RGB[2];
};

describe('renderScene', () => {
  it('writes a PNG that pngjs decodes at the scene size', () => {
    const [sample] = generateDemoBenchmark({ count: 1 });
    const png = PNG.sync.read(sample!.image);
    expect(png.width).toBe(320);
    expect(png.height).toBe(240);
    expect(sample!.image.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('paints every object (non-background, roughly its colour at the centre) and leaves corners as background', () => {
    for (const s of generateDemoBenchmark({ count: 20 })) {
      const png = PNG.sync.read(s.image);
      for (const o of s.scene.objects) {
        const x = Math.round(o.x);
        const y = Math.round(o.y);
        expect(isBackground(png, x, y), `${s.id} ${o.color} ${o.shape}`).toBe(false);
        const i = (png.width * y + x) * 4;
        const want = COLOR_RGB[o.color]!;
        // Sphere highlights and cylinder tops lighten the fill; allow for that.
        const dist = Math.hypot(png.data[i]! - want[0], png.data[i + 1]! - want[1], png.data[i + 2]! - want[2]);
        expect(dist, `${s.id} ${o.color} ${o.shape} centre colour`).toBeLessThan(120);
      }
      for (const [x, y] of [
        [0, 0],
        [319, 0],
        [0, 239],
        [319, 239],
      ] as const)
        expect(isBackground(png, x, y)).toBe(true);
    }
  });

  it('draws nothing for an empty scene and distinguishes shapes by silhouette', () => {
    const empty: Scene = { id: 'empty', width: 64, height: 48, objects: [] };
    const png = PNG.sync.read(renderScene(empty));
    for (let y = 0; y < 48; y++) for (let x = 0; x < 64; x++) expect(isBackground(png, x, y)).toBe(true);

    // Filled area of each shape at the same size: circle < square, and the cylinder is taller than wide.
    const area = (shape: 'cube' | 'sphere' | 'cylinder'): { area: number; w: number; h: number } => {
      const img = PNG.sync.read(renderScene({ id: shape, width: 80, height: 80, objects: [{ shape, color: 'red', size: 'large', x: 40, y: 40 }] }));
      let n = 0;
      let minX = 80, maxX = 0, minY = 80, maxY = 0;
      for (let y = 0; y < 80; y++)
        for (let x = 0; x < 80; x++)
          if (!isBackground(img, x, y)) {
            n++;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
          }
      return { area: n, w: maxX - minX + 1, h: maxY - minY + 1 };
    };
    const cube = area('cube');
    const sphere = area('sphere');
    const cyl = area('cylinder');
    expect(Math.abs(cube.w - cube.h)).toBeLessThanOrEqual(1);
    expect(Math.abs(sphere.w - sphere.h)).toBeLessThanOrEqual(1);
    expect(cyl.h).toBeGreaterThan(cyl.w + 5);
    expect(sphere.area).toBeLessThan(sphere.w * sphere.h * 0.85); // a circle does not fill its box
    expect(cube.area).toBeGreaterThan(cube.w * cube.h * 0.9); // a square does
  });
});
