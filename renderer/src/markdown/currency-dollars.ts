/**
 * Dollar signs that are money, not math: "$12 an hour … $10" would otherwise be typeset as one
 * formula, the prose between run together in italics. Pandoc's rule decides: `$` opens math only
 * with a non-space right after it, and closes only with a non-space right before it and no digit
 * right after it; a `$` that neither opens nor closes a pair is escaped (`\$`) and shown as is.
 * `$$` display math, escaped dollars and code are left alone.
 */
const CODE = /(```[\s\S]*?(?:```|$)|`[^`\n]*`)/;

export function escapeCurrencyDollars(text: string): string {
  if (!text.includes('$')) return text;
  return text
    .split(CODE)
    .map((part, i) => (i % 2 === 1 ? part : escapeInProse(part)))
    .join('');
}

function escapeInProse(text: string): string {
  const lone: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++; // an escaped character, `\$` included
      continue;
    }
    if (text[i] !== '$') continue;
    if (text[i + 1] === '$') {
      i++; // `$$`: display math, remark-math's own
      continue;
    }
    lone.push(i);
  }
  const money = new Set<number>();
  let open: number | null = null;
  for (const at of lone) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + 1] ?? ' ';
    if (open !== null && !/\s/.test(before) && !/\d/.test(after)) {
      open = null; // closes the span opened before
      continue;
    }
    if (open !== null) money.add(open); // the opener this one cannot close was money
    open = /\s/.test(after) ? null : at;
    if (open === null) money.add(at);
  }
  if (open !== null) money.add(open);
  if (money.size === 0) return text;
  let out = '';
  let from = 0;
  for (const at of [...money].sort((a, b) => a - b)) {
    out += `${text.slice(from, at)}\\$`;
    from = at + 1;
  }
  return out + text.slice(from);
}
