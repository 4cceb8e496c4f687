import { percent } from '../../format';

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
  const texts = (key: string): string[] => (Array.isArray(summary[key]) ? (summary[key] as unknown[]).filter((item): item is string => typeof item === 'string') : []);
  return (
    <div className="job-summary small">
      {[...plain, ...counts].map(([key, value]) => (
        <span key={key} className="job-fact">
          <span className="muted">{words(key)}</span> {String(value)}
        </span>
      ))}
      {runs.length > 0 && (
        <ul className="job-runs" data-testid="job-runs">
          {runs.map((run, index) => (
            <li key={index}>
              {String(run.checkpoint)} on {String(run.benchmark)}: ours {fraction(run.accuracy)}
              {typeof run.predictions === 'number' ? ` (${String(run.correct)}/${run.predictions})` : ''}, official {fraction(run.officialAccuracy)}
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
