import type { ReactNode } from 'react';

/** The three states every view shows before (or instead of) its data. */
export function Loading({ what }: { what?: string }) {
  return (
    <p className="state loading" role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" /> Loading{what ? ` ${what}` : ''}…
    </p>
  );
}

export function ErrorState({ error, retry, what }: { error: string; retry?: () => void; what?: string }) {
  return (
    <div className="state failed" role="alert">
      <strong>Could not load{what ? ` ${what}` : ''}.</strong> <span className="message">{error}</span>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state empty" data-testid="empty">
      <h2>{title}</h2>
      {children}
    </div>
  );
}
