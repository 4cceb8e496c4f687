import cliProgress from 'cli-progress';

/** A progress bar on stderr (stdout stays clean for --json), silent when stderr is not a terminal. */
export function progressBar(label: string): { update(done: number, total: number, errors?: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted}{errors}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const startedAt = Date.now();
  // A resumed run starts with work already done: the rate counts only what this process did.
  let firstDone = 0;
  return {
    update(done, total, errors = 0) {
      const rate = ((done - firstDone) / Math.max(0.001, (Date.now() - startedAt) / 1000)).toFixed(1);
      const payload = { rate, errors: errors > 0 ? ` | ${errors} errors` : '' };
      if (!started) {
        firstDone = done;
        bar.start(total, done, { ...payload, rate: '0.0' });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
