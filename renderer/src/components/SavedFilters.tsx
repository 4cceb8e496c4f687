import { useState } from 'react';
import { api } from '../api';
import { useQuery } from '../useQuery';

/** Filters saved with the workspace: one click applies one; the current filter can be saved by name. */
export function SavedFilters({ current, onApply }: { current: string; onApply: (query: string) => void }) {
  const saved = useQuery(() => api.listSavedFilters({}), []);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();

  const save = async (): Promise<void> => {
    try {
      await api.saveFilter({ name: name.trim(), query: current });
      setNaming(false);
      setName('');
      setError(undefined);
      saved.reload();
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    }
  };
  const remove = async (id: number): Promise<void> => {
    await api.deleteSavedFilter({ id }).catch(() => undefined);
    saved.reload();
  };

  return (
    <div className="saved-filters" data-testid="saved-filters">
      <span className="muted small">Saved:</span>
      {saved.error && <span className="error small">{saved.error}</span>}
      {saved.data?.length === 0 && <span className="muted small">none yet</span>}
      {saved.data?.map((filter) => (
        <span key={filter.id} className={`saved-chip${filter.query === current ? ' active' : ''}`}>
          <button type="button" className="link-button" onClick={() => onApply(filter.query)} title={filter.query || '(everything)'}>
            {filter.name}
          </button>
          <button type="button" className="chip-x" onClick={() => void remove(filter.id)} aria-label={`Delete saved filter ${filter.name}`}>
            ×
          </button>
        </span>
      ))}
      {naming ? (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim()) void save();
          }}
        >
          <input autoFocus value={name} onChange={(event) => setName(event.target.value)} placeholder="name" aria-label="Name of the saved filter" maxLength={120} />
          <button type="submit" disabled={!name.trim()}>
            Save
          </button>
          <button type="button" onClick={() => setNaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" className="link-button small" onClick={() => setNaming(true)} disabled={!current}>
          + save this filter
        </button>
      )}
      {error && <span className="error small">{error}</span>}
    </div>
  );
}
