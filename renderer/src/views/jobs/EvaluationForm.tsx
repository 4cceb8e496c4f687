import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { errorText } from '../../hooks/useJob';
import { useQuery } from '../../useQuery';
import { DEFAULT_ONNX_SETTINGS, OnnxModelFields, type OnnxModelSettings } from './OnnxModelFields';
import { EMPTY_SLURM_FORM, SlurmFields, slurmBackendOf, type SlurmFormState } from './SlurmFields';
import { formatCount } from '../../format';

const num = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/**
 * Starts an evaluation against OpenAI-compatible endpoints, SLURM jobs that serve the checkpoint, or an ONNX model folder run in the
 * core's process. The API takes no key and no
 * executable by design: keys stay in the core's environment. The job then shows in the list below.
 */
export function EvaluationForm() {
  const overview = useQuery(() => api.overview({}), []);
  const [open, setOpen] = useState(false);
  const [benchmark, setBenchmark] = useState('');
  const [checkpoint, setCheckpoint] = useState('');
  const [stage, setStage] = useState('');
  const [step, setStep] = useState('');
  const [answeredBy, setAnsweredBy] = useState<'openai' | 'onnx' | 'slurm'>('openai');
  const [onnx, setOnnx] = useState<OnnxModelSettings>(DEFAULT_ONNX_SETTINGS);
  const [slurm, setSlurm] = useState<SlurmFormState>(EMPTY_SLURM_FORM);
  const [endpoints, setEndpoints] = useState('');
  const [model, setModel] = useState('');
  const [concurrency, setConcurrency] = useState('32');
  const [maxTokens, setMaxTokens] = useState('2048');
  const [temperature, setTemperature] = useState('0');
  const [samples, setSamples] = useState('1');
  const [limit, setLimit] = useState('');
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();
  const [busy, setBusy] = useState(false);

  const benchmarks = overview.data?.benchmarks ?? [];
  const chosenBenchmark = benchmark || benchmarks[0]?.name || '';
  const existing = overview.data?.checkpoints.find((c) => c.name === checkpoint.trim());

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setStatus(undefined);
    try {
      const started = await api.startEvaluation({
        benchmark: chosenBenchmark,
        checkpoint: { name: checkpoint.trim(), ...(stage.trim() ? { stage: stage.trim() } : {}), ...(num(step) !== undefined ? { step: num(step) } : {}) },
        backend:
          answeredBy === 'onnx'
            ? { kind: 'onnx', modelDir: onnx.modelDir.trim(), dtype: onnx.dtype, device: onnx.device }
            : answeredBy === 'slurm'
              ? slurmBackendOf(slurm)
              : { kind: 'openai', endpoints: endpoints.split(/[\s,]+/).filter(Boolean), model: model.trim() },
        sampling: { temperature: num(temperature) ?? 0, topP: 1, maxTokens: num(maxTokens) ?? 2048 },
        samplesPerQuestion: num(samples) ?? 1,
        // One in-process model answers one question at a time.
        concurrency: answeredBy === 'onnx' ? 1 : (num(concurrency) ?? 32),
        ...(num(limit) !== undefined ? { limit: num(limit) } : {}),
      });
      setStatus({ text: `Evaluation ${started.resumed ? 'resumed' : 'started'}: run ${started.runId}, job ${started.jobId}. Follow it below.` });
    } catch (error) {
      setStatus({ text: errorText(error), error: true });
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <p>
        <button type="button" className="primary" onClick={() => setOpen(true)} data-testid="new-evaluation">
          New evaluation
        </button>
      </p>
    );
  }
  return (
    <form className="dropzone import-form eval-form" data-testid="evaluation-form" onSubmit={(event) => void submit(event)}>
      <h2>New evaluation</h2>
      <p className="muted small">
        Against an OpenAI-compatible server (vLLM, SGLang, LMDeploy…), a server started for the checkpoint in SLURM jobs, or an ONNX model
        folder run in process. API keys are read from the core&apos;s environment, never typed here.
      </p>
      {overview.error && <p className="error small">Could not load the benchmarks: {overview.error}</p>}
      <div className="form-grid">
        <label>
          Benchmark
          <select value={chosenBenchmark} onChange={(e) => setBenchmark(e.target.value)} aria-label="Benchmark to evaluate">
            {benchmarks.map((b) => (
              <option key={b.id} value={b.name}>
                {b.name} ({formatCount(b.samples)})
              </option>
            ))}
          </select>
        </label>
        <label>
          Checkpoint
          <input value={checkpoint} onChange={(e) => setCheckpoint(e.target.value)} list="eval-checkpoints" placeholder="existing or new name" aria-label="Checkpoint name" required />
          <datalist id="eval-checkpoints">
            {overview.data?.checkpoints.map((c) => <option key={c.id} value={c.name} />)}
          </datalist>
        </label>
        <label>
          Stage
          <input value={stage} onChange={(e) => setStage(e.target.value)} placeholder={existing ? existing.stage : 'e.g. stage2'} disabled={!!existing} aria-label="Stage" />
        </label>
        <label>
          Step
          <input value={step} onChange={(e) => setStep(e.target.value)} inputMode="numeric" placeholder={existing?.step?.toString() ?? 'e.g. 200'} disabled={!!existing} aria-label="Step" />
        </label>
        <label>
          Answered by
          <select value={answeredBy} onChange={(e) => setAnsweredBy(e.target.value as 'openai' | 'onnx' | 'slurm')} aria-label="Answered by">
            <option value="openai">OpenAI-compatible server</option>
            <option value="slurm">SLURM jobs (sbatch)</option>
            <option value="onnx">ONNX model folder (in process)</option>
          </select>
        </label>
        {answeredBy === 'onnx' && <OnnxModelFields value={onnx} onChange={setOnnx} />}
        {answeredBy === 'slurm' && <SlurmFields state={slurm} onChange={setSlurm} />}
        {answeredBy === 'slurm' && (
          <label>
            Concurrency
            <input type="number" min={1} max={1024} value={concurrency} onChange={(e) => setConcurrency(e.target.value)} aria-label="Concurrency" />
          </label>
        )}
        {answeredBy === 'openai' && (
          <>
            <label className="wide">
              Endpoint URL(s)
              <input value={endpoints} onChange={(e) => setEndpoints(e.target.value)} placeholder="http://gpu-box:8000/v1 (several: separate by spaces)" aria-label="Endpoint URLs" required spellCheck={false} />
            </label>
            <label>
              Served model name
              <input value={model} onChange={(e) => setModel(e.target.value)} placeholder="as the server names it" aria-label="Served model name" required spellCheck={false} />
            </label>
            <label>
              Concurrency
              <input type="number" min={1} max={1024} value={concurrency} onChange={(e) => setConcurrency(e.target.value)} aria-label="Concurrency" />
            </label>
          </>
        )}
        <label>
          Max tokens
          <input type="number" min={1} value={maxTokens} onChange={(e) => setMaxTokens(e.target.value)} aria-label="Max tokens" />
        </label>
        <label>
          Temperature
          <input type="number" min={0} max={10} step="any" value={temperature} onChange={(e) => setTemperature(e.target.value)} aria-label="Temperature" />
        </label>
        <label>
          Samples (k)
          <input type="number" min={1} max={1000} value={samples} onChange={(e) => setSamples(e.target.value)} aria-label="Samples per question" />
        </label>
        <label>
          Limit
          <input type="number" min={1} value={limit} onChange={(e) => setLimit(e.target.value)} placeholder="all questions" aria-label="Limit" />
        </label>
      </div>
      <div className="import-options">
        <button type="submit" className="primary" disabled={busy || !chosenBenchmark} data-testid="start-evaluation">
          {busy ? 'Starting…' : 'Start evaluation'}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
      {status && (
        <p className={status.error ? 'error small' : 'muted small'} role={status.error ? 'alert' : 'status'} data-testid="evaluation-status">
          {status.text}
        </p>
      )}
    </form>
  );
}
