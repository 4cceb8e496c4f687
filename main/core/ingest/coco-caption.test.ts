/**
 * A VLMEvalKit COCO_VAL prediction file imports with its caption metrics recomputed by our port of
 * VLMEvalKit's `ImageCaptionDataset.evaluate` (pycocoevalcap, no tokenizer), beside the
 * `_score.json` VLMEvalKit wrote, and never as an accuracy.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { reportedFigures } from '../store/reported-figures';
import { importFiles } from './import';
import { COCO_CAPTION_SOURCE, pandasStr } from './coco-caption';

/** VLMEvalKit's dump_tsv quotes every field (csv.QUOTE_ALL), so a tab inside a caption survives. */
const quotedTsv = (rows: string[][]) => rows.map((r) => r.map((cell) => `"${cell.replaceAll('"', '""')}"`).join('\t')).join('\n') + '\n';

const ROWS = [
  ['index', 'answer', 'prediction'],
  ['0', `['A man riding a horse on the beach.', "A person's horse walks by the sea"]`, 'A man riding a horse on the beach.'],
  ['1', "['Two dogs play in the snow.', 'two dogs playing in the snow']", 'two dogs  playing in snow'],
  // An empty prediction is NaN to pandas: str(nan) is scored as the one word "nan".
  ['2', "['A red bus on a street', 'a double decker bus']", ''],
  ['3', "['a plate of food with a fork and knife', 'food on a white plate', 'a fork next to a plate of food']", 'a plate of food\twith a fork'],
];

/**
 * What pycocoevalcap's own code (Bleu(4), Rouge(), Cider(), transcribed from tylin/coco-caption
 * master for Python 3 and run with CPython + numpy 2.4.6) gives for these four rows, ×100.
 * ROUGE-L checked by hand: per image 1 (identical), 5/6 (split(" ") makes "dogs  playing" three
 * tokens, LCS 5 of 6 both ways), 0 ("nan"), and F(P = 5/6, R = 5/9) = 2.44 × 25/54 / (5/9 + 1.2) =
 * 0.643460 ("food\twith" is one token for split(" ")); mean 0.619198.
 */
const SCORE_JSON = { Bleu: [75.05977406383344, 74.61693967314979, 74.13595928365683, 73.5059763128403], ROUGE_L: 61.9198312236287, CIDEr: 343.93767455159133 };

describe('COCO_VAL caption metrics on import', () => {
  const tempDir = useTempDir();

  async function importCoco(scoreJson: object | null) {
    const dir = tempDir();
    const path = join(dir, 'm_COCO_VAL.tsv');
    writeFileSync(path, quotedTsv(ROWS));
    if (scoreJson) writeFileSync(join(dir, 'm_COCO_VAL_score.json'), JSON.stringify(scoreJson));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    const summary = await importFiles(db, join(dir, 'w.sqlite'), [path]);
    return { db, summary };
  }

  it("recomputes BLEU-1..4, ROUGE-L and CIDEr equal to VLMEvalKit's _score.json, beside it, with no verdicts", async () => {
    const { db, summary } = await importCoco(SCORE_JSON);
    try {
      const [run] = runSummaries(db);
      expect(run).toMatchObject({ benchmark: 'COCO_VAL', n: 4, officialN: 0 });
      const figures = reportedFigures(db, run!.runId);
      const ours = Object.fromEntries(figures.filter((f) => f.source === COCO_CAPTION_SOURCE).map((f) => [f.metric, f.value]));
      const theirs = Object.fromEntries(figures.filter((f) => f.source === 'm_COCO_VAL_score.json').map((f) => [f.metric, f.value]));
      const expected = { Bleu_1: SCORE_JSON.Bleu[0], Bleu_2: SCORE_JSON.Bleu[1], Bleu_3: SCORE_JSON.Bleu[2], Bleu_4: SCORE_JSON.Bleu[3], ROUGE_L: SCORE_JSON.ROUGE_L, CIDEr: SCORE_JSON.CIDEr };
      expect(Object.keys(ours)).toEqual(Object.keys(expected));
      for (const [metric, value] of Object.entries(expected)) {
        expect(ours[metric], metric).toBeCloseTo(value!, 9);
        expect(theirs[metric], metric).toBe(value);
      }
      const warnings = summary.warnings.join('\n');
      expect(warnings).toMatch(/captioning has no per-sample verdict/);
      expect(warnings).not.toMatch(/points apart/);
      // Not an accuracy: never the official figure, never compared with ours; said in the notes.
      expect(run!.provenance.official).toBeNull();
      expect(run!.provenance.differs).toBeNull();
      expect(run!.provenance.officialRule).toMatch(/COCO Caption.*no accuracy to compare/);
      expect(run!.provenance.notes.join('\n')).toMatch(/our port\) gives CIDEr = 343\.93/);
    } finally {
      db.close();
    }
  });

  it('names both figures when the _score.json differs by more than 0.05 points', async () => {
    const { db, summary } = await importCoco({ ...SCORE_JSON, CIDEr: SCORE_JSON.CIDEr + 0.5, ROUGE_L: SCORE_JSON.ROUGE_L + 0.04 });
    try {
      const warnings = summary.warnings.filter((w) => /points apart/.test(w));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/CIDEr: m_COCO_VAL_score\.json says 344\.438, our port .* gives 343\.938/);
    } finally {
      db.close();
    }
  });

  it('gives no figure, and says why, when an answer is not a Python list of captions', async () => {
    const dir = tempDir();
    const path = join(dir, 'm_COCO_VAL.tsv');
    writeFileSync(path, quotedTsv([ROWS[0]!, ROWS[1]!, ['1', 'a bare caption', 'a caption']]));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [path]);
      const [run] = runSummaries(db);
      expect(reportedFigures(db, run!.runId)).toEqual([]);
      expect(summary.warnings.join('\n')).toMatch(/not recomputed: row .* "a bare caption" is not a non-empty Python list/);
    } finally {
      db.close();
    }
  });

  it("reads a prediction cell as pandas does: empty and NA spellings are NaN, printed 'nan'", () => {
    expect(pandasStr('')).toBe('nan');
    expect(pandasStr(null)).toBe('nan');
    expect(pandasStr('N/A')).toBe('nan');
    expect(pandasStr('None')).toBe('nan');
    expect(pandasStr('A dog.')).toBe('A dog.');
  });
});
