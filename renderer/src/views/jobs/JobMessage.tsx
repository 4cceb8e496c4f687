import { percent } from '../../format';
import { errorReasonsOf, reportedAccuracy } from './job-summary';

/** "officialVerdicts" → "official verdicts": a summary's keys as words. */
const words = (key: string): string => key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();

/** An import's run, as its summary reports it (ingest/types.ts RunReport); read defensively. */
interface RunLine {
  checkpoint?: unknown;
  benchmark?: unknown;
  predictions?: unknown;
  correct?: unknown;
  accuracy?: unknown;
  officialAccuracy?: unknown;
  /** Figures read from the tool's summaries (`_acc.csv`, `results.json`): the official figure where the file has no per-sample verdicts. */
  reported?: unknown;
}

const isRunLine = (value: unknown): value is RunLine => typeof value === 'object' && value !== null && 'checkpoint' in value && 'benchmark' in value;
const fraction = (value: unknown): string => (typeof value === 'number' ? percent(value) : '—');

/**
 * A job's closing message. Jobs that end with a summary write it as JSON: its plain fields are
 * shown as a short list, an import's runs as "ours vs official" lines and its warnings and notes
 * as readable lists, as the CLI prints them (the whole summary stays one click away); any other
 * message as text.
 */
export function JobMessage({ message, failed }: { message: string; failed: boolean }) {
  let summary: Record<string, unknown> | undefined;
  if (!failed && message.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(message);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) summary = parsed as Record<string, unknown>;
    } catch {
      summary = undefined;
    }
  }
  if (!summary) return <p className={failed ? 'error small' : 'muted small'}>{message}</p>;
  const plain = Object.entries(summary).filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value));
  const counts = Object.entries(summary)
    .filter(([, value]) => Array.isArray(value))
    .map(([key, value]) => [key, (value as unknown[]).length] as const);
  const runs = Array.isArray(summary.runs) ? summary.runs.filter(isRunLine) : [];
  const reasons = errorReasonsOf(summary);
  // An attribution pass whose every attempt failed labelled nothing: said as plainly as a failure.
  const nothingDone = summary.labelled === 0 && typeof summary.errors === 'number' && summary.errors > 0;
  const texts = (key: string): string[] => (Array.isArray(summary[key]) ? (summary[key] as unknown[]).filter((item): item is string => typeof item === 'string') : []);
  return (
    <div className="job-summary small">
      {[...plain, ...counts].map(([key, value]) => (
        <span key={key} className="job-fact">
          <span className="muted">{words(key)}</span> {String(value)}
        </span>
      ))}
      {nothingDone && (
        <p className="error" data-testid="job-nothing-labelled">
          Nothing was labelled: all {String(summary.errors)} attempt(s) failed.
        </p>
      )}
      {reasons.length > 0 && (
        <ul className="job-notes" data-testid="job-error-reasons">
          {reasons.map((reason) => (
            <li key={reason.message}>
              {reason.message} ({reason.count}×)
            </li>
          ))}
        </ul>
      )}
      {runs.length > 0 && (
        <ul className="job-runs" data-testid="job-runs">
          {runs.map((run, index) => (
            <li key={index}>
              {String(run.checkpoint)} on {String(run.benchmark)}: ours {fraction(run.accuracy)}
              {typeof run.predictions === 'number' ? ` (${String(run.correct)}/${run.predictions})` : ''}, official{' '}
              {run.officialAccuracy == null ? (reportedAccuracy(run) ?? '—') : fraction(run.officialAccuracy)}
            </li>
          ))}
        </ul>
      )}
      {(['warnings', 'notes'] as const).map((key) =>
        texts(key).length > 0 ? (
          <details key={key} open={key === 'warnings'}>
            <summary>
              {texts(key).length} {key === 'warnings' ? 'warning' : 'note'}
              {texts(key).length === 1 ? '' : 's'}
            </summary>
            <ul className="job-notes">
              {texts(key).map((text, index) => (
                <li key={index}>{text}</li>
              ))}
            </ul>
          </details>
        ) : null,
      )}
      <details>
        <summary>full summary</summary>
        <pre className="job-log">{JSON.stringify(summary, null, 2)}</pre>
      </details>
    </div>
  );
}
