import type { Element, ElementContent, Root, RootContent, Text } from 'hast';

/**
 * A rehype plugin that marks the last place the extracted answer occurs in rendered model
 * output: a <mark> around the text, or a class on the formula (KaTeX) whose TeX source holds it.
 * The last occurrence is the one a grader reads (the final \boxed{}, the closing sentence).
 */
export function rehypeMarkAnswer(options: { text: string | null | undefined }) {
  return (tree: Root): void => {
    const needle = options.text?.trim();
    if (!needle) return;
    let last: { kind: 'text'; node: Text | RawNode; parent: Element | Root } | { kind: 'math'; node: Element } | undefined;
    const visit = (node: Root | Element): void => {
      for (const child of node.children as Array<RootContent | ElementContent | RawNode>) {
        // Raw HTML (`<answer> A </answer>`) is shown as text (no rehype-raw): it is searched as text.
        if (child.type === 'text' || child.type === 'raw') {
          if (lastIndexOfAnswer(child.value, needle) >= 0) last = { kind: 'text', node: child, parent: node };
        } else if (child.type === 'element') {
          if (isKatex(child)) {
            if (texSource(child).includes(needle)) last = { kind: 'math', node: child };
          } else {
            visit(child);
          }
        }
      }
    };
    visit(tree);
    if (!last) return;
    if (last.kind === 'math') {
      last.node.properties = { ...last.node.properties, className: [...classes(last.node), 'answer-mark'] };
      return;
    }
    const { node, parent } = last;
    const at = lastIndexOfAnswer(node.value, needle);
    // The text around the mark keeps its kind (raw HTML stays raw, shown as text).
    const piece = (value: string): ElementContent => ({ type: node.type, value }) as ElementContent;
    const pieces: ElementContent[] = [];
    if (at > 0) pieces.push(piece(node.value.slice(0, at)));
    pieces.push({
      type: 'element',
      tagName: 'mark',
      properties: { className: ['answer-mark'], dataTestid: 'answer-mark' },
      children: [{ type: 'text', value: needle }],
    });
    if (at + needle.length < node.value.length) pieces.push(piece(node.value.slice(at + needle.length)));
    const index = parent.children.indexOf(node as never);
    (parent.children as ElementContent[]).splice(index, 1, ...pieces);
  };
}

/** A raw HTML node of the tree (mdast-util-to-hast's `raw`), kept as text by the renderer. */
interface RawNode {
  type: 'raw';
  value: string;
}

/**
 * The last place `needle` stands in `text` as a whole word where it begins or ends with a letter
 * or digit (the answer "A" is not the "A" of "After"), else its last place at all; -1 for none.
 */
export function lastIndexOfAnswer(text: string, needle: string): number {
  const wordy = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  for (let at = text.lastIndexOf(needle); at >= 0; at = at === 0 ? -1 : text.lastIndexOf(needle, at - 1)) {
    const clearBefore = !wordy(needle[0]) || !wordy(text[at - 1]);
    const clearAfter = !wordy(needle[needle.length - 1]) || !wordy(text[at + needle.length]);
    if (clearBefore && clearAfter) return at;
  }
  return text.lastIndexOf(needle);
}

function classes(element: Element): string[] {
  const value: unknown = element.properties?.className;
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? value.split(/\s+/) : [];
}

const isKatex = (element: Element): boolean => classes(element).some((name) => name === 'katex' || name === 'katex-display');

/** The TeX a KaTeX element was rendered from (its MathML annotation). */
function texSource(element: Element): string {
  let found = '';
  const walk = (node: Element): void => {
    if (found) return;
    if (node.tagName === 'annotation') {
      found = node.children.map((child) => (child.type === 'text' ? child.value : '')).join('');
      return;
    }
    for (const child of node.children) if (child.type === 'element') walk(child);
  };
  walk(element);
  return found;
}
