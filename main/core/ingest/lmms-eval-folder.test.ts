/**
 * An lmms-eval output folder as today's lmms-eval writes it (`<output>/<model>/<date>_results.json`
 * beside `<date>_samples_<task>.jsonl`, `filtered_resps` a plain value and `resps` dropped when
 * equal to it) imports with one call and reproduces results.json. The files are written here in
 * that shape (no real lmms-eval folder with samples was found in a public repository we could keep).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';

const SAMPLES = [
  { doc_id: 0, doc: { question: 'Which way? A. left B. right', answer: 'A' }, target: 'A', arguments: [['prompt']], filtered_resps: 'A', exact_match: 1.0, doc_hash: 'h0' },
  { doc_id: 1, doc: { question: 'How many? A. 2 B. 3', answer: 'B' }, target: 'B', arguments: [['prompt']], resps: [['The answer is A.']], filtered_resps: 'A', exact_match: 0.0, doc_hash: 'h1' },
  { doc_id: 2, doc: { question: 'Colour? A. red B. blue', answer: 'B' }, target: 'B', arguments: [['prompt']], filtered_resps: 'B', exact_match: 1.0, doc_hash: 'h2' },
  { doc_id: 3, doc: { question: 'Is it on? A. yes B. no', answer: 'A' }, target: 'A', arguments: [['prompt']], filtered_resps: 'B', exact_match: 0.0, doc_hash: 'h3' },
];

describe('lmms-eval output folders', () => {
  const tempDir = useTempDir();

  it('imports results.json and its samples in one command, one run per task, reproducing results.json', async () => {
    const dir = tempDir();
    const model = join(dir, 'logs', 'Qwen__Qwen2.5-VL-3B-Instruct');
    mkdirSync(model, { recursive: true });
    writeFileSync(join(model, '20250601_101500_samples_realworldqa.jsonl'), SAMPLES.map((s) => JSON.stringify(s)).join('\n') + '\n');
    const results = {
      results: { realworldqa: { alias: 'realworldqa', 'exact_match,none': 0.5, 'exact_match_stderr,none': 0.2887 } },
      configs: { realworldqa: { task: 'realworldqa' } },
      'n-samples': { realworldqa: { original: 4, effective: 4 } },
      config: { model: 'vllm', model_args: 'model=Qwen/Qwen2.5-VL-3B-Instruct' },
      model_name: 'Qwen/Qwen2.5-VL-3B-Instruct',
      lmms_eval_version: '0.7.2',
    };
    writeFileSync(join(model, '20250601_101500_results.json'), JSON.stringify(results));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'logs')]);
      const runs = runSummaries(db);
      expect(runs).toHaveLength(1);
      const [run] = runs;
      expect(run!.checkpoint).toBe('Qwen/Qwen2.5-VL-3B-Instruct');
      expect(run!.benchmark).toBe('realworldqa');
      expect(run!.officialCorrect / run!.officialN).toBe(results.results.realworldqa['exact_match,none']);
      expect(run!.provenance.official).toMatchObject({ value: 0.5, source: '20250601_101500_results.json', metric: 'exact_match,none' });
      expect(run!.provenance.notes).toEqual([]);
      // The raw generation is kept where lmms-eval kept it, else the filtered one.
      const outputs = db.prepare('SELECT raw_output AS o FROM prediction_texts ORDER BY prediction_id').all() as Array<{ o: string }>;
      expect(outputs.map((r) => r.o)).toEqual(['A', 'The answer is A.', 'B', 'B']);
    } finally {
      db.close();
    }
  }, 60_000);
});
