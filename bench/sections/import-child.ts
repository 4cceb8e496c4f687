/**
 * One import in its own process, so that its peak memory is its own: prints
 * {seconds, predictions, images, peakRssMb} as JSON. Run by the import bench section.
 */
import { rmSync } from 'node:fs';
import { importFiles } from '../../main/core/ingest/import';
import { openWorkspace } from '../../main/core/store/database';
import { indexAllOutputs } from '../../main/core/store/search-backlog';
import { stampPath } from '../../main/core/store/integrity';

const [workspace, ...files] = process.argv.slice(2);
if (!workspace || files.length === 0) throw new Error('usage: import-child.ts WORKSPACE FILE...');
for (const suffix of ['', '-wal', '-shm']) rmSync(`${workspace}${suffix}`, { force: true });
const db = openWorkspace(workspace);
const started = performance.now();
const summary = await importFiles(db, workspace, files);
// With the outputs' search index, which an import this large leaves to a pass of its own.
indexAllOutputs(db);
const seconds = (performance.now() - started) / 1000;
db.close();
for (const suffix of ['', '-wal', '-shm']) rmSync(`${workspace}${suffix}`, { force: true });
rmSync(stampPath(workspace), { force: true }); // the integrity guard's stamp of a cleanly closed workspace
process.stdout.write(
  `${JSON.stringify({ seconds, predictions: summary.predictions, images: summary.images.stored, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
