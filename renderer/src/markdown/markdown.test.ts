import type { Element, Root, RootContent } from 'hast';
import rehypeKatex from 'rehype-katex';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { MAX_FORMULA_CHARS, MAX_TEX_PER_OUTPUT, rehypeBoundMath } from './bound-math';
import { lastIndexOfAnswer, rehypeMarkAnswer } from './highlight';
import { KATEX_OPTIONS, REMARK_PLUGINS } from './pipeline';
import { escapeCurrencyDollars } from './currency-dollars';


/** The trace view's pipeline (ModelMarkdown.tsx) up to the tree React would render. */
async function render(markdown: string, answer?: string): Promise<Root> {
  const processor = unified()
    .use(remarkParse)
    .use(REMARK_PLUGINS)
    .use(remarkRehype)
    .use(rehypeBoundMath)
    .use(rehypeKatex, KATEX_OPTIONS)
    .use(rehypeMarkAnswer, { text: answer });
  return (await processor.run(processor.parse(markdown))) as Root;
}

/** The same up to the bound, without typesetting: what KaTeX would be handed. */
async function bound(markdown: string): Promise<Root> {
  const processor = unified().use(remarkParse).use(REMARK_PLUGINS).use(remarkRehype).use(rehypeBoundMath);
  return (await processor.run(processor.parse(markdown))) as Root;
}

function elements(tree: Root, test: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  const walk = (node: Root | Element): void => {
    for (const child of node.children as RootContent[]) {
      if (child.type !== 'element') continue;
      if (test(child)) found.push(child);
      else walk(child);
    }
  };
  walk(tree);
  return found;
}

const hasClass = (name: string) => (element: Element) => {
  const value: unknown = element.properties?.className;
  return Array.isArray(value) && value.map(String).includes(name);
};
const typeset = (tree: Root) => elements(tree, hasClass('katex')).length;
const asSource = (tree: Root) => elements(tree, hasClass('math-source'));

/** A formula of exactly `chars` characters of TeX. */
const formula = (chars: number): string => `${'x+'.repeat(Math.floor((chars - 1) / 2))}x`.padEnd(chars, 'y');

describe('bounded math in model output', () => {
  it('typesets ordinary formulas', async () => {
    const tree = await render('The area is $x^2$ and $$\\frac{a}{b}$$');
    expect(typeset(tree)).toBe(2);
    expect(asSource(tree)).toHaveLength(0);
  });

  it(`shows a formula over ${MAX_FORMULA_CHARS} characters as its TeX source`, async () => {
    const long = formula(MAX_FORMULA_CHARS + 1);
    const tree = await render(`Short $y$ then $${long}$`);
    expect(typeset(tree)).toBe(1);
    const source = asSource(tree);
    expect(source).toHaveLength(1);
    expect(JSON.stringify(source[0])).toContain(long.slice(0, 50));
  });

  it(`stops typesetting once an output has used its ${MAX_TEX_PER_OUTPUT} characters of TeX`, async () => {
    const each = 1500;
    const count = Math.floor(MAX_TEX_PER_OUTPUT / each) + 3;
    // Checked on what KaTeX is handed (typesetting 30,000 characters takes seconds).
    const tree = await bound(Array.from({ length: count }, () => `$${formula(each)}$`).join('\n\n'));
    expect(elements(tree, hasClass('math-inline'))).toHaveLength(Math.floor(MAX_TEX_PER_OUTPUT / each));
    expect(asSource(tree)).toHaveLength(count - Math.floor(MAX_TEX_PER_OUTPUT / each));
  });
});

describe('the extracted answer in model output', () => {
  it('marks its last occurrence only', async () => {
    const tree = await render('First I guessed 42, but the answer is 42.', '42');
    const marks = elements(tree, (element) => element.tagName === 'mark');
    expect(marks).toHaveLength(1);
    const paragraph = elements(tree, (element) => element.tagName === 'p')[0]!;
    const texts = paragraph.children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' ? 'MARK' : ''));
    expect(texts).toEqual(['First I guessed 42, but the answer is ', 'MARK', '.']);
  });

  it('marks the formula whose TeX holds it', async () => {
    const tree = await render('So $\\boxed{17}$.', '17');
    expect(elements(tree, hasClass('answer-mark'))).toHaveLength(1);
  });
});

describe('lines of working', () => {
  it('keeps each single newline a line break, as the model wrote its steps', async () => {
    const tree = await render('90 − 80 = 10\n80 − 70 = 10\n70 − 60 = 10');
    expect(elements(tree, (element) => element.tagName === 'br')).toHaveLength(2);
  });
});

describe('dollar signs that are money, not math (EvalScope gsm8k prompts)', () => {
  const shown = async (text: string) => render(escapeCurrencyDollars(text));
  it('leaves prose with prices as text', async () => {
    const text = 'Betty has only half of the money she needs: the wallet costs $100. Her parents give her $15, and her grandparents twice as much.';
    const tree = await shown(text);
    expect(typeset(tree)).toBe(0);
    expect(JSON.stringify(tree)).toContain('$100');
  });
  it('still typesets math beside money', async () => {
    expect(typeset(await shown('The area is $x^2 + 1$ and the fee is $5 per hour.'))).toBe(1);
    expect(typeset(await shown('So $a$ costs \\$3 and $b = 7$.'))).toBe(2);
    expect(typeset(await shown('$$\\frac{1}{2}$$ then $5 and $6 later'))).toBe(1);
  });
  it('leaves code alone', () => {
    expect(escapeCurrencyDollars('run `echo $HOME` for $5')).toBe('run `echo $HOME` for \\$5');
  });
  it('pairs by pandoc\'s rule: a closer needs no space before it and no digit after it', () => {
    expect(escapeCurrencyDollars('$12 and $10 today')).toBe('\\$12 and \\$10 today');
    expect(escapeCurrencyDollars('$x$ and $y$')).toBe('$x$ and $y$');
    expect(escapeCurrencyDollars('a $ b $ c')).toBe('a \\$ b \\$ c');
  });
});

describe('marking the extracted answer where the grader read it', () => {
  const marked = (tree: Root) => elements(tree, hasClass('answer-mark'));
  it("marks a letter answer where it stands alone, not inside a word (\"After\"), raw answer tags included", async () => {
    // After a blank line the answer tags are an HTML block: one raw node, which react-markdown
    // (skipHtml false, no rehype-raw) keeps and shows as text.
    const processor = unified().use(remarkParse).use(REMARK_PLUGINS).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeMarkAnswer, { text: 'A' });
    const tree = (await processor.run(processor.parse('After that, it moves right.\nTherefore, the ant gets to the butterfly.\n\n<answer>\nA\n</answer>'))) as Root;
    const [mark] = marked(tree);
    expect(mark).toBeDefined();
    // The mark sits in the paragraph that holds the answer tags, after "butterfly".
    expect(JSON.stringify(tree).indexOf('answer-mark')).toBeGreaterThan(JSON.stringify(tree).indexOf('butterfly'));
  });
  it('falls back to the last occurrence where the answer never stands alone', async () => {
    expect(lastIndexOfAnswer('x = 12cm', '12')).toBe(4);
    expect(lastIndexOfAnswer('Answer: B, so B.', 'B')).toBe(14);
    expect(lastIndexOfAnswer('After A', 'A')).toBe(6);
  });
});
