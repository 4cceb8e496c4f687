import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { meetsTarget, type BenchSection, type Figure } from './harness';
import { gradingSection } from './sections/grading';

/** Sections run in order; `npm run bench -- grading` runs only the sections whose name matches. */
const SECTIONS: BenchSection[] = [gradingSection];

const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const chosen = SECTIONS.filter((section) => only.length === 0 || only.some((word) => section.name.includes(word)));
const results: Array<{ section: string; figures: Figure[] }> = [];

for (const section of chosen) {
  process.stderr.write(`bench: ${section.name}…\n`);
  const figures = await section.run();
  results.push({ section: section.name, figures });
}

const format = (value: number): string => (Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2));
console.log(`\nVLM Workbench bench on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
for (const { section, figures } of results) {
  console.log(section);
  for (const figure of figures) {
    const verdict = meetsTarget(figure);
    const target = figure.target ? `target ${figure.target.op} ${format(figure.target.value)}` : '';
    const mark = verdict === null ? '' : verdict ? 'ok' : 'MISSED';
    console.log(`  ${figure.name.padEnd(48)} ${`${format(figure.value)} ${figure.unit}`.padStart(22)}  ${target.padEnd(20)} ${mark}${figure.note ? `  (${figure.note})` : ''}`);
  }
}
const out = fileURLToPath(new URL('./results.json', import.meta.url));
writeFileSync(out, `${JSON.stringify({ machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version }, at: new Date().toISOString(), results }, null, 2)}\n`);
console.log(`\nwritten to bench/results.json`);
