import { API_METHODS, apiInputs, type ApiMethod } from './contract';
import { BadRequestError } from './errors';
import type { Handlers } from './handlers';

const known = new Set<string>(API_METHODS);

export function isApiMethod(name: string): name is ApiMethod {
  return known.has(name);
}

/**
 * The boundary of the core: checks the method name and validates the input with the method's
 * zod schema before any handler sees it. Both transports (IPC and HTTP) call only this.
 */
export async function dispatch(handlers: Handlers, method: string, rawInput: unknown): Promise<unknown> {
  if (!isApiMethod(method)) throw new BadRequestError(`unknown API method "${method}"`);
  const parsed = apiInputs[method].safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(input)', message: issue.message }));
    throw new BadRequestError(
      `invalid input for ${method}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      issues,
    );
  }
  const handler = handlers[method] as (input: unknown) => unknown;
  return handler(parsed.data);
}
