import { useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat, type FailureSetInfo } from '@core/types/export';
import type { JobInfo } from '@core/types/records';
import { api, downloadExport, transport } from '../../api';
import { errorText, jobFinished, useJob } from '../../hooks/useJob';
import { useQuery } from '../../useQuery';
import { formatCount } from '../../format';

/**
 * Saves the explorer's current filter as a failure set (a snapshot of its matches), or picks a set
 * saved before, then exports it, in as many formats as wanted. No path is asked: the core writes
 * under exports/ beside the workspace and says where (the desktop app asks with its save dialog).
 */
export function ExportPanel({ query, onClose }: { query: string; onClose: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [set, setSet] = useState<FailureSetInfo>();
  const saved = useQuery(() => api.listFailureSets({}), []);
  // In a browser only a single file can be downloaded: zip (records and images in one file) first.
  const [format, setFormat] = useState<ExportFormat>(transport === 'http' ? 'zip' : 'jsonl');
  const [started, setStarted] = useState<{ job: JobInfo; outPath: string; format: ExportFormat }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const job = useJob(started?.job);
  const exporting = started !== undefined && !jobFinished(job);

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
  const isFolder = (written: ExportFormat): boolean => written === 'jsonl' || written === 'easyr1';
  const folder = isFolder(format);
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
      setStarted({ ...(await api.startExport({ setId: set.id, format, ...(outPath ? { outPath } : {}) })), format });
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
          {(saved.data?.length ?? 0) > 0 && (
            <label className="wide">
              or export a set saved before{' '}
              <select
                value=""
                onChange={(e) => setSet(saved.data!.find((candidate) => String(candidate.id) === e.target.value))}
                aria-label="Set saved before"
                data-testid="pick-set"
              >
                <option value="">choose a set…</option>
                {saved.data!.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name} ({formatCount(candidate.size)})
                  </option>
                ))}
              </select>
            </label>
          )}
        </form>
      ) : (
        <>
          <p className="small" data-testid="set-created">
            Set “{set.name}” with {formatCount(set.size)} prediction{set.size === 1 ? '' : 's'}.
          </p>
          <div className="import-options">
            <label>
              format{' '}
              <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} aria-label="Export format" disabled={exporting}>
                {EXPORT_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="primary" onClick={() => void startExport()} disabled={busy || exporting} data-testid="start-export">
              {started ? 'Export again' : 'Export'}
            </button>
          </div>
        </>
      )}
      {started && (
        <p className="small" role="status" data-testid="export-status">
          Export {job?.status ?? 'started'}
          {job && job.total > 0 ? ` (${formatCount(job.done)} / ${formatCount(job.total)})` : ''} → <span className="out-path">{started.outPath}</span>
          {job?.status === 'failed' && <span className="error"> {job.message}</span>}
          {job?.status === 'completed' && transport === 'http' && isFolder(started.format) && <span className="muted"> (a folder: export as zip to download it)</span>}
          {job?.status === 'completed' && transport === 'http' && !isFolder(started.format) && (
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
