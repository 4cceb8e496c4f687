/**
 * Turns a reader's events into staged rows: benchmarks, samples and their images, runs, and
 * predictions graded by our graders beside the file's own official verdicts. Everything goes
 * into the staging file (batched transactions, nothing kept in memory per row); the workspace is
 * only read here, to join predictions to a benchmark imported earlier.
 */
import { getSample, insertSample, upsertCheckpoint, type SampleImageRef } from '../store/catalog';
import { insertSampleIfNew, type SampleFields } from '../store/tables';
import { beginTransaction, commitTransaction, rollbackTransaction, type Db } from '../store/database';
import { findSampleByExternalId, imagesOfSample, importedRunsOf, latestRunOf, sampleIdByExternalId, setSampleImage, stageJoinKey } from '../store/imports';
import { addReportedFigure, addTrainingMetrics, type ReportedFigureInput } from '../store/reported-figures';
import { findOrCreateRun, setRunStatus } from '../store/runs';
import type { WorkspaceSnapshot } from '../store/workspace-snapshot';
import { GradingQueue } from './grading-queue';
import { gradableSample, type BackgroundGrader } from '../grading/background-grader';
import { KnownBenchmarks } from './known-benchmarks';
import { stepInName } from './names';
import { ImportError } from './errors';
import { JoinCheck } from './join-check';
import { checkLength, checkSampleLengths, requireGoldAnswer, sampleInput, stageGradedPrediction, stageImageSource, type PredictionPlace } from './staged-cells';
import type { SourceFile } from './source-file';
import type { CheckpointName, FileOutcome, ImageSource, IngestEvent, ImportOptions, SampleRecord } from './types';

/** Staged rows per transaction: large enough to amortise the commit, small enough to stay cheap. */
const BATCH = 5000;

interface OpenRun {
  id: number;
  runKey: string;
  benchmark: string;
  benchmarkId: number;
  /** Whether the workspace already holds this benchmark (then predictions join its samples). */
  inWorkspace: boolean;
}

export class StagingWriter {
  readonly warnings = new Set<string>();
  missingImages = 0;
  metrics = 0;
  /** Figures that describe runs already in the workspace; written during the merge. */
  readonly workspaceFigures: ReportedFigureInput[] = [];
  private pending = 0;
  private inTransaction = false;
  private readonly joins = new JoinCheck();
  private lastSampleId = 0;
  /** The last sample staged before the current file: ids at or below it were staged by an earlier file. */
  private lastSampleOfEarlierFiles = 0;
  private file: SourceFile | null = null;
  private format = '';
  private run: OpenRun | null = null;
  private benchmark: { name: string; id: number } | null = null;
  private outcome: FileOutcome | null = null;
  private deferredRowImages: Array<{ sampleId: number; position: number; index: string; at: string }> = [];
  private readonly createdAt = new Date().toISOString(); // one creation time for all of this import's predictions
  private readonly predictions: GradingQueue<PredictionPlace>;
  private readonly benchmarks: KnownBenchmarks;
  /** `snapshot`: the workspace's samples as predictions join them; `grader`: one the caller has warmed up (a large import), else one started on demand. */
  constructor(private readonly staging: Db, private readonly workspace: Db, private readonly snapshot: WorkspaceSnapshot, private readonly options: ImportOptions, grader?: BackgroundGrader) {
    this.benchmarks = new KnownBenchmarks(staging, workspace);
    this.predictions = new GradingQueue<PredictionPlace>((prediction, verdict) => {
      this.write();
      stageGradedPrediction(this.staging, prediction, verdict, this.createdAt);
    }, grader);
  }

  benchmarkNames(): string[] {
    return this.benchmarks.names();
  }
  hasBenchmark(name: string): boolean {
    return this.benchmarks.has(name);
  }

  beginFile(file: SourceFile, format: string): void {
    this.file = file;
    this.format = format;
    this.run = null;
    this.benchmark = null;
    this.deferredRowImages = [];
    this.outcome = { runIds: [], workspaceRunIds: [], benchmark: null, checkpoint: null, kind: 'benchmark' };
    this.lastSampleOfEarlierFiles = this.lastSampleId;
  }

  private readonly paused: Array<{
    file: SourceFile | null;
    format: string;
    run: OpenRun | null;
    benchmark: { name: string; id: number } | null;
    outcome: FileOutcome | null;
    deferredRowImages: StagingWriter['deferredRowImages'];
  }> = [];

  /** Sets the current file aside while a file it needs (its benchmark) is imported first. */
  pauseFile(): SourceFile {
    this.paused.push({ file: this.file, format: this.format, run: this.run, benchmark: this.benchmark, outcome: this.outcome, deferredRowImages: this.deferredRowImages });
    return this.file!;
  }

