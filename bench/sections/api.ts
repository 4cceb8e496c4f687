/**
 * The API calls the UI makes, through `dispatch` on the handlers (input validation included),
 * on the million-prediction workspace: p50 and p95 of each, with distinct inputs per call
 * (bench/workspace/scenarios.ts). Explorer totals remembered from an earlier call are
 * forgotten before each timed call of a "first page" scenario.
 */
import os from 'node:os';
import { dispatch } from '../../main/core/api/dispatch';
import { forgetExplorerCounts } from '../../main/core/store/explorer';
import { openWorkbench } from '../../main/core/workbench';
import type { BenchSection, Figure } from '../harness';
import { ensureBenchWorkspace } from '../workspace/cache';
import { workspaceFacts } from '../workspace/facts';
import { measureScenario, timingFigures, type Timing } from '../workspace/measure';
import { scenarios } from '../workspace/scenarios';

export const apiSection: BenchSection = {
  name: 'api (dispatch, in process, 1M workspace)',
  async run(): Promise<Figure[]> {
    const { path } = await ensureBenchWorkspace();
    const workbench = openWorkbench(path);
    try {
      const load = os.loadavg()[0]!;
      const call = (method: string, input: unknown): Promise<unknown> => dispatch(workbench.handlers, method, input);
      const timings: Timing[] = [];
      for (const scenario of scenarios(workspaceFacts(workbench.db))) {
        timings.push(await measureScenario(scenario, call, scenario.cold ? () => forgetExplorerCounts(workbench.db) : undefined));
      }
      const figures = timingFigures(timings);
      figures.unshift({ name: 'load average when the calls began', value: load, unit: '', note: `${os.cpus().length} cores; warm page cache` });
      return figures;
    } finally {
      workbench.close();
    }
  },
};
