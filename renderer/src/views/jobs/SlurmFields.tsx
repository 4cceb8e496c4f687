/** The form's SLURM choice: the scheduler options `eval --slurm` takes (README: Evaluate on a SLURM cluster). */
export interface SlurmFormState {
  checkpointPath: string;
  server: 'vllm' | 'sglang' | 'lmdeploy';
  partition: string;
  gpusPerJob: string;
  time: string;
  account: string;
  /** One sbatch option a line (--qos=high). */
  sbatchArgs: string;
  jobsPerCheckpoint: string;
}

export const EMPTY_SLURM_FORM: SlurmFormState = {
  checkpointPath: '',
  server: 'vllm',
  partition: '',
  gpusPerJob: '1',
  time: '',
  account: '',
  sbatchArgs: '',
  jobsPerCheckpoint: '1',
};

const num = (text: string, fallback: number): number => (text.trim() === '' ? fallback : Number(text));

/** The API's `slurm` backend from the fields. */
export function slurmBackendOf(state: SlurmFormState) {
  return {
    kind: 'slurm' as const,
    server: state.server,
    checkpointPath: state.checkpointPath.trim(),
    gpusPerJob: num(state.gpusPerJob, 1),
    jobsPerCheckpoint: num(state.jobsPerCheckpoint, 1),
    sbatchArgs: state.sbatchArgs.split('\n').map((line) => line.trim()).filter(Boolean),
    ...(state.partition.trim() ? { partition: state.partition.trim() } : {}),
    ...(state.time.trim() ? { time: state.time.trim() } : {}),
    ...(state.account.trim() ? { account: state.account.trim() } : {}),
  };
}

export function SlurmFields({ state, onChange }: { state: SlurmFormState; onChange: (next: SlurmFormState) => void }) {
  const set = (field: keyof SlurmFormState) => (event: { target: { value: string } }) => onChange({ ...state, [field]: event.target.value });
  return (
    <>
      <label className="wide">
        Checkpoint path (on the cluster&apos;s shared filesystem)
        <input value={state.checkpointPath} onChange={set('checkpointPath')} placeholder="/shared/ckpts/stage2@200" aria-label="Checkpoint path" required spellCheck={false} />
      </label>
      <label>
        Server
        <select value={state.server} onChange={set('server')} aria-label="Server the job starts">
          <option value="vllm">vLLM</option>
          <option value="sglang">SGLang</option>
          <option value="lmdeploy">LMDeploy</option>
        </select>
      </label>
      <label>
        Partition
        <input value={state.partition} onChange={set('partition')} placeholder="cluster default" aria-label="Partition" spellCheck={false} />
      </label>
      <label>
        GPUs per job
        <input type="number" min={0} max={64} value={state.gpusPerJob} onChange={set('gpusPerJob')} aria-label="GPUs per job" />
      </label>
      <label>
        Jobs per checkpoint
        <input type="number" min={1} max={64} value={state.jobsPerCheckpoint} onChange={set('jobsPerCheckpoint')} aria-label="Jobs per checkpoint" />
      </label>
      <label>
        Time limit
        <input value={state.time} onChange={set('time')} placeholder="e.g. 4:00:00" aria-label="Time limit" spellCheck={false} />
      </label>
      <label>
        Account
        <input value={state.account} onChange={set('account')} placeholder="none" aria-label="Account" spellCheck={false} />
      </label>
      <label className="wide">
        Extra #SBATCH options (one a line)
        <textarea value={state.sbatchArgs} onChange={set('sbatchArgs')} rows={2} placeholder="--qos=high" aria-label="Extra sbatch options" spellCheck={false} />
      </label>
      <p className="muted small wide">
        The module/conda setup and the server executable come from the core&apos;s environment ($VLM_WORKBENCH_SLURM_SETUP, $VLM_WORKBENCH_VLLM): the UI never
        chooses what runs. Queue states (pending, reason, running) appear in the job&apos;s log below.
      </p>
    </>
  );
}
