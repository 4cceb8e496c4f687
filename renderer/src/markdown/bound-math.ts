import type { Element, Root } from 'hast';
import { formatCount } from '../format';

/** A formula longer than this is shown as its TeX source: KaTeX would turn it into megabytes of markup. */
export const MAX_FORMULA_CHARS = 2_000;
/** TeX typeset per output at most; formulas past this budget are shown as their source. */
export const MAX_TEX_PER_OUTPUT = 30_000;

const MATH_CLASSES = new Set(['language-math', 'math-inline', 'math-display']);

function classesOf(element: Element): string[] {
  const value: unknown = element.properties?.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
}

function textOf(element: Element): string {
  let text = '';
  const walk = (node: Element): void => {
    for (const child of node.children) {
      if (child.type === 'text') text += child.value;
      else if (child.type === 'element') walk(child);
    }
  };
  walk(element);
  return text;
}

/**
 * A rehype plugin that runs before rehype-katex and keeps typesetting bounded: a formula that is
 * too long, or that comes after the output's budget is spent, loses its math classes, so KaTeX
 * leaves it alone and it shows as code (its TeX, as text). Model output is untrusted; a single
 * 36,000-character formula would otherwise become 3 MB of DOM and freeze the page for seconds.
 */
export function rehypeBoundMath() {
  return (tree: Root): void => {
    let budget = MAX_TEX_PER_OUTPUT;
    const visit = (node: Root | Element): void => {
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        const classes = classesOf(child);
        if (classes.some((name) => MATH_CLASSES.has(name))) {
          const length = textOf(child).length;
          if (length > MAX_FORMULA_CHARS || length > budget) {
            child.properties = { ...child.properties, className: [...classes.filter((name) => !MATH_CLASSES.has(name)), 'math-source'], title: `Formula of ${formatCount(length)} characters, shown as its source` };
          } else budget -= length;
          continue;
        }
        visit(child);
      }
    };
    visit(tree);
  };
}
