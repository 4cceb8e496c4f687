import type { PredictionDetail } from '@core/types/records';
import { Verdict } from '../../components/Verdict';
import { MathAwareText } from '../../markdown/MathAwareText';
import { fullTime, milliseconds } from '../../format';

/** Gold, extracted answer, our verdict with the grader's reason, the official verdict, tokens, latency. */
export function TraceFacts({ p }: { p: PredictionDetail }) {
  const [latest, ...older] = p.grades;
  // The current verdict's own extraction, so this line and the grader's reason always agree.
  const extracted = latest ? latest.extracted : p.extracted;
  return (
    <dl className="facts" data-testid="trace-facts">
      {p.runProvenance?.imported && (p.runProvenance.differs || !p.runProvenance.official || p.runProvenance.notes.length > 0) && (
        <>
          <dt>Run figure</dt>
          <dd data-testid="run-provenance" className="provenance">
            {p.runProvenance.official ? (
              <span className="badge differs">
                {p.runAccuracy != null && `ours ${(p.runAccuracy * 100).toFixed(1)}% · `}official {(p.runProvenance.official.value * 100).toFixed(1)}%
                {p.runProvenance.differs && ' · they differ'}
              </span>
            ) : (
              <span className="badge differs">no official figure</span>
            )}
            <div className="reason">ours: {p.runProvenance.oursRule}</div>
            <div className="reason">official: {p.runProvenance.official ? `${p.runProvenance.official.rule} (${p.runProvenance.official.source})` : p.runProvenance.officialRule}</div>
            {p.runProvenance.notes.map((note, index) => (
              <div className="reason" key={index}>
                {note}
              </div>
            ))}
          </dd>
        </>
      )}
      <dt>Gold</dt>
      <dd data-testid="gold" className="answer-value" title={p.gold}>
        {/* A gold written in LaTeX math (MathVista's `$(20+4 \sqrt{2})$`) is typeset as the question is; its source is the tooltip. */}
        <MathAwareText text={p.gold} />
        {/* HallusionBench writes its yes/no gold as 1/0: said as the grader reads it. */}
        {latest?.scorer === 'yesno' && /^[01]$/.test(p.gold.trim()) && <span className="muted"> ({p.gold.trim() === '1' ? 'yes' : 'no'})</span>}
      </dd>
      <dt>Extracted</dt>
      <dd className={extracted == null ? 'answer-value' : 'answer-value extracted'} data-testid="extracted">
        {extracted ?? (
          <span className="muted">
            {p.answerPart.trim()
              ? `no answer the ${latest?.scorer ?? ''} grader could read in the answer part (shown under Response)`
              : 'nothing: the answer part is empty'}
          </span>
        )}
      </dd>
      <dt>Verdict</dt>
      <dd>
        <Verdict correct={p.correct} error={p.error} />
        {latest && (
          <div className="reason" data-testid="grader-reason">
            {latest.reason}
            <span className="muted" title={fullTime(latest.createdAt)}>
              {' '}
              · {latest.scorer} grader {latest.graderVersion}
            </span>
          </div>
        )}
        {older.length > 0 && (
          <details className="grade-history">
            <summary>{older.length} earlier verdict{older.length > 1 ? 's' : ''}</summary>
            <ul>
              {older.map((grade, index) => (
                <li key={index}>
                  <Verdict correct={grade.correct} /> {grade.scorer} {grade.graderVersion}: {grade.reason}
                </li>
              ))}
            </ul>
          </details>
        )}
      </dd>
      {p.officialCorrect !== null && (
        <>
          <dt>Official</dt>
          <dd data-testid="official-verdict">
            <Verdict correct={p.officialCorrect} />
            {p.officialExtracted !== null && <span className="reason"> extracted “{p.officialExtracted}”</span>}
            {p.correct !== null && p.correct !== p.officialCorrect && <span className="badge disagree">disagrees with ours</span>}
          </dd>
        </>
      )}
      <dt>Format</dt>
      <dd data-testid="format-compliance">
        {p.formatOk === null ? (
          '—'
        ) : p.formatOk ? (
          'compliant'
        ) : p.runProvenance?.imported ? (
          // An imported run's prompt is not ours: most tools never ask for the R1 format, so its absence is no fault.
          <span className="muted">not in the &lt;think&gt;…&lt;/think&gt; \boxed{'{}'} format (imported: its prompt may not ask for it)</span>
        ) : (
          <span className="error">violates &lt;think&gt;…&lt;/think&gt; \boxed{'{}'}</span>
        )}
      </dd>
      <dt>Tokens</dt>
      <dd>
        {p.promptTokens ?? '—'} in · {p.completionTokens ?? '—'} out · finish {p.finishReason ?? '—'}
      </dd>
      <dt>Latency</dt>
      <dd>{milliseconds(p.latencyMs)}</dd>
      {p.category && (
        <>
          <dt>Category</dt>
          <dd>{p.category}</dd>
        </>
      )}
      {p.sampleIndex > 0 && (
        <>
          <dt>Sample</dt>
          <dd>answer #{p.sampleIndex + 1} to this question</dd>
        </>
      )}
    </dl>
  );
}
