/**
 * Benchmarks' own files that look like plain records but cannot be imported on their own: the
 * generic reader would stop at "no gold answer", which tells nobody that the file is a known
 * one and what it lacks. These are recognised by their fields and refused with their name.
 */

/**
 * DynaMath's verdict table (DynaMath/DynaMath, `samples and result/<model>-result.csv`): per
 * question, `correct`/`fail` for each of its variants (`Variant 1` … `Variant 10`), their count,
 * topic and level. No answers, no gold: the verdicts of a run, not the run.
 */
function isDynaMathVerdictTable(record: Record<string, unknown>): boolean {
  const variants = Object.keys(record).filter((key) => /^Variant \d+$/i.test(key));
  return 'Question ID' in record && variants.length > 0 && variants.every((key) => /^(?:correct|fail)$/i.test(String(record[key] ?? '').trim()));
}

/**
 * Captions with their COCO image only (`{image_id, caption}`: CHAIR's input, as OPERA's and
 * HALC's `chair_eval_results` keep them): scored against COCO's object annotations, not a gold
 * answer, and by CHAIR_s / CHAIR_i, which are not accuracies.
 */
function isCaptionsForChair(record: Record<string, unknown>): boolean {
  const keys = Object.keys(record);
  return 'image_id' in record && typeof record.caption === 'string' && keys.length <= 3 && keys.every((key) => ['image_id', 'caption', 'question_id', 'id'].includes(key));
}

/**
 * CharXiv's judged scores (princeton-nlp/CharXiv, `results/scores-<model>-<mode>_<split>.json`): per
 * question the judge's extracted answer and a 0/1 score, keyed `<figure>_<question>`. The model's
 * responses are its `gen-` file and the golds CharXiv's `data/<mode>_<split>.json`.
 */
function isCharXivScores(record: Record<string, unknown>): boolean {
  const keys = Object.keys(record);
  return 'resp_id' in record && 'score' in record && keys.every((key) => ['id', 'resp_id', 'extracted_answer', 'score'].includes(key));
}

/** Why a file with this first record cannot be imported, naming its format; null for any other. */
export function unsupportedFileReason(record: Record<string, unknown>): string | null {
  if (isCharXivScores(record)) {
    return "CharXiv's scores file (scores-<model>-<mode>_<split>.json: the judge's extracted answer and 0/1 score per question): it holds neither the model's responses (its gen- file) nor the gold answers (CharXiv's data/<mode>_<split>.json), so there is no run to import from it alone; this tool does not join CharXiv's three files";
  }
  if (isDynaMathVerdictTable(record)) {
    return "DynaMath's verdict table (<model>-result.csv: correct/fail per question variant): it holds verdicts only, with neither the model's answers nor the gold answers, so there is no run to import; import the model's DynaMath outputs with their answers (e.g. VLMEvalKit's DynaMath files)";
  }
  if (isCaptionsForChair(record)) {
    return "captions by COCO image_id with no reference or gold answer (CHAIR's input): CHAIR_s and CHAIR_i are computed from COCO's object annotations and are not accuracies; this tool does not compute them";
  }
  return null;
}
