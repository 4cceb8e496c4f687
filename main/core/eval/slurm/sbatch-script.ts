import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { launchPlan } from '../launch-recipes';
import type { ServedCheckpoint, SlurmSettings } from './slurm-settings';

/** Single-quoted for bash: nothing inside is expanded. */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

const PORT_PLACEHOLDER = 65_535;

/** Everything that changes what a job serves: jobs with equal keys are interchangeable. */
export function servingKeyOf(settings: SlurmSettings, checkpoint: ServedCheckpoint): string {
  const identity = JSON.stringify([
    checkpoint.name,
    checkpoint.path,
    settings.server,
    settings.executable ?? '',
    settings.extraArgs,
    settings.partition ?? '',
    settings.gpusPerJob,
    settings.time ?? '',
    settings.account ?? '',
    settings.sbatchArgs,
    settings.setup ?? '',
  ]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 16);
}

/** A file-name-safe form of the checkpoint name. */
const slug = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'checkpoint';

export interface JobFiles {
  scriptPath: string;
  /** With %j, as sbatch's --output takes it. */
  outputPattern: string;
}

export function jobFilesOf(settings: SlurmSettings, checkpoint: ServedCheckpoint): JobFiles {
  const base = `${slug(checkpoint.name)}-${servingKeyOf(settings, checkpoint)}`;
  return { scriptPath: join(settings.stateDir, `${base}.sbatch`), outputPattern: join(settings.stateDir, `${base}-%j.out`) };
}

export const outputPathOf = (files: JobFiles, jobId: string): string => files.outputPattern.replace('%j', jobId);
export const endpointFileOf = (stateDir: string, jobId: string): string => join(stateDir, `job-${jobId}.endpoint`);
export const heartbeatFileOf = (stateDir: string, jobId: string): string => join(stateDir, `job-${jobId}.heartbeat`);

/**
 * The server's command line with the port left to the job: the launch recipe `managed` uses,
 * bound to every interface of the compute node, `"$PORT"` where the port goes.
 */
function serverCommand(settings: SlurmSettings, checkpoint: ServedCheckpoint): string {
  const plan = launchPlan({
    kind: settings.server,
    checkpointPath: checkpoint.path,
    servedModelName: checkpoint.name,
    host: '0.0.0.0',
    port: PORT_PLACEHOLDER,
    extraArgs: settings.extraArgs,
    ...(settings.executable ? { executable: settings.executable } : {}),
  });
  const words = [plan.command, ...plan.args].map((word, index, all) => {
    const previous = all[index - 1];
    return word === String(PORT_PLACEHOLDER) && (previous === '--port' || previous === '--server-port') ? '"$PORT"' : shellQuote(word);
  });
  return words.join(' ');
}

/**
 * The batch script for one checkpoint's server. It writes `host port` to a file on the shared
 * filesystem once it has picked a port, runs the server until the job is cancelled or its time
 * is up, and stops it by itself when the workbench's heartbeat goes stale (a dead workbench
 * leaves no allocation behind for longer than `orphanTimeoutS`).
 */
export function renderSbatchScript(settings: SlurmSettings, checkpoint: ServedCheckpoint): string {
  const files = jobFilesOf(settings, checkpoint);
  const directives = [
    `--job-name=${`vlmwb-${slug(checkpoint.name)}`}`,
    `--output=${files.outputPattern}`,
    '--nodes=1',
    '--ntasks=1',
    '--no-requeue',
    ...(settings.partition ? [`--partition=${settings.partition}`] : []),
    ...(settings.gpusPerJob > 0 ? [`--gpus-per-node=${settings.gpusPerJob}`] : []),
    ...(settings.time ? [`--time=${settings.time}`] : []),
    ...(settings.account ? [`--account=${settings.account}`] : []),
    ...settings.sbatchArgs,
  ];
  for (const directive of directives) {
    if (/[\r\n]/.test(directive)) throw new Error(`an #SBATCH option cannot span lines: ${JSON.stringify(directive)}`);
  }
  const stateDir = shellQuote(settings.stateDir);
  return [
    '#!/bin/bash',
    ...directives.map((directive) => `#SBATCH ${directive}`),
    `# Written by vlm-workbench: serves checkpoint ${checkpoint.name} (${settings.server}) for evaluation runs.`,
    'set -uo pipefail',
    `STATE_DIR=${stateDir}`,
    'ENDPOINT_FILE="$STATE_DIR/job-$SLURM_JOB_ID.endpoint"',
    'HEARTBEAT_FILE="$STATE_DIR/job-$SLURM_JOB_ID.heartbeat"',
    `ORPHAN_TIMEOUT_S=${Math.max(10, Math.round(settings.orphanTimeoutS))}`,
    '',
    '# --- setup (module load, conda activate) ---',
    ...(settings.setup?.trim() ? settings.setup.trim().split(/\r?\n/) : ['# none']),
    '# --- end of setup ---',
    '',
    '# A port derived from the job id, moved on while something on this node already listens there.',
    'PORT=$((20000 + SLURM_JOB_ID % 20000))',
    'while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done',
    'HOST=$(hostname -f 2>/dev/null || hostname)',
    'echo "$HOST $PORT" > "$ENDPOINT_FILE.tmp" && mv "$ENDPOINT_FILE.tmp" "$ENDPOINT_FILE"',
    '[ -e "$HEARTBEAT_FILE" ] || touch "$HEARTBEAT_FILE"',
    'echo "[workbench] job $SLURM_JOB_ID serving on $HOST:$PORT"',
    '',
    `${serverCommand(settings, checkpoint)} &`,
    'SERVER=$!',
    'trap \'kill -TERM "$SERVER" 2>/dev/null; wait "$SERVER"; exit 143\' TERM INT',
    '',
    '# The workbench touches the heartbeat while it uses this job; a stale one means it is gone.',
    'while kill -0 "$SERVER" 2>/dev/null; do',
    '  AGE=$(( $(date +%s) - $(stat -c %Y "$HEARTBEAT_FILE" 2>/dev/null || date +%s) ))',
    '  if [ "$AGE" -gt "$ORPHAN_TIMEOUT_S" ]; then',
    '    echo "[workbench] no heartbeat for ${AGE}s: the workbench is gone, stopping the server"',
    '    kill -TERM "$SERVER" 2>/dev/null; wait "$SERVER"; exit 0',
    '  fi',
    '  sleep 5 & wait $!',
    'done',
    'wait "$SERVER"',
    'STATUS=$?',
    'echo "[workbench] server exited with status $STATUS"',
    'exit "$STATUS"',
    '',
  ].join('\n');
}
