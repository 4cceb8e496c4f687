import { execFile } from 'node:child_process';

/** States after which a job holds no allocation any more (squeue/scontrol spelling). */
const ENDED_STATES = new Set([
  'BOOT_FAIL',
  'CANCELLED',
  'COMPLETED',
  'DEADLINE',
  'FAILED',
  'NODE_FAIL',
  'OUT_OF_MEMORY',
  'PREEMPTED',
  'TIMEOUT',
  'SPECIAL_EXIT',
  'REVOKED',
]);

export const isEndedState = (state: string): boolean => ENDED_STATES.has(state);

/** States where a new job may finish what the ended one started (the run itself was fine). */
export const isReplaceableEnd = (state: string): boolean => ['TIMEOUT', 'PREEMPTED', 'NODE_FAIL', 'DEADLINE'].includes(state);

export interface SlurmJobState {
  /** PENDING, RUNNING, COMPLETING, TIMEOUT, … */
  state: string;
  /** Why it waits or ended (Priority, Resources, TimeLimit, NonZeroExitCode…); "None" when none. */
  reason: string;
  /** The node it runs on, once it does. */
  node: string;
  /** ExitCode as SLURM prints it, "code:signal". */
  exitCode: string;
}

export class SlurmCommandError extends Error {}

interface CommandResult {
  stdout: string;
  stderr: string;
}

/** Runs a SLURM client command; a missing one and a refusal both become one clear sentence. */
function runSlurmCommand(command: string, args: string[], timeoutMs = 30_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        return reject(new SlurmCommandError(`${command} not found: the SLURM client commands (sbatch, squeue, scontrol, scancel) must be on PATH where the workbench runs (a cluster login node)`));
      }
      const message = (stderr || stdout || error.message).trim();
      reject(new SlurmCommandError(`${command} ${args[0] ?? ''} failed: ${message}`));
    });
  });
}

/** Whether `sbatch` can be found, checked before anything is submitted. */
export async function checkSlurmClient(): Promise<void> {
  await runSlurmCommand('sbatch', ['--version'], 10_000);
}

/** Submits a batch script; resolves with the job id, or rejects with the scheduler's own message. */
export async function submitBatchScript(scriptPath: string): Promise<string> {
  let result: CommandResult;
  try {
    result = await runSlurmCommand('sbatch', ['--parsable', scriptPath]);
  } catch (error) {
    if (error instanceof SlurmCommandError && !error.message.includes('not found')) {
      throw new SlurmCommandError(`the scheduler refused the job: ${error.message.replace(/^sbatch \S+ failed: /, '')}`);
    }
    throw error;
  }
  // --parsable prints "id" or "id;cluster".
  const id = result.stdout.trim().split(/[;\s]/)[0] ?? '';
  if (!/^\d+(_\d+)?$/.test(id)) throw new SlurmCommandError(`sbatch printed no job id: ${JSON.stringify(result.stdout.trim())}`);
  return id;
}

/** Reads one field of `scontrol show job -o` output (values here never hold spaces). */
const field = (line: string, name: string): string => new RegExp(`(?:^| )${name}=(\\S*)`).exec(line)?.[1] ?? '';

/**
 * The job's state as the controller knows it; undefined once the controller has forgotten it
 * (MinJobAge after it ended) or never knew it.
 */
export async function queryJob(jobId: string): Promise<SlurmJobState | undefined> {
  let result: CommandResult;
  try {
    result = await runSlurmCommand('scontrol', ['show', 'job', '-o', jobId]);
  } catch (error) {
    if (error instanceof SlurmCommandError && /Invalid job id/i.test(error.message)) return undefined;
    throw error;
  }
  const line = result.stdout.split('\n').find((text) => text.startsWith(`JobId=${jobId} `) || text.startsWith(`JobId=${jobId}\t`));
  if (!line) return undefined;
  const state = field(line, 'JobState');
  return { state, reason: field(line, 'Reason'), node: field(line, 'NodeList'), exitCode: field(line, 'ExitCode') };
}

/** Asks the scheduler to end these jobs (a no-op for ones already ended). */
export async function cancelJobs(jobIds: string[]): Promise<void> {
  if (jobIds.length === 0) return;
  await runSlurmCommand('scancel', jobIds);
}
