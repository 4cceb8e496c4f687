/** The analysis methods of the WorkbenchApi; api/handlers.ts spreads them into the handler table. */
import type { AnalysisMethod, AnalysisOutputs } from './api-contract';
import type { ApiParsedInput } from '../api/contract';
import type { JobManager } from '../jobs/job-manager';
import type { Db } from '../store/database';
import { listJudgePrompts, saveJudgePrompt } from '../store/attribution';
import { startAttribution } from './attribution';
import { checkpointBackends, openAiCompatible, type ServerSpec } from './backends';
import { compareCheckpoints } from './compare';
import { attributionRunInfos, attributionSummary, judgeAgreement, labelBreakdown } from './labels';
import { learningDynamics } from './learning';
import { stageProgression } from './progression';
import { passAtKReport } from './sampling';
import { suiteAverages } from './suites';
import { traceStats } from './traces';

type AnalysisHandlers = { [M in AnalysisMethod]: (input: ApiParsedInput<M>) => AnalysisOutputs[M] | Promise<AnalysisOutputs[M]> };

export function createAnalysisHandlers({ db, jobs }: { db: Db; jobs: JobManager }): AnalysisHandlers {
  return {
    compareCheckpoints: (input) => compareCheckpoints(db, input),
    stageProgression: (input) => stageProgression(db, input),
    suiteAverages: (input) => suiteAverages(db, input),
    traceStats: (input) => traceStats(db, input),
    passAtK: (input) => passAtKReport(db, input),
    learningDynamics: (input) => learningDynamics(db, input),
    labelBreakdown: (input) => labelBreakdown(db, input),
    attributionSummary: (input) => attributionSummary(db, input),
    judgeAgreement: (input) => judgeAgreement(db, input),
    listAttributionRuns: () => attributionRunInfos(db),
    listJudgePrompts: () => listJudgePrompts(db),
    saveJudgePrompt: (input) => saveJudgePrompt(db, input),
    startAttribution: (input) => {
      const servers = new Map<string, ServerSpec>();
      if (input.server) servers.set(input.checkpoint, input.server);
      if (input.captionServer && input.captionSource !== 'dataset') servers.set(input.captionSource.checkpoint, input.captionServer);
      const judge = input.judge ? openAiCompatible(input.judge) : undefined;
      const started = startAttribution(
        { db, jobs },
        {
          checkpoint: input.checkpoint,
          method: input.method,
          benchmark: input.benchmark,
          captionSource: input.captionSource,
          judgePrompt: input.judgePrompt,
          limit: input.limit,
          concurrency: input.concurrency,
        },
        { backendFor: checkpointBackends(db, servers), judge, judgeModel: input.judge?.model },
      );
      // The pass runs on as a job (progress and the outcome arrive as job events).
      void started.finished.finally(() => judge?.close?.());
      return { attributionRunId: started.attributionRunId, jobId: started.job.id };
    },
  };
}
