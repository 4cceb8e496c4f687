/**
 * Adds predictions whose model output is hostile to a workspace, through the store's own
 * functions and the real grader, each under its own checkpoint on the same sample:
 *
 * - `hostile`: script tags, event-handler attributes, javascript: links, KaTeX \href and friends,
 *   remote images (the first one this script ever wrote);
 * - `entities`: the same tricks spelled with HTML entities, and KaTeX \htmlData, \htmlClass,
 *   \htmlStyle and \url;
 * - `latex`: deeply nested braces, fractions and roots, a formula of 60,000 characters, macro bombs;
 * - `mega`: one megabyte of output (think part and answer), hostile markup repeated all through.
 *
 * Prints a JSON object: the prediction id of each, the checkpoint ids, the sample and benchmark.
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

export const ENTITIES_OUTPUT = [
  '<think>Entities: &lt;script&gt;window.__pwned = "entity"&lt;/script&gt; and &#60;img src=x onerror=alert(1)&#62;',
  'and &#x3C;svg onload=alert(2)&#x3E; and &amp;lt;b&amp;gt; and [link](&#106;avascript:alert(7)) and [x](jav&#x09;ascript:alert(8))',
  'KaTeX: $\\htmlData{foo=bar, onload=alert(1)}{x}$ $\\htmlClass{pwned}{y}$ $\\htmlStyle{background:url(https://example.com/css.png)}{z}$',
  '$\\url{https://example.com/u}$ $\\href{https://example.com/h}{h}$ $\\includegraphics[width=1cm]{https://example.com/i.png}$',
  '&nbsp;&copy;&#0;&#xD800;&#1114112;</think>',
  'The answer is \\boxed{3} &lt;/think&gt;',
].join('\n');

const deep = (n: number, open: string, close: string) => `${open.repeat(n)}x${close.repeat(n)}`;
export const LATEX_OUTPUT = [
  `<think>Deep braces $${deep(5000, '{', '}')}$`,
  `Deep fractions $${deep(400, '\\frac{1}{', '}')}$ and roots $$${deep(400, '\\sqrt{', '}')}$$`,
  `Unbalanced $${'{'.repeat(3000)}$ and $${'\\left('.repeat(2000)}$`,
  `Macro bomb $\\def\\a{\\b\\b}\\def\\b{\\c\\c}\\def\\c{\\d\\d}\\def\\d{xxxxxxxx}\\a\\a\\a\\a$ and $\\rule{1000em}{1000em}$ $\\Huge\\Huge{x}$`,
  `A big one $$${Array.from({ length: 3000 }, (_, i) => `x_{${i}}^{2}+`).join('')}1$$</think>`,
  'So the answer is \\boxed{3}',
].join('\n');

const MEGA_CHUNK = 'Let me count again. <script>window.__pwned = "mega"</script> <img src=x onerror=alert(1)> $\\href{javascript:alert(1)}{k}$ ';
export const MEGA_OUTPUT = `<think>${MEGA_CHUNK.repeat(Math.ceil(900_000 / MEGA_CHUNK.length))}</think> ${'The count is three. '.repeat(5000)}\\boxed{3}`;

const path = process.argv[2];
if (!path) throw new Error('usage: hostile-prediction.ts WORKSPACE');
const db = openWorkspace(path);
const benchmarkId = (db.prepare('SELECT id FROM benchmarks ORDER BY id LIMIT 1').get() as { id: number }).id;
const benchmark = (db.prepare('SELECT name FROM benchmarks WHERE id = ?').get(benchmarkId) as { name: string }).name;
const sample = listSamples(db, benchmarkId, 1)[0]!;
const made: Record<string, { predictionId: number; checkpointId: number }> = {};
const outputs: Record<string, string> = { hostile: HOSTILE_OUTPUT, entities: ENTITIES_OUTPUT, latex: LATEX_OUTPUT, mega: MEGA_OUTPUT };
for (const [name, rawOutput] of Object.entries(outputs)) {
  const checkpointId = upsertCheckpoint(db, { name: name === 'hostile' ? 'hostile-output' : `hostile-${name}`, stage: 'stage3', step: 999, notes: `e2e: hostile model output (${name})` });
  const run = findOrCreateRun(db, { checkpointId, benchmarkId, runKey: `e2e-hostile-${name}`, config: {}, backend: 'e2e' }).run;
  const predictionId = recordPrediction(db, {
    runId: run.id,
    sampleId: sample.id,
    sampleIndex: 0,
    rawOutput,
    ...judgeOutput(sample, benchmark, rawOutput),
    latencyMs: 12,
    finishReason: 'stop',
  });
  made[name] = { predictionId, checkpointId };
}
const baseCheckpointId = (db.prepare('SELECT checkpoint_id AS id FROM runs ORDER BY id LIMIT 1').get() as { id: number }).id;
db.close();
process.stdout.write(`${JSON.stringify({ ...made, baseCheckpointId, sample: sample.externalId, benchmark })}\n`);
