import { describe, expect, it } from 'vitest';
import { grade } from './grade';
import { restatedYesNo } from './restated';

// Questions and answers of LLaVA-LLaMA-2-13B on MathVista testmini (../shared/fixtures/real/mathvista).
describe('a yes/no question answered by saying it back', () => {
  it('reads the sentence that says the question in its order as yes, negated as no', () => {
    expect(restatedYesNo('Are there fewer metallic fighters than rubber objects?', 'Based on the image, there are fewer metallic fighters than rubber objects.')?.value).toBe('yes');
    expect(restatedYesNo('Is Periwinkle the maximum?', 'Based on the image, Periwinkle is not the maximum. The maximum is actually the color blue.')?.value).toBe('no');
    expect(restatedYesNo('Do the windows have a geometric shape that most houses have?', 'The windows in the bathroom have a geometric shape that most houses do not have.')?.value).toBe('no');
    expect(restatedYesNo('Does Indigo have the lowest value?', "Indigo doesn't have the lowest value.")?.value).toBe('no');
    // A question that negates: saying it back is a yes.
    expect(restatedYesNo('Is the line not straight?', 'The line is not straight.')?.value).toBe('yes');
  });

  it('reads nothing where the sentence reorders the claim, or says other things', () => {
    // The comparison turned round says something else: no answer to the question.
    expect(restatedYesNo('Are there more big red rubber double buss in front of the large red double bus than big green things?',
      'Based on the image, there are more big green things in front of the large red double bus than big red rubber double buss.')).toBeNull();
    expect(restatedYesNo('Is Periwinkle the maximum?', 'The chart shows five colours.')).toBeNull();
    expect(restatedYesNo(undefined, 'Periwinkle is the maximum.')).toBeNull();
    // Not a yes/no question (vila-13B on HallusionBench): the month named is no yes.
    expect(restatedYesNo('According to the image, which month has the lowest percentage change in personal income in 2023?', 'According to the image, the month with the lowest percentage change in personal income in 2023 is September.')).toBeNull();
    // A sentence that declines to answer is no no (LLaVA on MathVista).
    expect(restatedYesNo('Is Dark Blue the high median?', 'Based on the image, it is not possible to definitively determine whether Dark Blue is the high median.')).toBeNull();
    expect(restatedYesNo('Is Dark Blue the high median?', 'The lines cross twice, but it is not clear if the dark blue line is the high median.')).toBeNull();
    // A lead-in before the verb still asks for yes or no.
    expect(restatedYesNo('According to the image, is the bed much larger than the kitten?', 'The bed is much larger than the kitten.')?.value).toBe('yes');
    // A prompt around the question: its asking line is the question.
    expect(restatedYesNo('Hint: answer the question and provide the final answer.\nQuestion: Is the bed much larger than the kitten?\nChoices:\n(A) Yes\n(B) No', 'The bed is much larger than the kitten.')?.value).toBe('yes');
  });

  it('grades MathVista\'s yes/no options and a yes/no gold with it, saying so', () => {
    const options = grade({ prediction: 'Based on the image, Black is not greater than Deep Sky Blue.', answer: 'no', choices: ['yes', 'no'], answerType: 'mcq', question: 'Is Black greater than Deep Sky Blue?' });
    expect(options).toMatchObject({ correct: true, extracted: 'B' });
    expect(options.reason).toMatch(/the question said back, negated/);
    expect(grade({ prediction: 'The bed is much larger than the kitten.', answer: 'No', answerType: 'yesno', question: 'Is the bed much larger than the kitten?' })).toMatchObject({ correct: false, extracted: 'yes' });
    // Without the question, as before: nothing read.
    expect(grade({ prediction: 'The bed is much larger than the kitten.', answer: 'Yes', answerType: 'yesno' }).extracted).toBeNull();
  });
});
