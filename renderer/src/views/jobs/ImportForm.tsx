import { useState, type DragEvent } from 'react';
import { FORMAT_NAMES } from '@core/types/ingest';
import { api, transport } from '../../api';

// The importer's own list (a leaf module without zod); a format left unset is found by detection.
type Format = (typeof FORMAT_NAMES)[number];

/**
 * Imports result or benchmark files as a job. Paths are those of the machine running the core:
 * typed (one per line), or dropped on the form in the desktop app (a browser does not reveal a
 * dropped file's path, so there it only fills in the names as a reminder).
 */
export function ImportForm() {
  const [paths, setPaths] = useState('');
  const [format, setFormat] = useState<Format | ''>('');
  const [checkpoint, setCheckpoint] = useState('');
  const [benchmark, setBenchmark] = useState('');
  const [over, setOver] = useState(false);
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();
  const [busy, setBusy] = useState(false);

  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setOver(false);
    const files = [...event.dataTransfer.files];
    if (files.length === 0) return;
    const dropped = files.map((file) => api.pathForFile?.(file) || '').filter(Boolean);
    if (dropped.length > 0) {
      setPaths((text) => [text.trim(), ...dropped].filter(Boolean).join('\n'));
      setStatus(undefined);
    } else {
      setStatus({
        text: `A browser does not tell the page where ${files.map((f) => f.name).join(', ')} ${files.length === 1 ? 'is' : 'are'}: type the full path on the machine running the core.`,
        error: true,
      });
    }
  };

  const submit = async (): Promise<void> => {
    const list = paths
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (list.length === 0) return;
    setBusy(true);
    try {
      const job = await api.importFiles({
        paths: list,
        ...(format ? { format } : {}),
        ...(checkpoint.trim() ? { checkpoint: checkpoint.trim() } : {}),
        ...(benchmark.trim() ? { benchmark: benchmark.trim() } : {}),
      });
      // The paths stay: an import that fails (a job, below) is fixed and started again without retyping them.
      setStatus({ text: `Import started (job ${job.id}); follow it below.` });
    } catch (error) {
      setStatus({ text: error instanceof Error ? error.message : String(error), error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className={`dropzone import-form${over ? ' over' : ''}`}
      data-testid="import-form"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2>Import results</h2>
      <p className="muted small">
        VLMEvalKit, lmms-eval, EasyR1, MathVista, MATH-Vision, R1-V, MMMU files or plain JSONL / CSV / Parquet.
        {transport === 'ipc'
          ? ' Choose or drop files (the app imports only files picked in its dialog or dropped here).'
          : ' Type absolute paths on the machine running the core, one per line (inside the folders serve allows, --root).'}
      </p>
      {api.pickImportPaths && (
        <button
          type="button"
          data-testid="choose-files"
          onClick={() =>
            void api.pickImportPaths!().then((chosen) => {
              if (chosen.length > 0) setPaths((text) => [text.trim(), ...chosen].filter(Boolean).join('\n'));
            })
          }
        >
          Choose files…
        </button>
      )}
      <textarea
        value={paths}
        onChange={(event) => setPaths(event.target.value)}
        rows={2}
        placeholder="/data/evals/stage3@279/MathVista_MINI.xlsx"
        aria-label="Paths to import"
        spellCheck={false}
      />
      <div className="import-options">
        <label>
          format{' '}
          <select value={format} onChange={(event) => setFormat(event.target.value as Format | '')} aria-label="Format">
            <option value="">detect</option>
            {FORMAT_NAMES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          checkpoint <input value={checkpoint} onChange={(event) => setCheckpoint(event.target.value)} placeholder="from the file" aria-label="Checkpoint" />
        </label>
        <label>
          benchmark <input value={benchmark} onChange={(event) => setBenchmark(event.target.value)} placeholder="from the file" aria-label="Benchmark" />
        </label>
        <button type="submit" className="primary" disabled={busy || !paths.trim()}>
          {busy ? 'Starting…' : 'Import'}
        </button>
      </div>
      {status && (
        <p className={status.error ? 'error small' : 'muted small'} role="status" data-testid="import-status">
          {status.text}
        </p>
      )}
    </form>
  );
}
