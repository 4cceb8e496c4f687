import type { Command } from 'commander';
import type { ScorerChoice } from '../../core/grading';
import { SCORER_CHOICES } from '../../core/types/records';

// The one list (startRegrade's schema takes it too); `regrade` imports it from here.
export { SCORER_CHOICES };

export function registerGrade(program: Command): void {
  program
    .command('grade')
    .description('Grade JSONL on stdin ({prediction, answer, choices?, answer_type?, benchmark?, question?} a line); one verdict line per input line on stdout')
    .option('--scorer <name>', `default scorer: ${SCORER_CHOICES.join('|')}`, 'auto')
    .action(async (options: { scorer: string }) => {
      if (!(SCORER_CHOICES as readonly string[]).includes(options.scorer)) {
        throw new Error(`--scorer must be one of ${SCORER_CHOICES.join(', ')}, got "${options.scorer}"`);
      }
      const { gradeJsonlStream } = await import('../../core/grading/stream');
      const { errors } = await gradeJsonlStream(process.stdin, process.stdout, options.scorer as ScorerChoice);
      if (errors > 0) {
        // Every line still got its answer line; the exit status says that some were not verdicts.
        process.stderr.write(`${errors} input line(s) could not be graded; see the "error" objects in the output\n`);
        process.exitCode = 1;
      }
    });
}

// The list and the grader's ScorerChoice name the same scorers.
type Listed = (typeof SCORER_CHOICES)[number];
const sameScorers: [Exclude<Listed, ScorerChoice> | Exclude<ScorerChoice, Listed>] extends [never] ? true : never = true;
void sameScorers;
