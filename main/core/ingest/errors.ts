/**
 * The one error an import raises for bad input: it names the file, the row or line, and the
 * field, so a researcher can open the file at the right place. Any ImportError aborts the whole
 * import and leaves the workspace unchanged.
 */
export class ImportError extends Error {
  override name = 'ImportError';

  constructor(
    readonly file: string,
    readonly where: string | null,
    readonly field: string | null,
    readonly detail: string,
  ) {
    super(`${file}${where ? `, ${where}` : ''}${field ? `, field "${field}"` : ''}: ${detail}`);
  }
}

/** A file in no format this tool reads: refused when named, passed over with a warning in a folder. */
export class UnknownFormatError extends ImportError {
  override name = 'UnknownFormatError';
}

/** Where a problem is, for the error message: "line 12", "row 7", "record \"pid 5\"". */
export interface Location {
  file: string;
  where: string;
}

export const fail = (at: Location, field: string | null, detail: string): never => {
  throw new ImportError(at.file, at.where, field, detail);
};
