/**
 * The two errors any layer may throw for a caller's mistake; the API maps them to 400 and 404
 * (api/errors.ts). They live down here so that the store and the features need not import the
 * API layer above them.
 */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

export class BadRequestError extends Error {
  override name = 'BadRequestError';
  constructor(
    message: string,
    readonly issues: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}
