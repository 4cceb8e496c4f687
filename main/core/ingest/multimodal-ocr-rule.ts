/**
 * MultimodalOCR's own scoring (Yuliang-Liu/MultimodalOCR `eval.py`, the OCRBench v1 evaluation),
 * ported for its `answer_save/<model>/<dataset>.json` files, which keep no verdicts: each dataset's
 * rule decides, per answer, as the script does before it writes `result.json`.
 */
import { normalizeVqa } from '../grading/vqa';

/** The recognition datasets `evaluate_OCR` scores (its `--ocr_dataset_name`). */
const OCR_DATASETS = new Set(['iiit5k', 'svt', 'ic13_857', 'ic15_1811', 'svtp', 'ct80', 'cocotext', 'ctw', 'totaltext', 'host', 'wost', 'wordart']);

const isWordChar = (char: string | undefined): boolean => char !== undefined && /[\p{L}\p{N}_]/u.test(char);

/** Python's `re.search(r"\b" + re.escape(word) + r"\b", sentence)`, with its Unicode word boundaries. */
export function hasWord(sentence: string, word: string): boolean {
  if (word === '') return /[\p{L}\p{N}_]/u.test(sentence);
  for (let at = sentence.indexOf(word); at >= 0; at = sentence.indexOf(word, at + 1)) {
    const opens = isWordChar(sentence[at - 1]) !== isWordChar(word[0]);
    const closes = isWordChar(word[word.length - 1]) !== isWordChar(sentence[at + word.length]);
    if (opens && closes) return true;
  }
  return false;
}

/** `remove_special_chars`: letters, digits and white space only. */
const specialCharsRemoved = (text: string): string => text.replace(/[^a-zA-Z0-9\s]/g, '');

/** Whether MultimodalOCR counts `answer` right for a sample of `dataset` with these gold answers. */
export function multimodalOcrHit(dataset: string, golds: readonly string[], answer: string): boolean {
  const name = dataset.toLowerCase();
  // evaluate_Formula: the gold, spaces removed, inside the answer, spaces removed.
  if (name === 'hme') return golds.some((gold) => answer.replace(/\s+/g, '').includes(gold.replace(/\s+/g, '')));
  // evaluate_OCR: letters and digits only, lower-cased, the gold found as whole words.
  if (OCR_DATASETS.has(name)) return golds.some((gold) => hasWord(specialCharsRemoved(answer).toLowerCase(), specialCharsRemoved(gold).toLowerCase()));
  // evaluate_VQA (VQAEval.evaluate): both normalised as VQA's evaluation does, the gold found as whole words.
  const normalised = normalizeVqa(answer);
  return golds.some((gold) => hasWord(normalised, normalizeVqa(gold)));
}
