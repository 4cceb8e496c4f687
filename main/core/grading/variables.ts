/**
 * Whether a short answer is a formula in variables ("2a", "(a+5)(b+2)", "2x + 3", "n^2",
 * "\sum_{k=0}^{n} k") rather than a number, a number with its unit ("5 m", "12 m^2") or words.
 * A number scorer must not take such a formula's last number for the answer (`\boxed{2a}` is not
 * 2), and a gold written so is graded as math, not as text (where "a" would be an article).
 */

/** Sums, products, integrals and limits bind a variable: never a number with a unit. */
const BIG_OPERATOR = /\\(?:sum|prod|int|iint|iiint|oint|lim)(?![a-zA-Z])/;
const BIG_OPERATOR_ALL = new RegExp(BIG_OPERATOR.source, 'g');
/** Words written as text (`\text{cm}`, `\mathrm{kg}`): units or names, not variables. */
const TEXT_COMMAND = /\\(?:text|textrm|textit|textbf|mathrm|mbox|operatorname)\s*\{/;
/** LaTeX commands that name no variable: structure, constants, spacing, relations, functions. */
const NON_VARIABLE_COMMAND =
  /\\(?:d?t?frac|sqrt|pi|cdot|times|div|pm|mp|circ|degree|left|right|[bB]igg?[lr]?|infty|leq?|geq?|lt|gt|neq?|approx|quad|qquad|displaystyle|sin|cos|tan|cot|sec|csc|arcsin|arccos|arctan|sinh|cosh|tanh|log|ln|exp|[,;:! ])(?![a-zA-Z])/g;
const GREEK = /\\(?:alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|rho|sigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Sigma|Phi|Psi|Omega)(?![a-zA-Z])/g;
/** Function names written without a backslash: not variables. */
const PLAIN_FUNCTIONS = /\b(?:sin|cos|tan|cot|sec|csc|log|ln|exp|sqrt)\b/g;
/**
 * A letter joined to a number or another letter by an operation: "a+5", "2x-3", "n^2", "x(y+1)",
 * ")(" of a product, or a number right before a letter that names a variable far more often than
 * a unit ("2a", "3x"; "5m" or "5 g" are read as units by the number parser first).
 */
const JOINED = /[a-zA-Zα-ω]\s*[+\-*^]|[+\-*^]\s*[a-zA-Zα-ω]|[a-zA-Zα-ω]\s*\(|\)\s*[(a-zA-Zα-ω]|\d\s*[abnxyzα-ω](?![a-zA-Z])/;

/** The variables of `span` when it is a formula in them, else null (a number, a unit, prose). */
export function formulaVariables(span: string): string[] | null {
  const text = span.trim();
  if (text === '' || text.length > 80 || TEXT_COMMAND.test(text)) return null;
  const bound = BIG_OPERATOR.test(text);
  // "x = 2a" and "y = 2x + 3" are the formula after their last "="; "x = 5" is no formula.
  const right = bound ? text : text.split('=').pop()!;
  const bare = right.replace(BIG_OPERATOR_ALL, ' ').replace(NON_VARIABLE_COMMAND, ' ').replace(GREEK, 'α').replace(PLAIN_FUNCTIONS, ' ');
  // Any other command, or a word of two letters or more: units, names, prose ("$\sum_k k$ and $42$"); not decided here.
  if (/\\[a-zA-Z]/.test(bare) || /[a-zA-Z]{2,}/.test(bare)) return null;
  if (bound) return ['a bound variable'];
  const letters = bare.match(/[a-zA-Zα-ω]/g);
  if (!letters || !JOINED.test(bare)) return null;
  return [...new Set(letters)];
}
