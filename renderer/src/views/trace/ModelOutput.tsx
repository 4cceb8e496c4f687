import { useEffect, useMemo, useRef, useState } from 'react';
import type { PredictionDetail } from '@core/types/records';
import { MarkedText, ModelMarkdown } from '../../markdown/ModelMarkdown';
import { answerLocation } from './answer-location';
import { formatCount } from '../../format';

/** Above this many characters a think part starts collapsed (it is rendered only once opened). */
const LONG_THINK = 4000;
/** Above this, markdown rendering waits for a click: a runaway trace must not freeze the view. */
const RENDER_LIMIT = 80_000;

/** What the model wrote after its think part (the whole output when it has none). */
export function responseOf(raw: string, think: string | null): string {
  if (think === null) return raw;
  const at = raw.indexOf(think);
  if (at < 0) return raw;
  return raw.slice(at + think.length).replace(/^\s*<\s*\/\s*think\s*>/i, '').replace(/^\s+/, '');
}

/**
 * The model's output: the think part (collapsible, markdown + KaTeX), the response after it with the
 * extracted answer marked, and the raw text. Rendered or plain, nothing in it executes.
 */
export function ModelOutput({ p }: { p: PredictionDetail }) {
  const [plain, setPlain] = useState(false);
  const response = useMemo(() => responseOf(p.rawOutput, p.think), [p.rawOutput, p.think]);
  const location = useMemo(() => answerLocation(p.rawOutput, p.think, response, p.extracted), [p.rawOutput, p.think, response, p.extracted]);
  // An answer read inside a think part never closed is shown there, the part open.
  const [thinkOpen, setThinkOpen] = useState(p.think !== null && (p.think.length <= LONG_THINK || location.where === 'think'));
  const [forceRender, setForceRender] = useState(false);
  const tooLong = p.rawOutput.length > RENDER_LIMIT && !forceRender;
  const showPlain = plain || tooLong;
  const thinkMark = location.where === 'think' ? p.extracted : null;
  const responseBox = useRef<HTMLDivElement>(null);
  // The answer usually ends a long response: the box opens scrolled to the marked answer.
  useEffect(() => {
    const box = responseBox.current;
    const marks = box?.querySelectorAll<HTMLElement>('.answer-mark');
    const mark = marks && marks.length > 0 ? marks[marks.length - 1]! : null;
    if (!box || !mark) return;
    const top = mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    if (top + mark.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = Math.max(0, top - box.clientHeight / 2);
  }, [response, p.extracted, showPlain]);

  return (
    <section className="model-output" data-testid="model-output">
      <div className="section-head">
        <h3>Model output</h3>
        <div className="segmented" role="group" aria-label="Output display">
          <button type="button" aria-pressed={!showPlain} onClick={() => setPlain(false)}>
            Rendered
          </button>
          <button type="button" aria-pressed={showPlain} onClick={() => setPlain(true)}>
            Plain text
          </button>
        </div>
      </div>
      {tooLong && !plain && (
        <p className="notice">
          This output has {formatCount(p.rawOutput.length)} characters; it is shown as plain text.{' '}
          <button type="button" className="link-button" onClick={() => setForceRender(true)}>
            Render markdown anyway
          </button>
        </p>
      )}
      {p.think !== null && (
        <details className="think" open={thinkOpen} onToggle={(event) => setThinkOpen(event.currentTarget.open)}>
          <summary data-testid="think-summary">Thinking ({formatCount(p.think.length)} characters)</summary>
          {thinkOpen && (
            <div className="output" data-testid="think-output">
              {showPlain ? (
                <pre className="plain">
                  <MarkedText text={p.think} mark={thinkMark} />
                </pre>
              ) : (
                <ModelMarkdown text={p.think} mark={thinkMark} unbounded={forceRender} />
              )}
            </div>
          )}
        </details>
      )}
      <h3>Response</h3>
      {/* After a think part the response is short; without one it is the whole output, given the room of one. */}
      <div className={p.think !== null ? 'output answer' : 'output'} data-testid="answer-part" ref={responseBox}>
        {response.trim() ? (
          showPlain ? (
            <pre className="plain">
              <MarkedText text={response} mark={p.extracted} />
            </pre>
          ) : (
            <ModelMarkdown text={response} mark={p.extracted} unbounded={forceRender} />
          )
        ) : (
          <span className="muted" data-testid="no-response">
            {location.unclosed
              ? `(nothing after the think part: the model never closed it${location.where === 'think' ? '; the answer was read inside it, marked above' : ''})`
              : '(nothing after the think part)'}
          </span>
        )}
      </div>
      <p className="small graded-part">
        <span className="muted">Answer part handed to the grader: </span>
        {p.answerPart ? <code data-testid="graded-part">{p.answerPart}</code> : <span className="muted">(empty answer)</span>}
        {location.where === null && <span className="muted"> · the extracted “{p.extracted}” is a normalised form, not found verbatim</span>}
      </p>
      <details className="raw">
        <summary>Raw output ({formatCount(p.rawOutput.length)} characters)</summary>
        <pre className="output plain" data-testid="raw-output">
          {p.rawOutput}
        </pre>
      </details>
      {p.error && <p className="error">Request failed: {p.error}</p>}
    </section>
  );
}