  resumeFile(): void {
    const state = this.paused.pop();
    if (!state) throw new Error('resumeFile without pauseFile');
    ({ file: this.file, format: this.format, run: this.run, benchmark: this.benchmark, outcome: this.outcome, deferredRowImages: this.deferredRowImages } = state);
    // A benchmark the included file staged is now known to the resumed file's run.
    if (this.run) this.run.inWorkspace = this.benchmarks.inWorkspace(this.run.benchmark);
  }

  /** Closes the file: resolves forward image references and marks its runs completed. */
  endFile(): FileOutcome {
    const file = this.file!;
    for (const ref of this.deferredRowImages) {
      const shas = this.rowImages(ref.index);
      if (shas.length === 0) throw new ImportError(file.displayPath, ref.at, 'image', `refers to row ${ref.index}, which has no image`);
      setSampleImage(this.staging, ref.sampleId, ref.position, shas[0]!);
    }
    if (this.outcome!.kind !== 'reported') for (const runId of this.outcome!.runIds) setRunStatus(this.staging, runId, 'completed');
    const outcome = this.outcome!;
    this.file = null;
    return outcome;
  }

  /** Ends the last open transaction (and the workspace's read transaction). */
  flush(): void {
    this.snapshot.renew();
    if (this.inTransaction) {
      commitTransaction(this.staging);
      this.inTransaction = false;
      this.pending = 0;
    }
  }

  abort(): void {
    this.snapshot.renew();
    if (this.inTransaction) rollbackTransaction(this.staging);
    this.inTransaction = false;
  }

  finishWarnings(): void {
    for (const warning of this.joins.finish()) this.warnings.add(warning);
  }

  /** Before each staged write: commits a full batch, so every write lands inside a transaction. */
  private write(): void {
    if (this.pending >= BATCH) this.flush();
    if (!this.inTransaction) {
      beginTransaction(this.staging);
      this.inTransaction = true;
    }
    this.pending++;
  }

  /** Stages an event; a returned promise (a batch went to the grader) must be awaited before the next. */
  handle(event: IngestEvent): Promise<void> | undefined {
    const file = this.file;
    if (!file) throw new Error('StagingWriter.handle called outside a file');
    switch (event.type) {
      case 'benchmark':
        this.write();
        this.benchmark = { name: event.benchmark.name, id: this.benchmarks.stage(event.benchmark.name, event.benchmark.description) };
        this.outcome!.benchmark = event.benchmark.name;
        return;
      case 'run':
        this.write();
        this.openRun(file, event.benchmark.name, event.checkpoint, event.part, event.config, event.tool);
        return;
      case 'sample':
        this.write();
        requireGoldAnswer(this.file!.displayPath, event.at, event.sample.answer);
        this.stageSample(event.sample, event.at, true);
        return;
      case 'prediction':
        this.write();
        return this.readPrediction(event);
      case 'metrics': {
        this.write();
        let checkpointId: number | null = null;
        if (event.checkpoint) checkpointId = this.stageCheckpoint(event.checkpoint);
        this.metrics += addTrainingMetrics(this.staging, event.experiment, event.step, event.values, checkpointId);
        this.outcome!.kind = 'metrics';
        this.outcome!.checkpoint ??= event.experiment;
        return;
      }
      case 'reported':
        this.write();
        this.attachFigure(event);
        return;
      case 'warning':
        this.warnings.add(`${file.displayPath}: ${event.message}`);
        return;
    }
  }

  private stageCheckpoint(checkpoint: CheckpointName): number {
    // `--step` names the step where the file does not, else a name written `<run>@<step>` (`r1-v-3b@2800`),
    // as this tool writes steps; two steps for one checkpoint are refused rather than one chosen silently.
    const named = stepInName(checkpoint.name);
    if (this.options.step !== undefined && named !== null && named !== this.options.step) {
      throw new ImportError(this.file!.displayPath, null, null, `--step ${this.options.step} disagrees with the step in the checkpoint's name ${checkpoint.name}; give one of them`);
    }
    return upsertCheckpoint(this.staging, {
      name: checkpoint.name,
      step: checkpoint.step ?? this.options.step ?? named,
      baseModel: checkpoint.baseModel ?? '',
      ...(this.options.lineage ? { lineage: this.options.lineage } : {}),
      notes: `imported from ${this.file!.name}`,
    });
  }

