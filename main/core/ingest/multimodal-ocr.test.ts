/**
 * MultimodalOCR's answer files (OCRBench v1, real-files/README.md) are scored by its eval.py's rule
 * for their dataset: the official verdicts it never wrote down, beside ours.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';
import { hasWord, multimodalOcrHit } from './multimodal-ocr-rule';

const LLAVA_TEXTVQA = join(__dirname, 'real-files', 'multimodalocr', 'LLaVA', 'textVQA.json');

describe("MultimodalOCR's eval.py", () => {
  const tempDir = useTempDir();

  it('finds the gold as whole words, with Python\'s Unicode word boundaries', () => {
    expect(hasWord("the player's jersey has number 22 on it", '22')).toBe(true);
    expect(hasWord('number 221 on it', '22')).toBe(false);
    expect(hasWord('costs $5 now', '$5')).toBe(false); // \b before "$" needs a word character before it, as in Python
    expect(hasWord('北京欢迎你', '北京')).toBe(false);
    expect(hasWord('北京 欢迎你', '北京')).toBe(true);
  });

  it('applies the rule of each kind of dataset: VQA normalisation, recognition letters and digits, HME without spaces', () => {
    expect(multimodalOcrHit('textVQA', ['off'], 'The three switches are off.')).toBe(true);
    expect(multimodalOcrHit('textVQA', ['ten'], 'It says 10.')).toBe(true); // number words as VQA's evaluation maps them
    expect(multimodalOcrHit('IIIT5K', ['HELLO'], 'The word is "hello!"')).toBe(true);
    expect(multimodalOcrHit('IIIT5K', ['HELLO'], 'The word is hellos')).toBe(false);
    expect(multimodalOcrHit('HME', ['x ^ { 2 }'], 'It is x^{2} + 1')).toBe(true);
  });

  it('imports a real answer file: the dataset from its name, the model from model_name, official verdicts by its rule', async () => {
    const dir = tempDir();
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, [LLAVA_TEXTVQA]);
      expect(summary.warnings.join('\n')).toMatch(/read as MultimodalOCR's answers/);
      const [run] = runSummaries(db);
      // "The player's jersey has the number 22 on it." holds the gold 22: right by eval.py, not an exact VQA answer.
      expect(run).toMatchObject({ checkpoint: 'LLaVA', benchmark: 'textVQA', n: 3, officialCorrect: 3, officialN: 3 });
      expect(run!.provenance.official).toMatchObject({ rule: expect.stringMatching(/^MultimodalOCR \(OCRBench v1\) eval\.py, our port/) });
      // The files keep no verdicts: said to be our port's, not "the file's per-sample verdicts".
      expect(run!.provenance.official).toMatchObject({ source: expect.stringMatching(/^eval\.py's rule applied to each answer \(our port/) });
      expect(run!.provenance.differs).toBe(true);
    } finally {
      db.close();
    }
  });
});
