/**
 * An input problem that a user can fix: always names the file and, where it applies, the 1-based line
 * and column (header name and position) and the offending value.
 */
export class DataError extends Error {
  readonly file: string;
  readonly line?: number;
  /** 1-based row of a Parquet file (which has no lines). */
  readonly row?: number;
  readonly column?: { index: number; name?: string };
  readonly value?: string;
  /** The problem alone, without file, place or value: with the fields above it rebuilds the error (from a worker thread). */
  readonly problem: string;
  /** Another line the problem names ("differs from line N"). */
  readonly relatedLine?: number;

  constructor(
    file: string,
    message: string,
    where: { line?: number; row?: number; column?: { index: number; name?: string }; value?: string; relatedLine?: number } = {},
  ) {
    const location =
      where.row !== undefined
        ? `${file}: row ${where.row}${where.column ? `, column ${where.column.index}` : ""}`
        : [file, where.line, where.column?.index].filter((part) => part !== undefined).join(":");
    const details: string[] = [];
    if (where.column?.name !== undefined) details.push(`column '${where.column.name}'`);
    if (where.value !== undefined) details.push(`value ${JSON.stringify(truncate(where.value, 80))}`);
    super(`${location}: ${message}${details.length ? ` (${details.join(", ")})` : ""}`);
    this.name = "DataError";
    this.file = file;
    this.line = where.line;
    this.row = where.row;
    this.column = where.column;
    this.value = where.value;
    this.problem = message;
    this.relatedLine = where.relatedLine;
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