  private openRun(file: SourceFile, benchmark: string, checkpoint: CheckpointName, part: string | undefined, config: Record<string, unknown> | undefined, tool?: string): void {
    const benchmarkId = this.benchmarks.stage(benchmark);
    const checkpointId = this.stageCheckpoint(checkpoint);
    const runKey = `import:${file.sha256}${part ? `/${part}` : ''}`;
    const { run, created } = findOrCreateRun(this.staging, {
      checkpointId,
      benchmarkId,
      runKey,
      config: { ...(config ?? {}), importedFrom: file.name, sha256: file.sha256 },
      backend: `import:${tool ?? this.format}`,
      source: file.displayPath,
    });
    if (!created) throw new ImportError(file.displayPath, null, null, `the file opens run ${runKey} twice`);
    setRunStatus(this.staging, run.id, 'running');
    this.run = { id: run.id, runKey, benchmark, benchmarkId, inWorkspace: this.benchmarks.inWorkspace(benchmark) };
    this.benchmark = { name: benchmark, id: benchmarkId };
    this.outcome!.runIds.push(run.id);
    this.outcome!.kind = 'predictions';
    this.outcome!.benchmark = benchmark;
    this.outcome!.checkpoint = checkpoint.name;
    if (!this.options.replace) {
      const earlier = importedRunsOf(this.workspace, checkpoint.name, benchmark);
      if (earlier.length > 0) {
        this.warnings.add(
          `${checkpoint.name} on ${benchmark} already has imported run ${earlier.map((r) => r.id).join(', ')} (from ${earlier[0]!.source}); ` +
            'this import adds another run. Use --replace to replace it instead.',
        );
      }
    }
  }

  private stageSample(record: SampleRecord, at: string, isBenchmarkRow: boolean): number {
    const file = this.file!;
    const benchmark = this.benchmark;
    if (!benchmark) throw new ImportError(file.displayPath, at, null, 'a sample before any benchmark was named');
    if (record.images.length === 0) {
      // Most samples are new and have no image: written at once, the insert finding one staged before.
      const sampleId = insertSampleIfNew(this.staging, sampleInput(benchmark.id, record, []));
      if (sampleId === undefined) return this.stagedBefore(benchmark.id, record.externalId, at, isBenchmarkRow);
      // Checked once written: a cell too long stops the import, and its staging file goes with it.
      checkSampleLengths(file, at, record);
      this.lastSampleId = sampleId;
      return sampleId;
    }
    // Looked up first, so that a sample staged before does not have its images staged again.
    if (sampleIdByExternalId(this.staging, benchmark.id, record.externalId) !== undefined) {
      return this.stagedBefore(benchmark.id, record.externalId, at, isBenchmarkRow);
    }
    checkSampleLengths(file, at, record);
    const images = record.images.map((source, position) => this.stageImage(source, at, position));
    const sampleId = insertSample(this.staging, sampleInput(benchmark.id, record, images.map((image) => image.ref)));
    this.lastSampleId = sampleId;
    images.forEach((image, position) => {
      if (image.deferredRow !== undefined) this.deferredRowImages.push({ sampleId, position, index: image.deferredRow, at });
    });
    return sampleId;
  }

  /** A sample staged before: the one a prediction answers, or a benchmark row given twice. */
  private stagedBefore(benchmarkId: number, externalId: string, at: string, isBenchmarkRow: boolean): number {
    if (isBenchmarkRow) throw new ImportError(this.file!.displayPath, at, 'id', `sample id "${externalId}" appears twice`);
    return sampleIdByExternalId(this.staging, benchmarkId, externalId)!;
  }

  private stageImage(source: ImageSource, at: string, position: number): { ref: SampleImageRef; deferredRow?: string } {
    if (source.kind === 'row') {
      const shas = this.rowImages(source.index);
      if (shas.length > 0) return { ref: { sha256: shas[0]! } };
      // A reference to a row further down: fixed when the file ends.
      return { ref: { missing: `row:${source.index}` }, deferredRow: source.index };
    }
    const ref = stageImageSource(this.staging, source, { file: this.file!, at, position, ...(this.options.images ? { imagesDir: this.options.images } : {}) });
    if ('missing' in ref) this.missingImages++;
    return { ref };
  }

  /** Images of an already staged row of the current benchmark (VLMEvalKit's shared images). */
  private rowImages(index: string): string[] {
    const benchmark = this.benchmark;
    if (!benchmark) return [];
    return imagesOfSample(this.staging, benchmark.id, index);
  }

