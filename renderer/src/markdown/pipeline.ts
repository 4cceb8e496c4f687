/**
 * The markdown pipeline's settings, shared by ModelMarkdown.tsx and its tests (markdown.test.ts),
 * so the tests run what the trace view runs.
 */
import remarkBreaks from 'remark-breaks';
import remarkMath from 'remark-math';

/** KaTeX without `trust` and with small size and macro-expansion limits (see ModelMarkdown.tsx). */
export const KATEX_OPTIONS = { trust: false, strict: 'ignore', maxSize: 10, maxExpand: 100, throwOnError: false } as const;

/**
 * Models end a line of working with a single newline ("90 − 80 = 10\n80 − 70 = 10"), which
 * markdown would run together into one line: each newline stays a line break (remark-breaks).
 */
export const REMARK_PLUGINS = [remarkMath, remarkBreaks];
