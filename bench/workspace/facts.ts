/** What the scenarios need to know about the bench workspace (run ids, names, id range). */
import type { Db } from '../../main/core/store/database';
import type { WorkspaceFacts } from './scenarios';

export function workspaceFacts(db: Db): WorkspaceFacts {
  const runs = db
    .prepare(
      `SELECT r.id AS runId, c.name AS checkpoint, b.name AS benchmark FROM runs r JOIN checkpoints c ON c.id = r.checkpoint_id
       JOIN benchmarks b ON b.id = r.benchmark_id WHERE r.purpose = 'eval' ORDER BY r.id`,
    )
    .all() as WorkspaceFacts['runs'];
  const checkpoints = (db.prepare('SELECT name FROM checkpoints ORDER BY step, name').all() as Array<{ name: string }>).map((row) => row.name);
  const benchmarks = (db.prepare('SELECT name FROM benchmarks ORDER BY id').all() as Array<{ name: string }>).map((row) => row.name);
  const predictionIds = db.prepare('SELECT (SELECT MIN(id) FROM predictions) AS min, (SELECT MAX(id) FROM predictions) AS max').get() as { min: number; max: number };
  return { runs, checkpoints, benchmarks, predictionIds };
}
