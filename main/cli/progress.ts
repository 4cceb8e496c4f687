import cliProgress from 'cli-progress';

/** A progress bar on stderr (stdout stays clean for --json), silent when stderr is not a terminal. */
export function progressBar(label: string): { update(done: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const startedAt = Date.now();
  return {
    update(done, total) {
      const rate = (done / Math.max(0.001, (Date.now() - startedAt) / 1000)).toFixed(1);
      if (!started) {
        bar.start(total, done, { rate });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { rate });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
