/**
 * A parser for Python literals, the subset `ast.literal_eval` accepts: strings (all quote styles,
 * r/u/b prefixes, escapes, implicit concatenation), ints and floats, True/False/None, and lists,
 * tuples, sets and dicts of them, nested. Result files written by pandas hold such text in cells
 * (VLMEvalKit answers "['a', 'b']", MMMU options), and those must be stored as values, not as
 * the string of their Python repr.
 *
 * Tuples and sets become arrays; dict keys become strings.
 */

export class PythonLiteralError extends Error {
  override name = 'PythonLiteralError';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
  }
}

export type PythonValue = string | number | boolean | null | PythonValue[] | { [key: string]: PythonValue };

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseAll(): PythonValue {
    const value = this.value();
    this.space();
    if (this.pos < this.text.length) this.fail(`unexpected "${this.text[this.pos]}"`);
    return value;
  }

  private fail(message: string): never {
    throw new PythonLiteralError(message, this.pos);
  }

  private space(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private value(): PythonValue {
    this.space();
    const ch = this.peek();
    if (ch === '[') return this.sequence('[', ']');
    if (ch === '(') return this.tupleOrGroup();
    if (ch === '{') return this.dictOrSet();
    if (ch === '-' || ch === '+') {
      this.pos++;
      const operand = this.value();
      if (typeof operand !== 'number') this.fail('a sign must be followed by a number');
      return ch === '-' ? -operand : operand;
    }
    if (/[0-9.]/.test(ch)) return this.number();
    if (/[rRuUbB'"]/.test(ch)) {
      const string = this.tryStrings();
      if (string !== null) return string;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))?.[0];
    if (word === 'True' || word === 'False' || word === 'None') {
      this.pos += word.length;
      return word === 'True' ? true : word === 'False' ? false : null;
    }
    if (ch === '') this.fail('unexpected end of text');
    return this.fail(word ? `"${word}" is not a literal` : `unexpected "${ch}"`);
  }

  private sequence(open: string, close: string): PythonValue[] {
    this.pos++; // open
    const items: PythonValue[] = [];
    for (;;) {
      this.space();
      if (this.peek() === close) {
        this.pos++;
        return items;
      }
      items.push(this.value());
      this.space();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== close) this.fail(`expected "," or "${close}" after an item of "${open}…${close}"`);
    }
  }

  private tupleOrGroup(): PythonValue {
    const start = this.pos;
    this.pos++;
    this.space();
    if (this.peek() === ')') {
      this.pos++;
      return [];
    }
    const first = this.value();
    this.space();
    if (this.peek() === ')') {
      this.pos++;
      return first; // (x) is x, not a tuple
    }
    this.pos = start;
    return this.sequence('(', ')');
  }

  private dictOrSet(): PythonValue {
    this.pos++;
    this.space();
    if (this.peek() === '}') {
      this.pos++;
      return {};
    }
    const firstKey = this.value();
    this.space();
    if (this.peek() !== ':') {
      // A set: the remaining items like a list.
      const items: PythonValue[] = [firstKey];
      for (;;) {
        this.space();
        if (this.peek() === ',') this.pos++;
        else if (this.peek() === '}') {
          this.pos++;
          return items;
        } else this.fail('expected "," or "}" in a set');
        this.space();
        if (this.peek() === '}') {
          this.pos++;
          return items;
        }
        items.push(this.value());
      }
    }
    const dict: { [key: string]: PythonValue } = {};
    let key: PythonValue = firstKey;
    for (;;) {
      this.pos++; // ':'
      dict[keyText(key)] = this.value();
      this.space();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '}') this.fail('expected "," or "}" in a dict');
      this.space();
      if (this.peek() === '}') {
        this.pos++;
        return dict;
      }
      key = this.value();
      this.space();
      if (this.peek() !== ':') this.fail('expected ":" after a dict key');
    }
  }

  private number(): number {
    const match = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)/.exec(this.text.slice(this.pos));
    if (!match || match[0] === '.') this.fail('malformed number');
    const raw = match![0].replaceAll('_', '');
    this.pos += match![0].length;
    if (/^0[xX]/.test(raw)) return parseInt(raw.slice(2), 16);
    if (/^0[oO]/.test(raw)) return parseInt(raw.slice(2), 8);
    if (/^0[bB]/.test(raw)) return parseInt(raw.slice(2), 2);
    if (/[jJ]/.test(this.peek())) this.fail('complex numbers are not supported');
    return Number(raw);
  }

  /** One string literal or several adjacent ones ('a' 'b' == 'ab'); null if this is not a string. */
  private tryStrings(): string | null {
    let out: string | null = null;
    for (;;) {
      this.space();
      const prefix = /^([rRuUbB]{0,2})(['"])/.exec(this.text.slice(this.pos));
      if (!prefix || !/^(?:[rR]?[bB]?|[bB]?[rR]?|[uU]?)$/.test(prefix[1]!)) return out;
      this.pos += prefix[1]!.length;
      out = (out ?? '') + this.string(/[rR]/.test(prefix[1]!));
    }
  }

  private string(raw: boolean): string {
    const quote = this.peek();
    const triple = this.text.startsWith(quote.repeat(3), this.pos);
    const delimiter = triple ? quote.repeat(3) : quote;
    this.pos += delimiter.length;
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unterminated string');
      if (this.text.startsWith(delimiter, this.pos)) {
        this.pos += delimiter.length;
        return out;
      }
      const ch = this.text[this.pos]!;
      if (ch === '\n' && !triple) this.fail('line break inside a one-line string');
      if (ch !== '\\') {
        out += ch;
        this.pos++;
        continue;
      }
      const next = this.text[this.pos + 1] ?? '';
      if (raw) {
        // Raw strings keep the backslash; it still stops a quote from ending the string.
        out += ch + next;
        this.pos += 2;
        continue;
      }
      this.pos += 2;
      if (next in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[next];
      else if (next === 'x') out += this.codePoint(2);
      else if (next === 'u') out += this.codePoint(4);
      else if (next === 'U') out += this.codePoint(8);
      else if (/[0-7]/.test(next)) {
        const digits = /^[0-7]{1,3}/.exec(this.text.slice(this.pos - 1))![0];
        this.pos += digits.length - 1;
        out += String.fromCodePoint(parseInt(digits, 8));
      } else out += `\\${next}`; // Python keeps unknown escapes as written
    }
  }

  private codePoint(length: number): string {
    const hex = this.text.slice(this.pos, this.pos + length);
    if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) this.fail('malformed escape');
    this.pos += length;
    return String.fromCodePoint(parseInt(hex, 16));
  }
}

