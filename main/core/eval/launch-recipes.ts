import { existsSync } from 'node:fs';

/** Servers we can launch ourselves; all of them speak the OpenAI chat protocol once up. */
export const SERVER_KINDS = ['vllm', 'sglang', 'lmdeploy'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export interface LaunchRequest {
  kind: ServerKind;
  /** Checkpoint folder (or a hub id the server resolves itself). */
  checkpointPath: string;
  servedModelName: string;
  host: string;
  port: number;
  /** Passed through as is, after ours: tensor parallel size, max model length, multimodal limits. */
  extraArgs: string[];
  /** Overrides the default command (e.g. a venv's vllm). A string with spaces that is no file is split into words. */
  executable?: string;
}

export interface LaunchPlan {
  command: string;
  args: string[];
  /** Paths answered with 200 once the server can take requests, checked in order. */
  readinessPaths: string[];
}

/** Where each server's executable is looked for when no option names it. */
export const EXECUTABLE_ENV: Record<ServerKind, string> = {
  vllm: 'VLM_WORKBENCH_VLLM',
  sglang: 'VLM_WORKBENCH_SGLANG',
  lmdeploy: 'VLM_WORKBENCH_LMDEPLOY',
};

const DEFAULT_COMMAND: Record<ServerKind, string> = {
  vllm: 'vllm',
  sglang: 'python3 -m sglang.launch_server',
  lmdeploy: 'lmdeploy',
};

function commandWords(executable: string): string[] {
  return existsSync(executable) ? [executable] : executable.trim().split(/\s+/);
}

export function launchPlan(request: LaunchRequest, env: NodeJS.ProcessEnv = process.env): LaunchPlan {
  const executable = request.executable ?? env[EXECUTABLE_ENV[request.kind]] ?? DEFAULT_COMMAND[request.kind];
  const [command, ...prefix] = commandWords(executable);
  if (!command) throw new Error(`no executable for ${request.kind}`);
  const port = String(request.port);
  const ours: Record<ServerKind, string[]> = {
    vllm: ['serve', request.checkpointPath, '--host', request.host, '--port', port, '--served-model-name', request.servedModelName],
    sglang: ['--model-path', request.checkpointPath, '--host', request.host, '--port', port, '--served-model-name', request.servedModelName],
    lmdeploy: ['serve', 'api_server', request.checkpointPath, '--server-name', request.host, '--server-port', port, '--model-name', request.servedModelName],
  };
  const readiness: Record<ServerKind, string[]> = {
    vllm: ['/health', '/v1/models'],
    sglang: ['/health', '/v1/models'],
    lmdeploy: ['/v1/models'],
  };
  return { command, args: [...prefix, ...ours[request.kind], ...request.extraArgs], readinessPaths: readiness[request.kind] };
}
