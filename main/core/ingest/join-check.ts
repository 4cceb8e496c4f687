/**
 * Predictions joined by id to a benchmark already in the workspace: how many give another gold
 * answer, or ask another question, than the workspace's sample. A few is a benchmark revised
 * since (graded against the workspace's, with a warning); most is another dataset that happens to
 * share the name (two LLaMA-Factory runs both write `generated_predictions.jsonl`), or ids of
 * another numbering (LLaVA's POPE answers are numbered by its own question file, not by the COCO
 * POPE file's `question_id`), and grading them against those samples' answers would give a
 * meaningless figure: the import stops instead.
 */
import { ImportError } from './errors';

/** Joined samples below this are too few to call a mismatch a different dataset (a question: unless every one differs). */
const MIN_JOINED = 5;

/** A prediction's sample as the file gives it: its id, and the gold and question where the file has them. */
export interface SampleFromFile {
  externalId: string;
  answer?: string;
  question?: string;
}

interface OtherQuestion {
  file: string;
  workspace: string;
  id: string;
}

interface Counts {
  /** The file whose predictions were joined (the last one, where several were). */
  file: string;
  samples: number;
  otherAnswer: number;
  otherQuestion: number;
  example?: OtherQuestion;
}

/** What two questions share when they are the same one: words, not spacing, case or image tokens. */
const comparable = (question: string): string =>
  question
    .replace(/<image>|<\|image_pad\|>|<img>.*?<\/img>/gi, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Whether a question read from a prediction file is another than the sample's: neither holds the
 * other once spacing, case and image tokens are set aside (a prompt adds instructions and options
 * around the question: "Is there a car in the image?\nAnswer the question using a single word").
 */
export function asksAnotherQuestion(fromFile: string, stored: string): boolean {
  if (fromFile === stored) return false; // most joins: ~2 µs of normalising spared per prediction
  const a = comparable(fromFile);
  const b = comparable(stored);
  return a !== '' && b !== '' && !a.includes(b) && !b.includes(a);
}

const shorten = (text: string): string => (text.length > 70 ? `${text.slice(0, 67)}…` : text).replace(/\s+/g, ' ');

export class JoinCheck {
  private readonly joined = new Map<string, Counts>();

  /** One prediction joined to the workspace's sample of `benchmark` (`stored`). */
  record(file: string, benchmark: string, fromFile: SampleFromFile, stored: { answer: string; question: string }): void {
    const counts = this.joined.get(benchmark) ?? { file, samples: 0, otherAnswer: 0, otherQuestion: 0 };
    counts.file = file;
    counts.samples++;
    if (fromFile.answer !== undefined && fromFile.answer !== '' && fromFile.answer !== stored.answer) counts.otherAnswer++;
    if (fromFile.question !== undefined && asksAnotherQuestion(fromFile.question, stored.question)) {
      counts.otherQuestion++;
      counts.example ??= { file: fromFile.question, workspace: stored.question, id: fromFile.externalId };
    }
    this.joined.set(benchmark, counts);
  }

  /** Warnings for the benchmarks joined with a few other answers or questions; throws for one joined with mostly others. */
  finish(): string[] {
    const warnings: string[] = [];
    for (const [benchmark, { file, samples, otherAnswer, otherQuestion, example }] of this.joined) {
      const mostly = (n: number): boolean => samples >= MIN_JOINED && n * 2 > samples;
      const asked = example ? ` (id ${example.id}: "${shorten(example.file)}" in the file, "${shorten(example.workspace)}" in the workspace)` : '';
      if (mostly(otherAnswer)) {
        throw new ImportError(
          file,
          null,
          null,
          `${otherAnswer} of the ${samples} samples joined to benchmark ${benchmark} give a different gold answer than the workspace's: ` +
            'this is probably another dataset under the same name; pass --benchmark NAME to import it as a benchmark of its own',
        );
      }
      // Another question on most of many, or on every one of a few (two step files of a verl dump, each numbered by position).
      if (mostly(otherQuestion) || (otherQuestion > 0 && otherQuestion === samples)) {
        throw new ImportError(
          file,
          null,
          null,
          `${otherQuestion} of the ${samples} predictions joined by id to benchmark ${benchmark} ask another question than the workspace's sample of that id${asked}: ` +
            "the file's ids are not this benchmark's; map the field that holds this benchmark's ids (--map id=FIELD), or pass --benchmark NAME to import it as a benchmark of its own",
        );
      }
      if (otherAnswer > 0) warnings.push(`${otherAnswer} sample(s) of ${benchmark} give a different answer than the benchmark already in the workspace; graded against the workspace's`);
      if (otherQuestion > 0) warnings.push(`${otherQuestion} prediction(s) joined by id to ${benchmark} ask another question than the workspace's sample${asked}; graded against the workspace's`);
    }
    this.joined.clear();
    return warnings;
  }
}
