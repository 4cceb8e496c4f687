import 'katex/dist/katex.min.css';
import { memo, useMemo } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import { rehypeMarkAnswer } from './highlight';

/**
 * Model output is untrusted text. It is rendered as markdown with raw HTML left as visible text
 * (no rehype-raw), KaTeX without `trust` (\href, \url, \includegraphics, \htmlData… render as
 * plain red text, never as links or elements) and with small size and macro-expansion limits.
 * Links and images become inert text: nothing the model wrote can open a page or fetch a URL.
 */
const KATEX_OPTIONS = { trust: false, strict: 'ignore', maxSize: 10, maxExpand: 100, throwOnError: false } as const;

const COMPONENTS: Components = {
  a: ({ children, href }) => (
    <span className="inert-link" title={href ? `Link not opened: ${href}` : undefined} data-testid="inert-link">
      {children}
    </span>
  ),
  img: ({ alt, src }) => (
    <span className="inert-image" title={typeof src === 'string' ? `Image not loaded: ${src}` : undefined}>
      [image{alt ? `: ${alt}` : ''}]
    </span>
  ),
};

/** Models write \( \) and \[ \] as often as $ and $$; remark-math knows only the dollars. */
export function normaliseMathDelimiters(text: string): string {
  return text
    .replace(/\\\[([\s\S]*?)\\\]/g, (_, body: string) => `$$${body}$$`)
    .replace(/\\\(([\s\S]*?)\\\)/g, (_, body: string) => `$${body}$`);
}

export const ModelMarkdown = memo(function ModelMarkdown({ text, mark }: { text: string; mark?: string | null }) {
  const source = useMemo(() => normaliseMathDelimiters(text), [text]);
  const rehypePlugins = useMemo(
    () => [[rehypeKatex, KATEX_OPTIONS], [rehypeMarkAnswer, { text: mark ?? null }]] as NonNullable<Parameters<typeof ReactMarkdown>[0]['rehypePlugins']>,
    [mark],
  );
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkMath]} rehypePlugins={rehypePlugins} components={COMPONENTS} skipHtml={false}>
        {source}
      </ReactMarkdown>
    </div>
  );
});

/** Plain text with the last occurrence of `mark` highlighted (for the raw view). */
export function MarkedText({ text, mark }: { text: string; mark?: string | null }) {
  const needle = mark?.trim();
  const at = needle ? text.lastIndexOf(needle) : -1;
  if (!needle || at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <mark className="answer-mark">{needle}</mark>
      {text.slice(at + needle.length)}
    </>
  );
}
