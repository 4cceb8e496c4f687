import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { JobInfo, LiveAnswer } from '@core/types/records';
import { api } from '../../api';
import { ErrorState, Loading } from '../../components/States';
import { onWorkbenchEvent } from '../../events';
import { QuestionPanel } from './QuestionPanel';
import { streamedParts } from './streamed-parts';
import { formatCount } from '../../format';

interface Finished {
  runId: number;
  externalId: string;
  sampleIndex: number;
}

/**
 * A running evaluation's current answer, read as it is written (/live/:jobId): the question and
 * its image on the left, the model's think part and response streaming on the right. It follows
 * the run from question to question; the answers written meanwhile are listed with a way to
 * their stored traces. Model text is shown as text, never as markup, while it streams.
 */
export function LiveTraceView() {
  const { jobId: param } = useParams();
  const jobId = Number(param);
  const [job, setJob] = useState<JobInfo>();
  const [answer, setAnswer] = useState<LiveAnswer | null>(null);
  const [error, setError] = useState<string>();
  const [finished, setFinished] = useState<Finished[]>([]);

  useEffect(() => {
    if (!Number.isInteger(jobId) || jobId <= 0) return;
    let current: LiveAnswer | null = null;
    const show = (next: LiveAnswer | null): void => {
      if (current && (!next || next.sampleId !== current.sampleId || next.sampleIndex !== current.sampleIndex)) {
        const done = current;
        setFinished((list) => [{ runId: done.runId, externalId: done.externalId, sampleIndex: done.sampleIndex }, ...list].slice(0, 20));
      }
      current = next;
      setAnswer(next);
    };
    let loading = false;
    const load = (): void => {
      if (loading) return;
      loading = true;
      api.liveAnswer({ jobId }).then(
        (state) => {
          loading = false;
          setJob(state.job);
          show(state.answer);
        },
        (reason: unknown) => {
          loading = false;
          setError(reason instanceof Error ? reason.message : String(reason));
        },
      );
    };
    load();
    const stop = onWorkbenchEvent((event) => {
      if (event.type === 'job' && event.job.id === jobId) {
        setJob(event.job);
        if (event.job.status !== 'running' && event.job.status !== 'queued') show(null);
      } else if (event.type === 'partial' && event.jobId === jobId) {
        // The same answer grows in place; a new one brings a new question, read once.
        if (current && current.sampleId === event.sampleId && current.sampleIndex === event.sampleIndex) {
          show({ ...current, text: event.text, length: event.length, think: event.think });
        } else load();
      }
    });
    return stop;
  }, [jobId]);

  if (!Number.isInteger(jobId) || jobId <= 0) return <ErrorState error={`"${param}" is not a job id`} />;
  if (error) return <ErrorState what={`job ${jobId}`} error={error} />;
  if (!job) return <Loading what="the running answer" />;
  const running = job.status === 'running' || job.status === 'queued';
  const runQuery = answer ? `run:${answer.runId}` : finished[0] ? `run:${finished[0].runId}` : null;

  return (
    <article className="trace live-trace" data-testid="live-trace">
      <nav className="crumbs">
        <Link to="/jobs">← Jobs</Link>
        <span className="crumb-title">
          {answer ? (
            <>
              Live · {answer.benchmark} · <b>{answer.externalId}</b>
              {answer.sampleIndex > 0 ? ` (answer ${answer.sampleIndex + 1})` : ''} · {answer.checkpoint}
            </>
          ) : (
            job.title
          )}
        </span>
        <span className={`job-status ${job.status}`} data-testid="live-status">
          {running ? 'streaming' : job.status}
        </span>
        <span className="muted small">
          {job.done} of {job.total} answers
        </span>
        <span className="spacer" />
        {runQuery && (
          <Link to={`/explore?q=${encodeURIComponent(runQuery)}`} className="muted">
            Stored answers of this run →
          </Link>
        )}
      </nav>
      {!answer && (
        <p className="notice" data-testid="live-idle">
          {running
            ? 'Waiting for the model to start writing (servers answer whole; in-process ONNX models stream).'
            : `The evaluation ${job.status}; its answers are stored and graded.`}
        </p>
      )}
      {answer && <LiveAnswerLayout answer={answer} />}
      {finished.length > 0 && (
        <section>
          <h3>Answered while you watched</h3>
          <ul className="small" data-testid="live-finished">
            {finished.map((item) => (
              <li key={`${item.externalId}-${item.sampleIndex}`}>
                <Link to={`/explore?q=${encodeURIComponent(`run:${item.runId} sample:${item.externalId}`)}`}>{item.externalId}</Link>
                {item.sampleIndex > 0 ? ` (answer ${item.sampleIndex + 1})` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}

function LiveAnswerLayout({ answer }: { answer: LiveAnswer }) {
  const parts = streamedParts(answer.text, answer.think);
  const cut = answer.length - answer.text.length;
  return (
    <div className="trace-grid">
      <div className="trace-left">
        <QuestionPanel sampleKey={answer.sampleId} externalId={answer.externalId} images={answer.images} question={answer.question} choices={answer.choices} />
      </div>
      <div className="trace-right">
        <section className="model-output" data-testid="live-output">
          <div className="section-head">
            <h3>Model output, as it is written</h3>
            <span className="muted small" data-testid="live-length">
              {formatCount(answer.length)} characters
            </span>
          </div>
          {cut > 0 && <p className="notice">The first {formatCount(cut)} characters are not shown; the stored trace will have them all.</p>}
          {parts.think !== null && (
            <details className="think" open>
              <summary>{parts.thinking ? 'Thinking…' : `Thinking (${formatCount(parts.think.length)} characters)`}</summary>
              <pre className="output plain" data-testid="live-think">
                {parts.think}
              </pre>
            </details>
          )}
          <h3>Response</h3>
          <pre className="output plain answer" data-testid="live-response">
            {parts.response || <span className="muted">{parts.thinking ? '(still thinking)' : '(nothing yet)'}</span>}
          </pre>
        </section>
      </div>
    </div>
  );
}