function keyText(key: PythonValue): string {
  if (typeof key === 'string') return key;
  if (Array.isArray(key) || (typeof key === 'object' && key !== null)) return JSON.stringify(key);
  return key === null ? 'None' : key === true ? 'True' : key === false ? 'False' : String(key);
}

/** Parses one Python literal; throws PythonLiteralError (with a position) when it is not one. */
export function parsePythonLiteral(text: string): PythonValue {
  return new Parser(text).parseAll();
}

/** Text that is meant as a Python container literal: "[...]", "(...)", "{...}". */
export function looksLikePythonContainer(text: string): boolean {
  const t = text.trim();
  return (t.startsWith('[') && t.endsWith(']')) || (t.startsWith('(') && t.endsWith(')')) || (t.startsWith('{') && t.endsWith('}'));
}

/** The parsed value when `text` is a Python (or JSON) container literal, else undefined. */
export function tryParseContainer(text: string): PythonValue | undefined {
  if (!looksLikePythonContainer(text)) return undefined;
  try {
    return parsePythonLiteral(text);
  } catch {
    // JSON's true/false/null are not Python; a JSON container is accepted too.
    try {
      return JSON.parse(text) as PythonValue;
    } catch {
      return undefined;
    }
  }
}

/**
 * The items of a Python list literal as `str()` prints them (VLMEvalKit's `toliststr` on an answer
 * cell: `"[12, 63, 23]"` -> `['12', '63', '23']`), or null where the text is no such list
 * (`[Czech Republic, New Zealand]`, `[2010/11, 2011/12]`: `eval()` fails or computes divisions).
 */
export function pythonListItems(text: string): string[] | null {
  const parsed = tryParseContainer(text);
  return Array.isArray(parsed) ? parsed.map((item) => String(item)) : null;
}
