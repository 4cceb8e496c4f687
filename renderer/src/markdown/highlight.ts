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
    let last: { kind: 'text'; node: Text; parent: Element | Root } | { kind: 'math'; node: Element } | undefined;
    const visit = (node: Root | Element): void => {
      for (const child of node.children as Array<RootContent | ElementContent>) {
        if (child.type === 'text') {
          if (child.value.includes(needle)) last = { kind: 'text', node: child, parent: node };
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
    const at = node.value.lastIndexOf(needle);
    const pieces: ElementContent[] = [];
    if (at > 0) pieces.push({ type: 'text', value: node.value.slice(0, at) });
    pieces.push({
      type: 'element',
      tagName: 'mark',
      properties: { className: ['answer-mark'], dataTestid: 'answer-mark' },
      children: [{ type: 'text', value: needle }],
    });
    if (at + needle.length < node.value.length) pieces.push({ type: 'text', value: node.value.slice(at + needle.length) });
    const index = parent.children.indexOf(node as never);
    (parent.children as ElementContent[]).splice(index, 1, ...pieces);
  };
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
