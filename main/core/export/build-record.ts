/** Turns a page of store rows (store/export-records.ts) into exported records. */
import type { ExportPage, ExportRowSql } from '../store/export-records';
import { imagePath } from './images';
import type { ExportRecord, RecordImage, RecordLabel, RecordVerdict } from './record';
import { redactOptional } from '../redact';

const bool = (value: number | null): boolean | null => (value === null ? null : value === 1);

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export function buildRecords(page: ExportPage): ExportRecord[] {
  const images = groupBy(page.images, (row) => row.sampleId);
  const grades = groupBy(page.grades, (row) => row.predictionId);
  const annotations = groupBy(page.annotations, (row) => row.predictionId);
  return page.rows.map((row) =>
    buildRecord(
      row,
      (images.get(row.sampleId) ?? []).map(
        (image): RecordImage =>
          image.sha256 !== null
            ? { sha256: image.sha256, mime: image.mime ?? 'application/octet-stream', width: image.width, height: image.height, path: imagePath(image.sha256, image.mime ?? '') }
            : { missing: image.missing ?? '' },
      ),
      (grades.get(row.id) ?? []).map(
        (grade): RecordVerdict => ({
          scorer: grade.scorer,
          requested_scorer: grade.requestedScorer,
          grader_version: grade.graderVersion,
          correct: grade.correct === 1,
          score: grade.score,
          extracted: grade.extracted,
          reason: grade.reason,
          created_at: grade.createdAt,
        }),
      ),
      (annotations.get(row.id) ?? []).map(
        (annotation): RecordLabel => ({
          label: annotation.label,
          note: annotation.note,
          source: annotation.source,
          author: annotation.author,
          created_at: annotation.createdAt,
        }),
      ),
    ),
  );
}

function buildRecord(row: ExportRowSql, images: RecordImage[], verdicts: RecordVerdict[], labels: RecordLabel[]): ExportRecord {
  const officialCorrect = bool(row.officialCorrect);
  return {
    record_id: `${row.runKey}/${row.externalId}/${row.sampleIndex}`,
    benchmark: row.benchmark,
    sample: {
      id: row.externalId,
      question: row.question,
      choices: row.choicesJson ? (JSON.parse(row.choicesJson) as Record<string, string>) : null,
      answer: row.answer,
      answer_type: row.answerType,
      category: row.category,
      skills: JSON.parse(row.skillsJson) as string[],
      caption: row.caption,
      metadata: JSON.parse(row.metadataJson) as Record<string, unknown>,
      images,
    },
    checkpoint: row.checkpoint,
    stage: row.stage,
    step: row.step,
    run_key: row.runKey,
    sample_index: row.sampleIndex,
    output: row.rawOutput ?? '',
    think_span: row.thinkStart !== null && row.thinkEnd !== null ? [row.thinkStart, row.thinkEnd] : null,
    answer_part: row.answerPart ?? '',
    extracted: row.extracted,
    correct: bool(row.correct),
    score: row.score,
    format_ok: bool(row.formatOk),
    finish_reason: row.finishReason,
    error: redactOptional(row.error),
    prompt_tokens: row.promptTokens,
    completion_tokens: row.completionTokens,
    latency_ms: row.latencyMs,
    created_at: row.createdAt,
    verdicts,
    official: officialCorrect !== null || row.officialExtracted !== null ? { correct: officialCorrect, extracted: row.officialExtracted } : null,
    labels,
    source_prediction_id: row.id,
  };
}
