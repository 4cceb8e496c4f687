/**
 * A job's closing message. Jobs that end with a summary write it as JSON: its plain fields are
 * shown as a short list (the whole summary stays one click away); any other message as text.
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
  return (
    <div className="job-summary small">
      {[...plain, ...counts].map(([key, value]) => (
        <span key={key} className="job-fact">
          <span className="muted">{key}</span> {String(value)}
        </span>
      ))}
      <details>
        <summary>full summary</summary>
        <pre className="job-log">{JSON.stringify(summary, null, 2)}</pre>
      </details>
    </div>
  );
}