  /** The sample a prediction answers, as the grader sees it, staged so the merge can join it. */
  private sampleFor(event: Extract<IngestEvent, { type: 'prediction' }>): SampleFields {
    const file = this.file!;
    const run = this.run!;
    const record = event.sample;
    const stored = run.inWorkspace ? this.snapshot.sample(run.benchmark, record.externalId) : undefined;
    if (stored) {
      this.joins.record(file.displayPath, run.benchmark, record, stored);
      // The workspace keeps its own sample as it is; staged is its key, under which the prediction is (its own object: read for this prediction only).
      const key = stageJoinKey(this.staging, run.benchmarkId, record.externalId);
      if (key.added) this.lastSampleId = key.id;
      stored.id = key.id;
      return stored;
    }
    // Answers without their gold (a bare reference, or HallusionBench's result file) join a benchmark staged before them in this import.
    const staged = !('question' in record) || record.answer.trim() === '' ? findSampleByExternalId(this.staging, run.benchmark, record.externalId) : undefined;
    if (staged) return staged;
    if ('question' in record) {
      requireGoldAnswer(this.file!.displayPath, event.at, record.answer, run.inWorkspace ? { benchmark: run.benchmark, externalId: record.externalId } : undefined);
      const sampleId = this.stageSample(record, event.at, false);
      // An earlier file's sample of this id (ids only grow; files numbered by position): checked as a workspace's.
      if (sampleId <= this.lastSampleOfEarlierFiles) this.joins.record(file.displayPath, run.benchmark, record, getSample(this.staging, sampleId)!);
      return {
        id: sampleId,
        benchmarkId: run.benchmarkId,
        externalId: record.externalId,
        question: record.question,
        choices: record.choices,
        answer: record.answer,
        answerType: record.answerType,
        category: record.category,
        skills: record.skills ?? [],
      };
    }
    throw new ImportError(file.displayPath, event.at, 'id', `no sample "${record.externalId}" in benchmark ${run.benchmark}; import the benchmark first (or name it in the same command)`);
  }

  /** Joins a prediction to its sample and queues it for grading; staged once graded, in order. */
  private readPrediction(event: Extract<IngestEvent, { type: 'prediction' }>): Promise<void> | undefined {
    const file = this.file!;
    const run = this.run;
    if (!run) throw new ImportError(file.displayPath, event.at, null, 'a prediction before any run was opened');
    checkLength(file, event.at, 'prediction', event.output);
    const sample = this.sampleFor(event);
    const official = event.official ?? event.officialRule?.({ answer: sample.answer, answerType: sample.answerType });
    return this.predictions.add({
      // Our graders decide (the sample's answer type, else the benchmark's scorer, else inference).
      job: { sample: gradableSample(sample), benchmark: run.benchmark, output: event.output },
      row: {
        runId: run.id,
        sampleId: sample.id,
        sampleIndex: event.sampleIndex ?? 0,
        officialCorrect: official?.correct ?? null,
        officialExtracted: official?.extracted ?? null,
        ...event.usage,
        at: event.at,
        externalId: sample.externalId,
        displayPath: file.displayPath,
      },
    });
  }

  /** Grades and stages every prediction read so far (before a file ends). */
  drain(): Promise<void> {
    return this.predictions.drain();
  }

  /** Closes the workspace snapshot's connection and stops the grading worker, if one was started. */
  close(): Promise<void> {
    this.snapshot.close();
    return this.predictions.close();
  }

  private attachFigure(event: Extract<IngestEvent, { type: 'reported' }>): void {
    const figure = { metric: event.metric, value: event.value, correct: event.correct ?? null, total: event.total ?? null, source: event.source };
    if (this.run) {
      addReportedFigure(this.staging, { runId: this.run.id, ...figure });
      return;
    }
    this.warnings.add(`${this.file!.displayPath}: ${event.source} reports ${event.metric} but no run was opened for it`);
  }

  /**
   * A summary file named on its own (e.g. `vila_13b_MMStar_acc.csv`): its figures belong to the
   * run of that checkpoint on that benchmark, staged in this import or already in the workspace.
   */
  attachToNamedRun(checkpoint: string, benchmark: string, figures: Array<Extract<IngestEvent, { type: 'reported' }>>, near: readonly number[] = []): number | null {
    // A run staged from the summary's own folder first: two launches of one model and task in one import each keep theirs.
    const staged = (near.length > 0 ? latestRunOf(this.staging, checkpoint, benchmark, near) : undefined) ?? latestRunOf(this.staging, checkpoint, benchmark);
    this.write();
    if (staged !== undefined) {
      this.outcome!.runIds.push(staged);
      for (const f of figures) addReportedFigure(this.staging, { runId: staged, metric: f.metric, value: f.value, correct: f.correct ?? null, total: f.total ?? null, source: f.source });
      return null;
    }
    const inWorkspace = importedRunsOf(this.workspace, checkpoint, benchmark)[0];
    if (!inWorkspace) return -1;
    for (const f of figures) this.workspaceFigures.push({ runId: inWorkspace.id, metric: f.metric, value: f.value, correct: f.correct ?? null, total: f.total ?? null, source: f.source });
    this.outcome!.workspaceRunIds.push(inWorkspace.id);
    return inWorkspace.id;
  }

  setOutcomeKind(kind: FileOutcome['kind'], names?: { benchmark?: string; checkpoint?: string }): void {
    this.outcome!.kind = kind;
    if (names?.benchmark) this.outcome!.benchmark = names.benchmark;
    if (names?.checkpoint) this.outcome!.checkpoint = names.checkpoint;
  }
}
