import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTinyQwen2Vl, writeTinySmolVlm } from '../../../../scripts/make-tiny-vlm-models';
import { useTempDir } from '../../../test-support/temp';

const FIXTURES = join('e2e', 'fixtures', 'models');

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** The committed model folders are exactly what the committed generator writes: no hand edits, no drift. */
describe('tiny model fixtures', () => {
  const tempDir = useTempDir();
  it.each([
    ['tiny-qwen2-vl', writeTinyQwen2Vl],
    ['tiny-smolvlm', writeTinySmolVlm],
  ] as const)('%s is reproduced byte for byte by scripts/make-tiny-vlm-models.ts', (name, write) => {
    const dir = join(tempDir(), name);
    write(dir);
    const committed = join(FIXTURES, name);
    expect(files(dir)).toEqual(files(committed));
    for (const file of files(dir)) expect(readFileSync(join(dir, file)).equals(readFileSync(join(committed, file))), file).toBe(true);
  });
});
