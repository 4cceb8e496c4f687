import 'katex/dist/katex.min.css';
import { memo, useMemo, useState } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeKatex from 'rehype-katex';
import { rehypeBoundMath } from './bound-math';
import { KATEX_OPTIONS, REMARK_PLUGINS } from './pipeline';
import { lastIndexOfAnswer, rehypeMarkAnswer } from './highlight';
import { escapeCurrencyDollars } from './currency-dollars';
import { formatCount } from '../format';

/**
 * Model output is untrusted text. It is rendered as markdown with raw HTML left as visible text
 * (no rehype-raw), KaTeX without `trust` (\href, \url, \includegraphics, \htmlData… render as
 * plain red text, never as links or elements) and with small size and macro-expansion limits.
 * Links and images become inert text: nothing the model wrote can open a page or fetch a URL.
 * Typesetting is bounded (bound-math.ts): an overlong formula shows as its TeX source.
 */

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

/**
 * Above this many characters the markdown and KaTeX pass waits for a click, wherever model output
 * is shown (the trace view decides for the whole output; the comparison view relies on this): a
 * runaway or hostile trace must not freeze the page.
 */
export const MARKDOWN_RENDER_LIMIT = 80_000;

export const ModelMarkdown = memo(function ModelMarkdown({ text, mark, unbounded = false }: { text: string; mark?: string | null; unbounded?: boolean }) {
  const [force, setForce] = useState(false);
  if (text.length > MARKDOWN_RENDER_LIMIT && !unbounded && !force) {
    return (
      <div className="markdown" data-testid="markdown-deferred">
        <p className="notice">
          {formatCount(text.length)} characters, shown as plain text.{' '}
          <button type="button" className="link-button" onClick={() => setForce(true)}>
            Render markdown anyway
          </button>
        </p>
        <pre className="plain">
          <MarkedText text={text} mark={mark} />
        </pre>
      </div>
    );
  }
  return <RenderedMarkdown text={text} mark={mark ?? null} />;
});

function RenderedMarkdown({ text, mark }: { text: string; mark: string | null }) {
  const source = useMemo(() => normaliseMathDelimiters(escapeCurrencyDollars(text)), [text]);
  const rehypePlugins = useMemo(
    () => [[rehypeBoundMath], [rehypeKatex, KATEX_OPTIONS], [rehypeMarkAnswer, { text: mark ?? null }]] as NonNullable<Parameters<typeof ReactMarkdown>[0]['rehypePlugins']>,
    [mark],
  );
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={REMARK_PLUGINS} rehypePlugins={rehypePlugins} components={COMPONENTS} skipHtml={false}>
        {source}
      </ReactMarkdown>
    </div>
  );
}

/** Plain text with the last occurrence of `mark` highlighted (for the raw view). */
export function MarkedText({ text, mark }: { text: string; mark?: string | null }) {
  const needle = mark?.trim();
  const at = needle ? lastIndexOfAnswer(text, needle) : -1;
  if (!needle || at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <mark className="answer-mark">{needle}</mark>
      {text.slice(at + needle.length)}
    </>
  );
}
