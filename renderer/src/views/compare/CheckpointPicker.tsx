import type { CheckpointInfo } from '@core/types/records';
import { uniqueShortLabels } from '../../checkpoint-labels';
import { seriesColour } from '../../format';

export const MAX_COMPARED = 4;

/**
 * Choose 2–4 checkpoints, grouped by lineage (in the workspace order); the order of choice is
 * the order of comparison. Every chip's label is unique among the chips; the full name is its
 * tooltip.
 */
export function CheckpointPicker({
  checkpoints,
  chosen,
  onChange,
}: {
  checkpoints: CheckpointInfo[];
  chosen: number[];
  onChange: (ids: number[]) => void;
}) {
  const lineages = [...new Set(checkpoints.map((c) => c.lineage))];
  const labels = uniqueShortLabels(checkpoints);
  const toggle = (id: number): void => {
    if (chosen.includes(id)) onChange(chosen.filter((other) => other !== id));
    else if (chosen.length < MAX_COMPARED) onChange([...chosen, id]);
  };
  return (
    <div className="checkpoint-picker" data-testid="checkpoint-picker">
      {lineages.map((lineage) => (
        <div key={lineage} className="picker-stage" data-testid="picker-lineage">
          <span className="muted small" title="Lineage: one base model and its training run">
            {lineage}
          </span>
          {checkpoints
            .filter((c) => c.lineage === lineage)
            .map((checkpoint) => {
              const at = chosen.indexOf(checkpoint.id);
              const full = at < 0 && chosen.length >= MAX_COMPARED;
              return (
                <button
                  key={checkpoint.id}
                  type="button"
                  className={`chip${at >= 0 ? ' on' : ''}`}
                  aria-pressed={at >= 0}
                  disabled={full}
                  title={full ? `${checkpoint.name} (at most ${MAX_COMPARED} checkpoints)` : checkpoint.name}
                  style={at >= 0 ? { borderColor: seriesColour(at), boxShadow: `inset 0 0 0 1px ${seriesColour(at)}` } : undefined}
                  onClick={() => toggle(checkpoint.id)}
                  data-testid={`pick-${checkpoint.name}`}
                >
                  {at >= 0 && <span className="swatch" style={{ background: seriesColour(at) }} />}
                  {labels.get(checkpoint.name)}
                </button>
              );
            })}
        </div>
      ))}
    </div>
  );
}
