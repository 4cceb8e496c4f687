import type { CheckpointInfo } from '@core/types/records';
import { checkpointShort, seriesColour, stageLabel } from '../../format';

export const MAX_COMPARED = 4;

/** Choose 2–4 checkpoints, grouped by stage; the order of choice is the order of comparison. */
export function CheckpointPicker({
  checkpoints,
  chosen,
  onChange,
}: {
  checkpoints: CheckpointInfo[];
  chosen: number[];
  onChange: (ids: number[]) => void;
}) {
  const stages = [...new Set(checkpoints.map((c) => c.stage))];
  const toggle = (id: number): void => {
    if (chosen.includes(id)) onChange(chosen.filter((other) => other !== id));
    else if (chosen.length < MAX_COMPARED) onChange([...chosen, id]);
  };
  return (
    <div className="checkpoint-picker" data-testid="checkpoint-picker">
      {stages.map((stage) => (
        <div key={stage} className="picker-stage">
          <span className="muted small">{stageLabel(stage)}</span>
          {checkpoints
            .filter((c) => c.stage === stage)
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
                  title={full ? `At most ${MAX_COMPARED} checkpoints` : checkpoint.name}
                  style={at >= 0 ? { borderColor: seriesColour(at), boxShadow: `inset 0 0 0 1px ${seriesColour(at)}` } : undefined}
                  onClick={() => toggle(checkpoint.id)}
                  data-testid={`pick-${checkpoint.name}`}
                >
                  {at >= 0 && <span className="swatch" style={{ background: seriesColour(at) }} />}
                  {checkpointShort(checkpoint)}
                </button>
              );
            })}
        </div>
      ))}
    </div>
  );
}
