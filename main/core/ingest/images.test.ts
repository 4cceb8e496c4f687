import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeBase64Image } from './images';

const png = (() => {
  const image = new PNG({ width: 3, height: 2 });
  image.data.fill(200);
  return PNG.sync.write(image);
})();
const base64 = png.toString('base64');

describe('decodeBase64Image (an image cell of a result file)', () => {
  it('decodes plain, line-wrapped and data-URL base64 to the same image', () => {
    const wrapped = base64.replace(/.{1,76}/g, (line) => `${line}\r\n`);
    for (const text of [base64, wrapped, ` ${wrapped} `, `data:image/png;base64,${base64}`]) {
      const { bytes, info } = decodeBase64Image(text);
      expect(bytes.equals(png)).toBe(true);
      expect(info).toMatchObject({ mime: 'image/png', width: 3, height: 2 });
    }
  });

  it('refuses text that is not all base64, saying where', () => {
    expect(() => decodeBase64Image(`${base64.slice(0, 8)}*${base64.slice(9)}`)).toThrow('not base64 (character "*" at offset 8)');
    expect(() => decodeBase64Image(base64.slice(0, -1))).toThrow(/not base64/);
    expect(() => decodeBase64Image('   ')).toThrow('empty image');
    expect(() => decodeBase64Image(Buffer.from('plain text, not an image').toString('base64'))).toThrow(/does not decode to an image/);
  });
});
