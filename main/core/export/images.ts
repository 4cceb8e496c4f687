/**
 * Image files in an export: named by their sha256, so one image shown by many records is
 * written once, and two exports into the same folder share their images safely.
 */

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/tiff': 'tiff',
};

/** The folder (relative to the export) that holds the images of folder, zip and CSV exports. */
export const IMAGES_DIR = 'images';

export function imageFileName(sha256: string, mime: string): string {
  return `${sha256}.${EXTENSIONS[mime] ?? 'bin'}`;
}

/** `images/<sha256>.<ext>`: the path records carry, always with forward slashes. */
export function imagePath(sha256: string, mime: string): string {
  return `${IMAGES_DIR}/${imageFileName(sha256, mime)}`;
}
