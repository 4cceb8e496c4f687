import { existsSync, readFileSync } from 'node:fs';
import type { ServerKind } from '../launch-recipes';

/** How the researcher wants checkpoints served on the cluster (CLI flags, the form's fields). */
export interface SlurmSettings {
  /** Which server the job starts (its usual command line; `executable` overrides the program). */
  server: ServerKind;
  executable?: string;
  /** Passed to the server after ours (--tensor-parallel-size=…). */
  extraArgs: string[];
  partition?: string;
  /** GPUs each job asks for (`--gpus-per-node`); 0 asks for none. */
  gpusPerJob: number;
  /** Wall-clock limit as sbatch takes it ("4:00:00", "30", "1-0"). */
  time?: string;
  account?: string;
  /** More `#SBATCH` lines, each an sbatch option ("--qos=high", "--mem=64G"). */
  sbatchArgs: string[];
  /** Shell lines run before the server starts (module load, conda activate). */
  setup?: string;
  /** Jobs per checkpoint; their servers share the load as endpoints of one run. */
  jobsPerCheckpoint: number;
  /**
   * Folder on the filesystem the login and compute nodes share: scripts, job output, the files a
   * job reports its host and port in, and the heartbeat that ends jobs a dead workbench left.
   */
  stateDir: string;
  /** How long a started job's server may take to answer /v1/models (ms). */
  readyTimeoutMs: number;
  /** A job whose workbench has not touched its heartbeat for this long stops itself (s). */
  orphanTimeoutS: number;
  /** How often job states are polled (ms). */
  pollMs: number;
  /** New jobs submitted per checkpoint after time limits before the run gives up. */
  maxResubmits: number;
}

export const SLURM_DEFAULTS = {
  gpusPerJob: 1,
  jobsPerCheckpoint: 1,
  readyTimeoutMs: 20 * 60_000,
  orphanTimeoutS: 600,
  pollMs: 2_000,
  maxResubmits: 3,
} as const;

/** What one checkpoint's jobs serve. */
export interface ServedCheckpoint {
  name: string;
  /** Folder on the shared filesystem (or a hub id the server resolves). */
  path: string;
}

/** Where the setup snippet comes from when the UI starts a SLURM evaluation: a file or the text. */
export const SLURM_SETUP_ENV = 'VLM_WORKBENCH_SLURM_SETUP';

/** The setup snippet from the core's environment (never from the renderer). */
export function setupFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[SLURM_SETUP_ENV];
  if (!value) return undefined;
  return existsSync(value) ? readFileSync(value, 'utf8') : value;
}
