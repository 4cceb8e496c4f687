import { useState } from 'react';
import type { LabelDefinition } from '@core/types/records';
import { api } from '../../api';
import { ErrorState, Loading } from '../../components/States';
import { useTaxonomy } from '../../hooks/useTaxonomy';

const EMPTY: LabelDefinition = { key: '', name: '', hotkey: '', description: '' };

function LabelRow({ label, isNew, onSaved }: { label: LabelDefinition; isNew?: boolean; onSaved: () => void }) {
  const [draft, setDraft] = useState(label);
  const [error, setError] = useState<string>();
  const changed = JSON.stringify(draft) !== JSON.stringify(label);
  const set = (field: keyof LabelDefinition) => (event: { target: { value: string } }) => setDraft({ ...draft, [field]: event.target.value });
  const save = async (): Promise<void> => {
    try {
      await api.saveLabel({ ...draft, key: draft.key.trim() });
      setError(undefined);
      if (isNew) setDraft(EMPTY);
      onSaved();
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    }
  };
  const remove = async (): Promise<void> => {
    try {
      await api.deleteLabel({ key: label.key });
      onSaved();
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    }
  };
  return (
    <tr>
      <td>
        <input value={draft.hotkey} onChange={set('hotkey')} maxLength={1} size={2} aria-label="Hotkey" placeholder="7" />
      </td>
      <td>{isNew ? <input value={draft.key} onChange={set('key')} aria-label="Label id" placeholder="grounding" size={12} /> : <code>{label.key}</code>}</td>
      <td>
        <input value={draft.name} onChange={set('name')} aria-label="Name" placeholder="Name" />
      </td>
      <td>
        <input className="wide" value={draft.description} onChange={set('description')} aria-label="Description" placeholder="What it means" />
      </td>
      <td className="row-actions">
        <button type="button" disabled={!changed || !draft.name || !draft.hotkey || (isNew && !draft.key)} onClick={() => void save()}>
          {isNew ? 'Add' : 'Save'}
        </button>
        {!isNew && (
          <button type="button" className="link-button" onClick={() => void remove()} title="Only a label nobody has used can be removed">
            remove
          </button>
        )}
        {error && <div className="error small">{error}</div>}
      </td>
    </tr>
  );
}

/** The workspace's failure taxonomy: names, hotkeys (1–9) and descriptions, editable. */
export function TaxonomyEditor() {
  const taxonomy = useTaxonomy();
  if (taxonomy.error) return <ErrorState what="the taxonomy" error={taxonomy.error} retry={taxonomy.reload} />;
  if (!taxonomy.data) return <Loading what="the taxonomy" />;
  return (
    <table className="taxonomy" data-testid="taxonomy-editor">
      <thead>
        <tr>
          <th>Hotkey</th>
          <th>Id</th>
          <th>Name</th>
          <th>Description</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {taxonomy.data.map((label) => (
          <LabelRow key={`${label.key}:${label.name}:${label.hotkey}:${label.description}`} label={label} onSaved={taxonomy.reload} />
        ))}
        <LabelRow label={EMPTY} isNew onSaved={taxonomy.reload} />
      </tbody>
    </table>
  );
}
