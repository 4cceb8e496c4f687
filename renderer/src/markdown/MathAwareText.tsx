import { ModelMarkdown } from './ModelMarkdown';

const MATH_SPAN = /\$[^$]+\$|\\\(|\\\[/;
/** Bare LaTeX (`10 \sqrt { 3 }`, as MathVista writes golds and options). */
const LATEX_COMMAND = /\\[a-zA-Z]+/;

/**
 * A short value (a gold answer, an option) typeset where it is written in LaTeX, as the question
 * is, through the same safe pipeline; any other value shown as its plain text.
 */
export function MathAwareText({ text }: { text: string }) {
  if (MATH_SPAN.test(text)) return <ModelMarkdown text={text} />;
  if (LATEX_COMMAND.test(text)) return <ModelMarkdown text={`$${text}$`} />;
  return <>{text}</>;
}
