import { describe, expect, it } from 'vitest';
import { parsePythonLiteral, PythonLiteralError, tryParseContainer } from './python-literal';

describe('the Python literal parser', () => {
  it('reads what pandas writes into cells: lists, tuples, dicts and sets of strings and numbers', () => {
    expect(parsePythonLiteral("['a', 'b']")).toEqual(['a', 'b']);
    expect(parsePythonLiteral('("x", 2, 3.5, -1e3)')).toEqual(['x', 2, 3.5, -1000]);
    expect(parsePythonLiteral("{'A': 'red', 'B': None, 3: True}")).toEqual({ A: 'red', B: null, '3': true });
    expect(parsePythonLiteral("{'x', 'y'}")).toEqual(['x', 'y']);
    expect(parsePythonLiteral("[[1, 2], {'k': [False]}, ()]")).toEqual([[1, 2], { k: [false] }, []]);
    expect(parsePythonLiteral('(1,)')).toEqual([1]);
    expect(parsePythonLiteral('(1)')).toBe(1);
    expect(parsePythonLiteral("['trailing', ]")).toEqual(['trailing']);
    expect(parsePythonLiteral('0x1F')).toBe(31);
    expect(parsePythonLiteral('1_000')).toBe(1000);
  });

  it('decodes string escapes, quotes inside strings, prefixes and implicit concatenation', () => {
    expect(parsePythonLiteral(String.raw`'it\'s'`)).toBe("it's");
    expect(parsePythonLiteral(`"say 'hi'"`)).toBe("say 'hi'");
    expect(parsePythonLiteral(String.raw`'a\nb\t\x41\u00e9\\'`)).toBe('a\nb\tAé\\');
    expect(parsePythonLiteral(String.raw`r'\frac{1}{2}'`)).toBe(String.raw`\frac{1}{2}`);
    expect(parsePythonLiteral(`'''two\nlines'''`)).toBe('two\nlines');
    expect(parsePythonLiteral(`'ab' "cd"`)).toBe('abcd');
    expect(parsePythonLiteral(String.raw`'\d+'`)).toBe(String.raw`\d+`); // unknown escapes stay as written
    expect(parsePythonLiteral(`u'x'`)).toBe('x');
  });

  it('refuses what literal_eval refuses, with a position', () => {
    for (const text of ['[1, 2', "{'a' 1}", 'foo', "['a'] extra", '1+2j', "'open", 'nan']) {
      expect(() => parsePythonLiteral(text), text).toThrow(PythonLiteralError);
    }
    expect(() => parsePythonLiteral('[1, 2')).toThrow(/position 5/);
  });

  it('parses container cells and leaves other text alone', () => {
    expect(tryParseContainer("['1.5', '2']")).toEqual(['1.5', '2']);
    expect(tryParseContainer('[true, null]')).toEqual([true, null]); // JSON is accepted too
    expect(tryParseContainer('plain text')).toBeUndefined();
    expect(tryParseContainer('[not a literal')).toBeUndefined();
    expect(tryParseContainer('[interval (1, 2]')).toBeUndefined();
  });
});
