/**
 * Worker-thread entry of the background grader (background-grader.ts): grades batches of
 * outputs with the same judgeOutput the import would call in its own thread, so an import
 * parses and writes on one core while its answers are graded on another.
 */
import { parentPort } from 'node:worker_threads';
import type { GradeBatch, GradedBatch } from './background-grader';
import { judgeJob } from './judge-job';

parentPort!.on('message', (batch: GradeBatch) => {
  let reply: GradedBatch;
  try {
    reply = { id: batch.id, results: batch.jobs.map(judgeJob) };
  } catch (error) {
    reply = { id: batch.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(reply);
});
// The graders are loaded (this module's imports ran): batches may come.
parentPort!.postMessage('ready');
