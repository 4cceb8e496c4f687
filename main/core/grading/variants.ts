/**
 * Readings of one written answer that people mean the same way:
 *   - "50\%" is 50 (as the gold may say) and also \frac{50}{100};
 *   - "0,111" and "1000,99" carry a decimal comma (a comma after a leading
 *     zero, or after four or more digits, cannot separate thousands);
 *     "1.000,99" groups thousands with dots.
 * The first reading is always the text itself.
 */
import { normalizeMath } from './latex';

export interface Reading {
  text: string;
  /** How this reading differs from the text as written, for the verdict's reason; null for the text itself. */
  note: string | null;
}

/** A percent sign or word ("28 percent", "28 percentage", "28 pct"). */
const PERCENT = /\\?%|\b(?:percent(?:age)?|pct)\b/;
/** A comma that cannot group thousands: after a lone 0 or four or more digits, or followed by other than three digits. */
const DECIMAL_COMMA = /^\s*-?(?:(?:0|\d{4,}),\d+|\d+,(?:\d{1,2}|\d{4,}))\s*$/;
const THOUSAND_DOTS_DECIMAL_COMMA = /^\s*-?\d{1,3}(?:\.\d{3})+,\d+\s*$/;

export function readings(text: string): Reading[] {
  const out: Reading[] = [{ text, note: null }];
  if (PERCENT.test(text) && text.length <= 60) {
    const value = text.replace(new RegExp(PERCENT.source, 'g'), '').trim();
    out.push({ text: `\\frac{${value}}{100}`, note: 'percent read as a fraction' });
  }
  if (!text.includes(',')) return out;
  const bare = normalizeMath(text);
  if (DECIMAL_COMMA.test(bare)) out.push({ text: bare.replace(',', '.'), note: 'decimal comma' });
  else if (THOUSAND_DOTS_DECIMAL_COMMA.test(bare)) out.push({ text: bare.replace(/\./g, '').replace(',', '.'), note: 'decimal comma' });
  return out;
}
