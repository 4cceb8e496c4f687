import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { meetsTarget, type BenchSection, type Figure } from './harness';
import { apiSection } from './sections/api';
import { gradingSection } from './sections/grading';
import { importSection } from './sections/import';
import { importSpeedSection } from './sections/import-speed';
import { startupSection } from './sections/startup';
import { uiSection } from './sections/ui';
import { workspaceSection } from './sections/workspace';

/** A section other engineers own, registered when its file is there. */
async function optional(file: string, exported: string): Promise<BenchSection[]> {
  const url = new URL(file, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return [];
  return [(await import(url.href))[exported] as BenchSection];
}

/**
 * Sections run in order; `npm run bench -- api` runs only the sections whose name contains a
 * word given. The million-prediction workspace (workspace, api, ui) is built on first use and
 * cached in bench/cache/.
 */
const SECTIONS: BenchSection[] = [
  workspaceSection,
  apiSection,
  uiSection,
  importSection,
  importSpeedSection,
  startupSection,
  gradingSection,
  ...(await optional('./sections/runner.ts', 'runnerSection')),
  ...(await optional('./sections/export.ts', 'exportSection')),
  ...(await optional('./sections/onnx.ts', 'onnxSection')),
];

const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const chosen = SECTIONS.filter((section) => only.length === 0 || only.some((word) => section.name.includes(word)));
const results: Array<{ section: string; figures: Figure[] }> = [];

const benchStarted = performance.now();
for (const section of chosen) {
  process.stderr.write(`bench: ${section.name}…\n`);
  const started = performance.now();
  const figures = await section.run();
  figures.push({ name: 'section wall time', value: (performance.now() - started) / 1000, unit: 's' });
  results.push({ section: section.name, figures });
}
const totalSeconds = (performance.now() - benchStarted) / 1000;

/** How far a figure is from its target, in its unit and as a share of the target. */
function missedBy(figure: Figure): string {
  const gap = Math.abs(figure.value - figure.target!.value);
  return `${format(gap)} ${figure.unit} (${Math.round((100 * gap) / figure.target!.value)}%)`;
}

const format = (value: number): string => (Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2));
console.log(`\nVLM Workbench bench on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
for (const { section, figures } of results) {
  console.log(section);
  for (const figure of figures) {
    const verdict = meetsTarget(figure);
    const target = figure.target ? `target ${figure.target.op} ${format(figure.target.value)}` : '';
    const mark = verdict === null ? '' : verdict ? 'ok' : `MISSED by ${missedBy(figure)}`;
    console.log(`  ${figure.name.padEnd(62)} ${`${format(figure.value)} ${figure.unit}`.padStart(20)}  ${target.padEnd(18)} ${mark}${figure.note ? `  (${figure.note})` : ''}`);
  }
}
console.log(`\ntotal ${Math.round(totalSeconds)} s, load average at the end ${os.loadavg().map((n) => n.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);
const out = fileURLToPath(new URL('./results.json', import.meta.url));
const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverageAtEnd: os.loadavg() };
writeFileSync(out, `${JSON.stringify({ machine, at: new Date().toISOString(), totalSeconds, results }, null, 2)}\n`);
console.log(`\nwritten to bench/results.json`);
