/**
 * A whole JSON document. The benchmark repositories' own result files (MathVista, R1-V, MMMU,
 * MATH-V summaries) are single JSON documents of a few MB, read whole.
 */
import { readFile } from 'node:fs/promises';
import { ImportError } from '../errors';
import { checkJsonDepth } from './bounds';

export async function readJsonDocument(path: string, displayPath: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  checkJsonDepth(text, displayPath);
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new ImportError(displayPath, null, null, `not JSON: ${(error as Error).message}`);
  }
}
