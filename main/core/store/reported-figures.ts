/**
 * Figures a result file reports about a run (a summary's accuracy, a judge's mean score) and the
 * training metrics an experiment log reports per step: kept beside the runs they describe.
 */
import type { Db } from './database';
import { statement } from './statements';

export interface ReportedFigureInput {
  runId: number;
  metric: string;
  value: number;
  correct?: number | null;
  total?: number | null;
  source: string;
}

/** A figure reported again (results.json beside the samples file that read it first) keeps its place: the headline stays first. */
export function addReportedFigure(db: Db, figure: ReportedFigureInput): void {
  statement(
    db,
    `INSERT INTO reported_figures (run_id, metric, value, correct, total, source) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, metric, source) DO UPDATE SET value = excluded.value, correct = excluded.correct, total = excluded.total`,
  ).run(
    figure.runId,
    figure.metric,
    figure.value,
    figure.correct ?? null,
    figure.total ?? null,
    figure.source,
  );
}

export interface ReportedFigure {
  metric: string;
  value: number;
  correct: number | null;
  total: number | null;
  source: string;
}

export function reportedFigures(db: Db, runId: number): ReportedFigure[] {
  return statement(db, 'SELECT metric, value, correct, total, source FROM reported_figures WHERE run_id = ? ORDER BY id').all(runId) as ReportedFigure[];
}

export function addTrainingMetrics(db: Db, experiment: string, step: number, values: Record<string, number>, checkpointId: number | null): number {
  const insert = statement(db, 'INSERT OR REPLACE INTO training_metrics (experiment, step, key, value, checkpoint_id) VALUES (?, ?, ?, ?, ?)');
  let count = 0;
  for (const [key, value] of Object.entries(values)) {
    insert.run(experiment, step, key, value, checkpointId);
    count++;
  }
  return count;
}

export function trainingMetrics(db: Db, experiment: string): Array<{ step: number; key: string; value: number; checkpointId: number | null }> {
  return statement(db, 'SELECT step, key, value, checkpoint_id AS checkpointId FROM training_metrics WHERE experiment = ? ORDER BY step, key').all(
    experiment,
  ) as Array<{ step: number; key: string; value: number; checkpointId: number | null }>;
}
