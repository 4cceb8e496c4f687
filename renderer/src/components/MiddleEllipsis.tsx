import { nameEnds } from '../checkpoint-labels';

/** A name cut in the middle when it does not fit: its end (the step) stays visible; the full name is the tooltip. */
export function MiddleEllipsis({ text }: { text: string }) {
  const [head, tail] = nameEnds(text);
  return (
    <span className="middle-ellipsis" title={text}>
      <span className="head">{head}</span>
      {tail && <span className="tail">{tail}</span>}
    </span>
  );
}
