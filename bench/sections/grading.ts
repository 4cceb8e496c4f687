import { benchGrading } from './grading-workload';
import type { BenchSection } from '../harness';

export const gradingSection: BenchSection = {
  name: 'grading (one core)',
  async run() {
    const result = await benchGrading();
    return [
      { name: 'multiple-choice grades', value: result.mcqPerSec, unit: 'grades/s', target: { op: '>=', value: 20_000 } },
      { name: 'numeric grades', value: result.numericPerSec, unit: 'grades/s', target: { op: '>=', value: 20_000 } },
      { name: 'LaTeX math grades', value: result.mathPerSec, unit: 'grades/s', target: { op: '>=', value: 5_000 } },
    ];
  },
};
