import type { ApiErrorBody } from './contract';
import { redactSecrets } from '../redact';

import { BadRequestError, NotFoundError } from '../util/errors';

export { BadRequestError, NotFoundError };

/** Maps any thrown error to the body and HTTP status both transports report. */
export function toErrorBody(error: unknown): { status: number; body: ApiErrorBody } {
  const { status, body } = errorBodyOf(error);
  return { status, body: { error: { ...body.error, message: redactSecrets(body.error.message) } } };
}

function errorBodyOf(error: unknown): { status: number; body: ApiErrorBody } {
  if (error instanceof BadRequestError) {
    return { status: 400, body: { error: { message: error.message, code: 'bad_request', issues: error.issues } } };
  }
  if (error instanceof NotFoundError) return { status: 404, body: { error: { message: error.message, code: 'not_found' } } };
  // Query syntax errors and unknown references are the caller's mistakes, not ours.
  if (error instanceof Error && (error.name === 'QueryError' || error.name === 'UnknownReferenceError')) {
    return { status: 400, body: { error: { message: error.message, code: 'bad_request' } } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { error: { message, code: 'internal' } } };
}
