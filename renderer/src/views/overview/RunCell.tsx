import { NO_OFFICIAL_RULE, NOT_IN_FILE, type RunSummary } from '@core/types/records';
import { accuracyColour, percent, signedPoints } from '../../format';

/**
 * The official figure beside ours, with the rule in the tooltip; a visible badge when they are
 * more than half a point apart or when no official rule is implemented for an imported run.
 */
function OfficialLine({ run, onOpen }: { run: RunSummary; onOpen: (query: string) => void }) {
  const { official, differs, officialRule, oursRule, notes, imported } = run.provenance;
  if (!official) {
    if (!imported) return null;
    return (
      <div className="sub official none" data-testid="official-accuracy" title={[officialRule, ...notes].join('\n')}>
        <span className="badge note">no official figure</span>{' '}
        {officialRule === NO_OFFICIAL_RULE ? officialRule : officialRule.endsWith(NOT_IN_FILE) ? 'not in this file' : 'not an accuracy'}
      </div>
    );
  }
  const title = [`ours: ${oursRule}`, `official (${official.source}): ${official.rule}`, ...notes].join('\n');
  return (
    <div className="sub official" data-testid="official-accuracy" title={title}>
      official {percent(official.value)}
      {/* The share of samples whose verdicts agree, not whether the figures do (the badge says that). */}
      {/* Rounded down: one disagreement in 1,500 is 99%, never "100%". */}
      {run.agreement !== null && ` · ${Math.floor(run.agreement * 100)}% same verdicts`}
      {differs && (
        <button
          type="button"
          className="badge differs"
          data-testid="official-differs"
          title={`${title}\n\nClick to list the samples where ours and the official verdict differ.`}
          onClick={(event) => {
            // The samples behind the difference, where the file has per-sample verdicts; else the run's.
            event.stopPropagation();
            onOpen(run.officialN > 0 ? `run:${run.runId} agrees:false` : `run:${run.runId}`);
          }}
        >
          differs {run.accuracy !== null ? signedPoints((run.provenance.oursCompared ?? run.accuracy) - official.value) : ''}
        </button>
      )}
      {notes.length > 0 && <span className="badge note">see notes</span>}
    </div>
  );
}

/** One checkpoint × benchmark cell: accuracy, its 95% interval drawn and written, n, official beside ours. */
export function RunCell({ run, previous, onOpen }: { run: RunSummary; previous: RunSummary | undefined; onOpen: (query: string) => void }) {
  const delta = run.accuracy !== null && previous?.accuracy != null ? run.accuracy - previous.accuracy : null;
  const wrong = run.n - run.correct;
  return (
    <td
      className="run-cell"
      style={{ background: accuracyColour(run.accuracy) }}
      onClick={() => onOpen(`run:${run.runId}`)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onOpen(`run:${run.runId}`);
      }}
      tabIndex={0}
      title={`${run.checkpoint} on ${run.benchmark}: ${run.correct} of ${run.n} right. Click to open its samples.`}
      data-testid={`cell-${run.runId}`}
    >
      <div className="cell-top">
        <span className="accuracy">{percent(run.accuracy)}</span>
        {delta !== null && (
          <span className={`delta ${delta > 0 ? 'up' : delta < 0 ? 'down' : ''}`} title={`Change from ${previous!.checkpoint}`}>
            {delta > 0 ? '+' : ''}
            {(delta * 100).toFixed(1)}
          </span>
        )}
      </div>
      {run.ci && (
        <div className="ci-bar" aria-hidden="true">
          <span className="ci-range" style={{ left: `${run.ci[0] * 100}%`, width: `${(run.ci[1] - run.ci[0]) * 100}%` }} />
          {run.accuracy !== null && <span className="ci-point" style={{ left: `${run.accuracy * 100}%` }} />}
        </div>
      )}
      <div className="sub">
        {run.ci ? `95% CI ${percent(run.ci[0], 0)}–${percent(run.ci[1], 0)}` : 'no graded answers'} · n={run.n}
      </div>
      <OfficialLine run={run} onOpen={onOpen} />
      <div className="cell-links">
        {wrong > 0 && (
          <button
            type="button"
            className="link-button small"
            onClick={(event) => {
              event.stopPropagation();
              onOpen(`run:${run.runId} correct:false`);
            }}
          >
            {wrong} wrong
          </button>
        )}
        {run.errors > 0 && <span className="sub error">{run.errors} errors</span>}
        {run.status !== 'completed' && <span className="sub status">{run.status}</span>}
      </div>
    </td>
  );
}
