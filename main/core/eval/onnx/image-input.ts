import { PNG } from 'pngjs';

export interface ImagePreprocessing {
  /** Height and width the model takes. */
  height: number;
  width: number;
  /** Per-channel (RGB) mean and standard deviation applied after scaling pixels to [0, 1]. */
  mean: [number, number, number];
  std: [number, number, number];
}

/** Decodes an image data URL (PNG) into RGBA pixels. */
export function decodeDataUrl(url: string): { width: number; height: number; rgba: Buffer } {
  const match = /^data:([^;,]+)(;base64)?,/.exec(url);
  if (!match || !match[2]) throw new Error('the onnx backend takes images as base64 data URLs');
  if (match[1] !== 'image/png') throw new Error(`the onnx backend reads PNG images only, got ${match[1]}`);
  const png = PNG.sync.read(Buffer.from(url.slice(match[0].length), 'base64'));
  return { width: png.width, height: png.height, rgba: png.data };
}

/**
 * `pixel_values` [1, 3, H, W] float32: resized with bilinear filtering, scaled to [0, 1],
 * normalised per channel, channels first, as Hugging Face image processors produce it.
 */
export function pixelValues(image: { width: number; height: number; rgba: Buffer }, config: ImagePreprocessing): Float32Array {
  const { width: outW, height: outH } = config;
  const out = new Float32Array(3 * outH * outW);
  const scaleX = image.width / outW;
  const scaleY = image.height / outH;
  const at = (x: number, y: number, channel: number): number => image.rgba[(y * image.width + x) * 4 + channel]!;
  for (let y = 0; y < outH; y++) {
    // Pixel centres aligned, as PIL's bilinear resize does.
    const sy = Math.min(image.height - 1, Math.max(0, (y + 0.5) * scaleY - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(image.height - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < outW; x++) {
      const sx = Math.min(image.width - 1, Math.max(0, (x + 0.5) * scaleX - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(image.width - 1, x0 + 1);
      const fx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const top = at(x0, y0, c) * (1 - fx) + at(x1, y0, c) * fx;
        const bottom = at(x0, y1, c) * (1 - fx) + at(x1, y1, c) * fx;
        const value = (top * (1 - fy) + bottom * fy) / 255;
        out[c * outH * outW + y * outW + x] = (value - config.mean[c]!) / config.std[c]!;
      }
    }
  }
  return out;
}
