import { useState } from 'react';
import type { CheckpointInfo } from '@core/types/records';

/**
 * A checkpoint's row header in the runs matrix: its name (opens its samples), its step and base
 * model, a drag handle and up/down buttons that reorder it within its lineage (the workspace
 * order every analysis follows), and a small form to set its lineage.
 */
export function CheckpointHead({
  checkpoint,
  onOpen,
  onMove,
  onLineage,
  canMoveUp,
  canMoveDown,
}: {
  checkpoint: CheckpointInfo;
  onOpen: () => void;
  onMove: (direction: -1 | 1) => void;
  onLineage: (lineage: string) => void;
  canMoveUp: boolean;
  canMoveDown: boolean;
}) {
  const [draft, setDraft] = useState(checkpoint.lineage);
  return (
    <th className="checkpoint" scope="row">
      <div className="checkpoint-line">
        <span className="drag-handle" title="Drag to reorder within the lineage" aria-hidden="true">
          ⋮⋮
        </span>
        <button type="button" className="link-button plain name" onClick={onOpen} title={`${checkpoint.name}: open all its samples`}>
          {/* Whole, wrapping only after _ - @ (never mid-word), so the step and training suffix stay readable. */}
          {checkpoint.name.split(/(?<=[_\-@.])/).map((part, index) => (
            <span key={index}>
              {index > 0 && <wbr />}
              {part}
            </span>
          ))}
        </button>
        {checkpoint.simulated && <span className="badge simulated">simulated</span>}
      </div>
      <div className="checkpoint-meta">
      <div className="sub">
        {checkpoint.step !== null && `step ${checkpoint.step}`}
        {checkpoint.step !== null && checkpoint.baseModel && ' · '}
        {checkpoint.baseModel}
      </div>
      <div className="row-tools">
        <button type="button" className="link-button small" disabled={!canMoveUp} onClick={() => onMove(-1)} aria-label={`Move ${checkpoint.name} earlier`} data-testid={`move-up-${checkpoint.name}`}>
          ▲
        </button>
        <button type="button" className="link-button small" disabled={!canMoveDown} onClick={() => onMove(1)} aria-label={`Move ${checkpoint.name} later`} data-testid={`move-down-${checkpoint.name}`}>
          ▼
        </button>
        <details className="lineage-edit">
          <summary className="small muted">lineage</summary>
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              onLineage(draft.trim());
            }}
          >
            <input value={draft} onChange={(event) => setDraft(event.target.value)} aria-label={`Lineage of ${checkpoint.name}`} />
            <button type="submit">Set</button>
            {checkpoint.lineageSet && (
              <button type="button" onClick={() => onLineage('')} title="Go back to the lineage inferred from the name and base model">
                Inferred
              </button>
            )}
          </form>
        </details>
      </div>
      </div>
    </th>
  );
}
