import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { positiveInteger, workspaceOption, workspaceToCreate } from '../options';
import { ensureRendererBuilt } from '../ui-build';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export interface ServeCliOptions {
  db?: string;
  port: number;
  host: string;
  allowRemote?: boolean;
  demoIfNew?: boolean;
  /** Folders API callers may read from and export to (--root, repeatable). */
  root?: string[];
}

/** Opens the workspace and serves the UI and API; resolves once listening. Shared with `npm start`. */
export async function serveWorkspace(options: ServeCliOptions): Promise<{ openUrl: string; roots: readonly string[]; close(): Promise<void> }> {
  if (!LOOPBACK.has(options.host) && !options.allowRemote) {
    throw new Error(
      `--host ${options.host} would expose the workspace beyond this machine; pass --allow-remote as well if you mean it ` +
        '(or keep the default 127.0.0.1 and use an SSH tunnel)',
    );
  }
  const staticDir = ensureRendererBuilt();
  const [{ startHttpServer }, { openWorkbench }, { createFileRoots }] = await Promise.all([
    import('../../core/transport/http-server'),
    import('../../core/workbench'),
    import('../../core/api/file-roots'),
  ]);
  const { path, isNew, discardIfNew } = workspaceToCreate(options.db);
  // The browser tab is only as trusted as its token: its file paths stay inside these folders.
  const fileRoots = createFileRoots(options.root && options.root.length > 0 ? options.root.map((root) => resolve(root)) : [dirname(path), process.cwd()]);
  const workbench = openWorkbench(path, { fileRoots, searchIndex: 'background' });
  const server = await startHttpServer(workbench, { host: options.host, port: options.port, staticDir }).catch((error: unknown) => {
    workbench.close();
    // A workspace created for this start goes with it: the next start finds it new and seeds it.
    discardIfNew();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${options.port} on ${options.host} is already in use (another \`vlm-workbench serve\` or \`npm start\`?): ` +
          'open the URL that one printed, stop it, or pick another port with --port N (--port 0: any free port)',
      );
    }
    throw error;
  });
  if (isNew && options.demoIfNew) {
    // Seeded in the background as a job once listening: the UI is up at once and shows the progress.
    void import('../../core/demo/seed').then(({ seedDemoAsJob }) => seedDemoAsJob(workbench));
  }
  if (!LOOPBACK.has(options.host)) {
    process.stderr.write(`WARNING: serving on ${options.host}: anyone who can reach this address and has the token can read this workspace.\n`);
  }
  return {
    openUrl: server.openUrl,
    roots: fileRoots.roots,
    close: async () => {
      await server.close();
      workbench.close();
    },
  };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the workbench UI and API over HTTP (loopback by default), for a browser or a remote GPU box')
    .option('--db <file>', 'workspace file (created if missing)')
    .option('--port <n>', 'port (0 picks a free one)', positiveInteger('--port'), 7860)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--allow-remote', 'allow binding an address other than loopback')
    .option('--root <dir>', 'a folder the UI may import from and export to (repeatable; default: the workspace\'s folder and the current folder)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--demo-if-new', 'seed a workspace that does not exist yet with the demo (what `npm start` does)')
    .action(async (options: ServeCliOptions) => {
      const server = await serveWorkspace(options);
      process.stdout.write(`VLM Workbench serving ${workspaceOption(options.db)} at ${server.openUrl}\n`);
      process.stdout.write(`Files the UI may import or export: inside ${server.roots.join(', ')}\n`);
      const stop = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
