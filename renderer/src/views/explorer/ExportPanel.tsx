import { useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat, type FailureSetInfo } from '@core/types/export';
import type { JobInfo } from '@core/types/records';
import { api, downloadExport, transport } from '../../api';
import { errorText, useJob } from '../../hooks/useJob';

/**
 * Saves the explorer's current filter as a failure set (a snapshot of its matches), then exports
 * that set. No path is asked: the core writes under exports/ beside the workspace and says where.
 */
export function ExportPanel({ query, onClose }: { query: string; onClose: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [set, setSet] = useState<FailureSetInfo>();
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  const [started, setStarted] = useState<{ job: JobInfo; outPath: string }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const job = useJob(started?.job);

  const run = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setBusy(false);
    }
  };
  const createSet = () => run(async () => setSet(await api.createFailureSet({ name: name.trim(), description, query })));
  // Formats written as a folder (records beside their images); the others are one file.
  const folder = format === 'jsonl' || format === 'easyr1';
  const startExport = () =>
    run(async () => {
      if (!set) return;
      // Desktop app: the system save dialog says where; cancelled, nothing starts.
      let outPath: string | undefined;
      if (api.pickExportPath) {
        const extension = folder ? '' : format === 'vlmevalkit' ? '.tsv' : `.${format}`;
        const chosen = await api.pickExportPath(`${set.name.replace(/[^\w.@+-]+/g, '_')}${extension}`);
        if (chosen === null) return;
        outPath = chosen;
      }
      setStarted(await api.startExport({ setId: set.id, format, ...(outPath ? { outPath } : {}) }));
    });

  return (
    <div className="workflow-card" data-testid="export-panel">
      <h3>Save as set / Export</h3>
      <p className="muted small">
        Filter: <code>{query || '(every prediction)'}</code>
      </p>
      {!set ? (
        <form
          className="form-grid"
          onSubmit={(event) => {
            event.preventDefault();
            void createSet();
          }}
        >
          <label>
            Set name
            <input value={name} onChange={(e) => setName(e.target.value)} aria-label="Set name" required maxLength={120} />
          </label>
          <label className="wide">
            Description
            <input value={description} onChange={(e) => setDescription(e.target.value)} aria-label="Set description" />
          </label>
          <label>
            &nbsp;
            <button type="submit" className="primary" disabled={busy || !name.trim()} data-testid="create-set">
              {busy ? 'Saving…' : 'Save set'}
            </button>
          </label>
        </form>
      ) : (
        <>
          <p className="small" data-testid="set-created">
            Saved set “{set.name}” with {set.size.toLocaleString()} prediction{set.size === 1 ? '' : 's'}.
          </p>
          <div className="import-options">
            <label>
              format{' '}
              <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} aria-label="Export format" disabled={!!started}>
                {EXPORT_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="primary" onClick={() => void startExport()} disabled={busy || !!started} data-testid="start-export">
              Export
            </button>
          </div>
        </>
      )}
      {started && (
        <p className="small" role="status" data-testid="export-status">
          Export {job?.status ?? 'started'}
          {job && job.total > 0 ? ` (${job.done.toLocaleString()} / ${job.total.toLocaleString()})` : ''} → <span className="out-path">{started.outPath}</span>
          {job?.status === 'failed' && <span className="error"> {job.message}</span>}
          {job?.status === 'completed' && transport === 'http' && folder && <span className="muted"> (a folder: export as zip to download it)</span>}
          {job?.status === 'completed' && transport === 'http' && !folder && (
            <>
              {' '}
              <button type="button" className="link-button" onClick={() => void run(() => downloadExport(job.id))} data-testid="download-export">
                Download
              </button>
            </>
          )}
        </p>
      )}
      {error && (
        <p className="error small" role="alert" data-testid="export-error">
          {error}
        </p>
      )}
      <button type="button" className="link-button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
