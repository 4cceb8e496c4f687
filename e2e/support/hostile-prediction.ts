/**
 * Adds one prediction whose model output is hostile (script tags, event-handler attributes,
 * javascript: links, KaTeX \href and friends, remote images) to a workspace, through the store's
 * own functions and the real grader. Prints the prediction id.
 *
 *   node --import tsx e2e/support/hostile-prediction.ts WORKSPACE.sqlite
 */
import { listSamples, upsertCheckpoint } from '../../main/core/store/catalog';
import { openWorkspace } from '../../main/core/store/database';
import { findOrCreateRun, recordPrediction } from '../../main/core/store/runs';
import { judgeOutput } from '../../main/core/verdict';

export const HOSTILE_OUTPUT = [
  '<think>Counting first. <script>window.__pwned = "script"; alert("script")</script>',
  '<img src=x onerror="window.__pwned = \'img\'; alert(\'img\')"> and <b onmouseover="alert(1)">bold</b>',
  'See [the docs](javascript:alert(%22link%22)) or <a href="javascript:alert(3)">this raw link</a> or <https://example.com/track>.',
  'Inline math $\\href{javascript:alert("katex")}{\\text{katex link}}$, $\\url{javascript:alert(5)}$,',
  '$\\htmlId{pwn}{x}$ and $$\\includegraphics{https://example.com/x.png}$$',
  '![remote pixel](https://example.com/pixel.png) <iframe src="https://example.com"></iframe>',
  '<style>body { display: none }</style>So there are $2 + 1 = 3$ objects.</think>',
  'The answer is \\boxed{3} <svg onload="alert(\'svg\')"></svg>',
].join('\n');

const path = process.argv[2];
if (!path) throw new Error('usage: hostile-prediction.ts WORKSPACE');
const db = openWorkspace(path);
const benchmarkId = (db.prepare('SELECT id FROM benchmarks ORDER BY id LIMIT 1').get() as { id: number }).id;
const benchmark = (db.prepare('SELECT name FROM benchmarks WHERE id = ?').get(benchmarkId) as { name: string }).name;
const sample = listSamples(db, benchmarkId, 1)[0]!;
const checkpointId = upsertCheckpoint(db, { name: 'hostile-output', stage: 'stage3', step: 999, notes: 'e2e: hostile model output' });
const run = findOrCreateRun(db, { checkpointId, benchmarkId, runKey: 'e2e-hostile', config: {}, backend: 'e2e' }).run;
const predictionId = recordPrediction(db, {
  runId: run.id,
  sampleId: sample.id,
  sampleIndex: 0,
  rawOutput: HOSTILE_OUTPUT,
  ...judgeOutput(sample, benchmark, HOSTILE_OUTPUT),
  latencyMs: 12,
  finishReason: 'stop',
});
db.close();
process.stdout.write(`${predictionId}\n`);
