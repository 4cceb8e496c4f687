/**
 * Images as result files carry them: base64 text (VLMEvalKit TSV cells, data URLs), raw bytes
 * (Parquet), or a path relative to the file. Bytes are checked to be an image we can show;
 * the size is read from the header so nothing is decoded.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { asText, literalValue } from './fields';
import type { ImageSource } from './types';
import { isInside, realPathOrAncestor } from '../api/file-roots';

export interface ImageInfo {
  mime: string;
  width: number | null;
  height: number | null;
}

/** The image type and size from its first bytes; null when the bytes are no image we know. */
export function sniffImage(bytes: Uint8Array): ImageInfo | null {
  const b = bytes;
  const u16be = (at: number) => (b[at]! << 8) | b[at + 1]!;
  const u16le = (at: number) => b[at]! | (b[at + 1]! << 8);
  const u32be = (at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    return { mime: 'image/png', width: u32be(16), height: u32be(20) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { mime: 'image/jpeg', ...jpegSize(b) };
  if (b.length >= 10 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) {
    return { mime: 'image/gif', width: u16le(6), height: u16le(8) };
  }
  if (b.length >= 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') {
    const kind = ascii(b, 12, 16);
    if (kind === 'VP8X') return { mime: 'image/webp', width: 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16)), height: 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16)) };
    if (kind === 'VP8 ') return { mime: 'image/webp', width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
    if (kind === 'VP8L') {
      const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
      return { mime: 'image/webp', width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
    }
    return { mime: 'image/webp', width: null, height: null };
  }
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) {
    return { mime: 'image/bmp', width: b[18]! | (b[19]! << 8) | (b[20]! << 16) | (b[21]! << 24), height: Math.abs(b[22]! | (b[23]! << 8) | (b[24]! << 16) | (b[25]! << 24)) };
  }
  if (b.length >= 8 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a))) {
    return { mime: 'image/tiff', width: null, height: null };
  }
  void u16be;
  return null;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** Walks JPEG segments to the first start-of-frame marker, which holds the size. */
function jpegSize(b: Uint8Array): { width: number | null; height: number | null } {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return { width: null, height: null };
    const marker = b[at + 1]!;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = (b[at + 2]! << 8) | b[at + 3]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (b[at + 5]! << 8) | b[at + 6]!, width: (b[at + 7]! << 8) | b[at + 8]! };
    }
    at += 2 + length;
  }
  return { width: null, height: null };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Whether `bytes` is all of `body` decoded: no character skipped, padding only at the end. */
function decodedWhole(body: string, bytes: Buffer): boolean {
  const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0;
  return body.length % 4 === 0 && bytes.length === (body.length / 4) * 3 - padding && BASE64.test(body.slice(-4));
}

/**
 * Decodes a base64 image cell strictly: Node's decoder skips garbage silently, so the decoded length is
 * checked against the text's (line breaks and spaces are allowed, as encoders wrap lines). Throws a message
 * saying what is wrong; the caller adds file, row and field.
 */
export function decodeBase64Image(text: string): { bytes: Buffer; info: ImageInfo } {
  let body = text.trim();
  const dataUrl = /^data:image\/[\w.+-]+;base64,/.exec(body);
  if (dataUrl) body = body.slice(dataUrl[0].length);
  if (body.length === 0) throw new Error('empty image');
  // Node's decoder skips characters that are not base64; the decoded length tells whether it had to.
  // Line-wrapped base64 is rare: its whitespace is looked for only then (a scan of every image's text
  // was 5% of importing a TSV of images).
  let bytes = Buffer.from(body, 'base64');
  if (!decodedWhole(body, bytes) && /\s/.test(body)) {
    body = body.replace(/\s+/g, '');
    bytes = Buffer.from(body, 'base64');
  }
  if (!decodedWhole(body, bytes)) {
    const bad = body.search(/[^A-Za-z0-9+/=]/);
    const why = bad >= 0 ? `character "${body[bad]}" at offset ${bad}` : body.length % 4 !== 0 ? `length ${body.length} is not a multiple of 4` : 'misplaced "=" padding';
    throw new Error(`not base64 (${why})`);
  }
  const info = sniffImage(bytes);
  if (!info) throw new Error('base64 text that does not decode to an image (PNG, JPEG, GIF, WebP, BMP or TIFF)');
  return { bytes, info };
}

/** Reads an image file's bytes when the path resolves; null when it does not exist. */
export function readImageFile(path: string): { bytes: Buffer; info: ImageInfo | null } | null {
  if (!existsSync(path) || !statSync(path).isFile()) return null;
  const bytes = readFileSync(path);
  return { bytes, info: sniffImage(bytes) };
}

/**
 * Where a path written in a result file points: as written when absolute, else relative to the
 * file's folder, then to --images (also by base name, for absolute paths from another machine,
 * like R1-V's). A file may only name images inside its own folder or --images (symlinks
 * resolved): a result file is data, not a licence to read /etc. Null when nothing allowed is
 * there; the caller reports every such reference as missing alike, so the message never tells
 * whether a file outside exists.
 */
export function resolveImagePath(ref: string, fileDir: string, imagesDir: string | undefined): string | null {
  const candidates: string[] = [];
  if (isAbsolute(ref)) candidates.push(ref);
  else candidates.push(resolve(fileDir, ref));
  if (imagesDir) {
    if (!isAbsolute(ref)) candidates.push(resolve(imagesDir, ref));
    candidates.push(join(imagesDir, basename(ref)));
  }
  const allowed = [fileDir, ...(imagesDir ? [imagesDir] : [])].map((dir) => realPathOrAncestor(dir));
  return (
    candidates.find((path) => {
      const real = realPathOrAncestor(path);
      return allowed.some((root) => isInside(real, root)) && existsSync(real) && statSync(real).isFile();
    }) ?? null
  );
}

/** The longest `image` cell that VLMEvalKit treats as a reference to another row's index. */
export const VLMEVALKIT_IMAGE_REF_MAX = 64;

/**
 * Image sources from a cell value: bytes, {bytes, path} structs (Hugging Face's Image feature),
 * base64 text, data URLs, paths, or lists of any of these (also as Python list literals).
 */
export function imageSourcesOf(value: unknown): ImageSource[] {
  const parsed = literalValue(value);
  if (parsed === null || parsed === undefined || parsed === '') return [];
  if (Array.isArray(parsed)) return parsed.flatMap((item) => imageSourcesOf(item));
  if (parsed instanceof Uint8Array) return [{ kind: 'bytes', bytes: Buffer.from(parsed.buffer, parsed.byteOffset, parsed.byteLength) }];
  if (typeof parsed === 'object') {
    const struct = parsed as { bytes?: unknown; path?: unknown };
    if (struct.bytes instanceof Uint8Array && struct.bytes.length > 0) return imageSourcesOf(struct.bytes);
    if (typeof struct.bytes === 'string' && struct.bytes.length > 0) return imageSourcesOf(struct.bytes);
    if (typeof struct.path === 'string' && struct.path !== '') return [{ kind: 'path', path: struct.path }];
    return [];
  }
  const text = asText(parsed);
  // No file path is this long, nor without an extension and all base64 letters; an image's base64 is.
  if (text.startsWith('data:image/') || text.length > 1024 || (text.length >= 64 && /^[A-Za-z0-9+/]+={0,2}$/.test(text))) {
    return [{ kind: 'base64', text }];
  }
  return [{ kind: 'path', path: text }];
}
