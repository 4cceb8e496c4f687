import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { sniffFormat } from './sniff';
import { describeFile } from './source-file';

describe('format sniffing', () => {
  const tempDir = useTempDir();

  it('tells every supported format from its name and first bytes, and what the file holds', async () => {
    const dir = tempDir();
    const files: Record<string, string | Buffer> = {
      'MMStar.tsv': 'index\timage\tquestion\tA\tB\tanswer\n0\tiVBOR\tq\ta\tb\tA\n',
      'vila_13b_MMStar.tsv': 'index\tquestion\tA\tB\tanswer\tprediction\n0\tq\ta\tb\tA\tA\n',
      'vila_13b_MMStar_openai_result.xlsx': Buffer.from('PK\x03\x04'),
      'vila_13b_MMStar_acc.csv': '"split","Overall"\n"none","0.4"\n',
      'logs/m/20250101_samples_mmstar.jsonl': `${JSON.stringify({ doc_id: 0, doc: {}, target: 'A', resps: [['A']], filtered_resps: ['A'] })}\n`,
      'ckpt/experiment_log.jsonl': `${JSON.stringify({ step: 1, actor: { loss: 0.1 } })}\n`,
      'ckpt/generations.log': '[prompt] user\nq\n[output] a\n[ground_truth] a\n[score] 1.0\n\n',
      'math-v/test.jsonl': `${JSON.stringify({ id: '1', question: 'q', options: [], answer: '60', level: 2, subject: 'arithmetic', image: 'images/1.jpg' })}\n`,
      'math-v/outputs/Gemini.jsonl': `${JSON.stringify({ id: '1', model: 'g', response: 'r', model_answer: '60', correct: true })}\n`,
      'math-v/outputs/Gemini_result.json': JSON.stringify({ '-all': '1/1=100%' }),
      'mathvista/testmini.json': JSON.stringify({ '1': { pid: '1', question: 'q', choices: null, answer: '1', question_type: 'free_form' } }),
      'mathvista/output_bard.json': JSON.stringify({ '1': { pid: '1', question: 'q', answer: '1', response: 'r', true_false: true } }),
      'mathvista/scores_bard.json': JSON.stringify({ average: { accuracy: '100', correct: 1, total: 1 }, question_type: {} }),
      'r1v/geoqa_test_qwen2vl_7b.json': JSON.stringify({ accuracy: 50, results: [] }),
      'mmmu/answer_dict_val.json': JSON.stringify({ validation_Art_1: { question_type: 'multiple-choice', ground_truth: 'B' } }),
      'mmmu/output.json': JSON.stringify({ validation_Art_1: 'B' }),
      'hf/data.jsonl': `${JSON.stringify({ id: 1, question: 'q', answer: 'a' })}\n`,
      'hf/preds.csv': 'id,question,answer,response\n1,q,a,a\n',
      'hf/train.parquet': Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'id', data: ['1'] }] })),
    };
    const expected: Record<string, [string, string]> = {
      'MMStar.tsv': ['vlmevalkit', 'benchmark'],
      'vila_13b_MMStar.tsv': ['vlmevalkit', 'predictions'],
      'vila_13b_MMStar_openai_result.xlsx': ['vlmevalkit', 'predictions'],
      'vila_13b_MMStar_acc.csv': ['vlmevalkit-score', 'reported'],
      'logs/m/20250101_samples_mmstar.jsonl': ['lmms-eval', 'predictions'],
      'ckpt/experiment_log.jsonl': ['easyr1-metrics', 'metrics'],
      'ckpt/generations.log': ['easyr1-generations', 'predictions'],
      'math-v/test.jsonl': ['math-v', 'benchmark'],
      'math-v/outputs/Gemini.jsonl': ['math-v', 'predictions'],
      'math-v/outputs/Gemini_result.json': ['math-v-result', 'reported'],
      'mathvista/testmini.json': ['mathvista', 'benchmark'],
      'mathvista/output_bard.json': ['mathvista', 'predictions'],
      'mathvista/scores_bard.json': ['mathvista-scores', 'reported'],
      'r1v/geoqa_test_qwen2vl_7b.json': ['r1v', 'predictions'],
      'mmmu/answer_dict_val.json': ['mmmu', 'benchmark'],
      'mmmu/output.json': ['mmmu', 'predictions'],
      'hf/data.jsonl': ['jsonl', 'benchmark'],
      'hf/preds.csv': ['csv', 'predictions'],
      'hf/train.parquet': ['parquet', 'predictions'],
    };
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, name);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, content);
    }
    for (const [name, [format, role]] of Object.entries(expected)) {
      const sniffed = await sniffFormat(await describeFile(join(dir, name)));
      expect([sniffed.format, sniffed.role], name).toEqual([format, role]);
    }
    // --format wins over the guess.
    expect((await sniffFormat(await describeFile(join(dir, 'hf/data.jsonl')), 'lmms-eval')).format).toBe('lmms-eval');
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    await expect(sniffFormat(await describeFile(join(dir, 'notes.txt')))).rejects.toThrow(/unknown format; pass --format/);
    // saccharomycetes/R1-V @ 129ee35d, debug_log_2b.txt (its first block): named, not "unknown".
    writeFileSync(join(dir, 'debug_log_2b.txt'), '------------- 22-21-00-29-161451 Accuracy reward: 0.0 -------------\nContent: <answer>33</answer>\nSolution: <answer> 30 </answer>\n');
    await expect(sniffFormat(await describeFile(join(dir, 'debug_log_2b.txt')))).rejects.toThrow(/an R1-V \/ open-r1-multimodal training debug log .*not a format this tool reads/);
  });
});
