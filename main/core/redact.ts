/**
 * Secrets never leave the process in text we store, log, export or send. An endpoint that echoes
 * its request in an error body ("Authorization: Bearer sk-…") would otherwise put the API key in
 * `predictions.error`, every export and API responses. Every configured secret value (the API-key
 * environment variables and any key handed to a backend) is replaced wherever it appears, and so
 * is anything shaped like a bearer credential or an OpenAI-style `sk-…` key.
 */

const REDACTED = '[redacted]';
/** Shorter values would redact ordinary words; no real key is this short. */
const MIN_SECRET_LENGTH = 8;
const SECRET_ENV_VARS = ['VLM_WORKBENCH_API_KEY', 'OPENAI_API_KEY'] as const;

const registered = new Set<string>();

/** Adds a secret (an API key in use) to those redacted from now on. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= MIN_SECRET_LENGTH && value !== 'EMPTY') registered.add(value);
}

function configuredSecrets(): string[] {
  const fromEnv = SECRET_ENV_VARS.map((name) => process.env[name]).filter((value): value is string => Boolean(value && value.length >= MIN_SECRET_LENGTH));
  // Longest first, so a secret that contains another is replaced whole.
  return [...new Set([...registered, ...fromEnv])].sort((a, b) => b.length - a.length);
}

const BEARER = /\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/=:-]{8,}/gi;
const SK_KEY = /\bsk-[A-Za-z0-9_-]{8,}/g;
const KEY_FIELD = /(\b(?:api[_-]?key|x-api-key|authorization)["']?\s*[:=]\s*["']?)(?!\[redacted\])[^\s"',;}]{8,}/gi;

/** `text` with every configured secret and credential-shaped string replaced. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of configuredSecrets()) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.replace(BEARER, `$1$2${REDACTED}`).replace(SK_KEY, `sk-${REDACTED}`).replace(KEY_FIELD, `$1${REDACTED}`);
}

/** The same for an optional value: null and undefined pass through. */
export function redactOptional<T extends string | null | undefined>(text: T): T {
  return (typeof text === 'string' ? redactSecrets(text) : text) as T;
}
