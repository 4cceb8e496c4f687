import { useRef, useState } from 'react';
import type { AnnotationRecord, LabelDefinition } from '@core/types/records';
import { api } from '../../api';
import { fullTime, when } from '../../format';
import { useHotkeys } from '../../hooks/useHotkeys';
import { labelAuthor, useTaxonomy } from '../../hooks/useTaxonomy';

/** Why a label no longer counts: the rule of the `label:` filter and the Errors view. */
function supersededWhy(annotation: AnnotationRecord): string {
  return annotation.source === 'manual'
    ? `replaced by ${annotation.author}'s newer label: each author's newest label is the one that counts`
    : "a person's label counts over a machine pass's, and each pass's newest over its earlier ones";
}

/**
 * Labels a prediction with the workspace's failure taxonomy: one key per label (1–9, as the
 * taxonomy says), with an optional note. Every label keeps who gave it and when; one that no
 * longer counts (its author labelled again) is shown struck through.
 */
export function LabelPanel({
  predictionId,
  annotations,
  onChanged,
}: {
  predictionId: number;
  annotations: AnnotationRecord[];
  onChanged: (added?: AnnotationRecord) => void;
}) {
  const taxonomy = useTaxonomy();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();
  const noteBox = useRef<HTMLTextAreaElement>(null);
  const labels = taxonomy.data ?? [];

  const label = async (definition: LabelDefinition): Promise<void> => {
    if (busy) return;
    setBusy(true);
    try {
      const author = labelAuthor.get();
      const added = await api.addAnnotation({ predictionId, label: definition.key, note: note.trim(), ...(author ? { author } : {}) });
      setNote('');
      setStatus({ text: `Labelled ${definition.name}` });
      onChanged(added);
    } catch (error) {
      setStatus({ text: error instanceof Error ? error.message : String(error), error: true });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (annotation: AnnotationRecord): Promise<void> => {
    try {
      await api.deleteAnnotation({ annotationId: annotation.id });
      setStatus({ text: `Removed ${annotation.label}` });
      onChanged();
    } catch (error) {
      setStatus({ text: error instanceof Error ? error.message : String(error), error: true });
    }
  };

  const keys = Object.fromEntries(labels.map((definition) => [definition.hotkey, () => void label(definition)]));
  useHotkeys({ ...keys, n: () => noteBox.current?.focus() });

  return (
    <section className="label-panel" aria-label="Failure labels" data-testid="label-panel">
      <h3>Label</h3>
      {taxonomy.error && <p className="error">Could not load the labels: {taxonomy.error}</p>}
      <div className="label-buttons">
        {labels.map((definition) => (
          <button
            key={definition.key}
            type="button"
            className="label-button"
            title={definition.description}
            disabled={busy}
            onClick={() => void label(definition)}
            data-testid={`label-${definition.key}`}
          >
            <kbd>{definition.hotkey}</kbd> {definition.name}
          </button>
        ))}
      </div>
      <textarea
        ref={noteBox}
        className="note"
        value={note}
        placeholder="Note for the next label (optional). n to focus, Esc to leave, then press a label's key."
        rows={2}
        maxLength={10_000}
        onChange={(event) => setNote(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') event.currentTarget.blur();
        }}
        aria-label="Note"
      />
      {status && (
        <p className={status.error ? 'error' : 'muted'} role="status" data-testid="label-status">
          {status.text}
        </p>
      )}
      {annotations.length > 0 && (
        <ul className="annotations" data-testid="annotations">
          {annotations.map((annotation) => (
            <li key={annotation.id} className={annotation.current ? undefined : 'superseded'} data-current={annotation.current}>
              <span className="label-chip" title={annotation.current ? undefined : supersededWhy(annotation)}>
                {labels.find((l) => l.key === annotation.label)?.name ?? annotation.label}
              </span>
              {!annotation.current && <span className="muted"> (replaced)</span>}
              <span className="muted" title={fullTime(annotation.createdAt)}>
                {' '}
                by {annotation.author} · {when(annotation.createdAt)}
                {annotation.source !== 'manual' && ` · ${annotation.source}`}
              </span>
              {annotation.source === 'manual' && (
                <button type="button" className="link-button" onClick={() => void remove(annotation)} aria-label={`Remove label ${annotation.label}`}>
                  remove
                </button>
              )}
              {annotation.note && <div className="annotation-note">{annotation.note}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
