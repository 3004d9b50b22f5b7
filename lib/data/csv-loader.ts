import fs from "node:fs";
import { DataError } from "./errors";
import type { DataSource, DictionaryColumn, FeatureFrame } from "./feature-frame";
import { parseDateTimeBytes, parseNumberBytes } from "./field-parsers";
import { COLUMN_NAMES, FEATURE_FRAME_COLUMNS, ORDER_COLUMN, TARGET_COLUMN, CREATED_AT_COLUMN, ORDER_DATE_COLUMN } from "./schema";

/*
 * A byte-level CSV reader written by hand, because arquero's loadCSV was six times slower and used
 * almost three times the memory of a byte parser on a 1M-row frame (bench/README.md, "Designs
 * tried"), and pandas' read_csv is the bar to beat. It follows RFC 4180: quoted
 * fields with "" escapes and embedded newlines, LF or CRLF, an optional UTF-8 BOM.
 */

const CHUNK_BYTES = 4 << 20;
const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

const enum Kind {
  Skip = 0,
  Number = 1,
  String = 2,
  DateTime = 3,
  Date = 4,
}

export interface LoadOptions {
  /** Columns that must be present; defaults to all 27 of the schema. */
  requiredColumns?: readonly string[];
  /** Called as bytes are consumed, for progress bars. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Stable identity of the file, computed by the caller (see frame-cache.ts). */
  fingerprint?: string;
  /**
   * Schema columns whose values are kept in the frame (default: all). The others are still parsed and
   * validated by the same rules, only not stored: `pushlab predict` keeps just what its model reads.
   */
  keepColumns?: readonly string[];
  /**
   * Read only the records in the byte range [start, end) of the file (the header is still read from
   * the file's start). `start` and `end` must be record boundaries: one slice of a parallel read. Line
   * numbers in errors then count from the slice start, so a slice's error is a signal to re-read the
   * whole file sequentially for the exact message, not a message to show.
   */
  range?: { start: number; end: number };
  /** Throw QuotedInputError when a `"` byte appears after the header (slices split at plain newlines). */
  refuseQuotes?: boolean;
  /**
   * Return columns as views of the loader's (over-allocated: rows are estimated at 200 bytes) buffers
   * instead of exact-size copies, for a frame that is used once and dropped (`pushlab predict`): the
   * copies took ≈ 0.19 s per worker on the full-size file. Such columns' `.buffer` is larger than the
   * column, so they must not be cached, transferred or viewed through their buffer.
   */
  columnViews?: boolean;
}

/** Thrown by a read with `refuseQuotes` when the data holds a `"` byte. */
export class QuotedInputError extends Error {
  constructor() {
    super("the data holds a quote character");
    this.name = "QuotedInputError";
  }
}

/** What a read returns besides the frame: what a parallel reader needs to merge slices and size its output. */
export interface FrameReadResult {
  frame: FeatureFrame;
  /** created_at (epoch seconds) per order_id, for the cross-slice check (empty without those columns). */
  orderCreatedAt: Map<number, number>;
  /** Bytes of the data records without their line terminators (blank lines excluded). */
  contentBytes: number;
  /** The read ended with one or more blank lines (allowed only at the end of the file). */
  trailingBlankLines: boolean;
}

class GrowableFloat64 {
  values: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.values = new Float64Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = value;
  }
  /** The values, exact-size (a copy unless full), or a view of the larger buffer when `view`. */
  finish(view = false): Float64Array {
    if (this.length === this.values.length) return this.values;
    return view ? this.values.subarray(0, this.length) : this.values.slice(0, this.length);
  }
}

const MAX_EXACT = 2 ** 53;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

class GrowableInt32 {
  values: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.values = new Int32Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.values.length) {
      const next = new Int32Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = value;
  }
  finish(view = false): Int32Array {
    if (this.length === this.values.length) return this.values;
    return view ? this.values.subarray(0, this.length) : this.values.slice(0, this.length);
  }
}

/** Dictionary-encodes one string column; consecutive equal values (the file is grouped by variant) skip decoding. */
class DictionaryBuilder {
  readonly codes: GrowableInt32;
  readonly dictionary: string[] = [];
  private readonly index = new Map<string, number>();
  private last = new Uint8Array(256);
  private lastLength = -1;
  private lastCode = -1;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });

  constructor(capacity: number) {
    this.codes = new GrowableInt32(capacity);
  }

  /** Returns null when the value was stored, otherwise why it is refused (see categoryProblem). */
  push(bytes: Uint8Array, start: number, end: number, unescapeQuotes: boolean): string | null {
    const length = end - start;
    if (length === this.lastLength && !unescapeQuotes) {
      let same = true;
      for (let k = 0; k < length; k++) {
        if (bytes[start + k] !== this.last[k]) {
          same = false;
          break;
        }
      }
      if (same) {
        this.codes.push(this.lastCode);
        return null;
      }
    }
    let text: string;
    try {
      text = this.decoder.decode(bytes.subarray(start, end));
    } catch {
      return "not valid UTF-8 text";
    }
    if (unescapeQuotes) text = text.replaceAll('""', '"');
    let code = this.index.get(text);
    if (code === undefined) {
      const problem = categoryProblem(text);
      if (problem) return problem;
      code = this.dictionary.length;
      this.dictionary.push(text);
      this.index.set(text, code);
    }
    if (!unescapeQuotes) {
      if (this.last.length < length) this.last = new Uint8Array(length * 2);
      this.last.set(bytes.subarray(start, end));
      this.lastLength = length;
      this.lastCode = code;
    }
    this.codes.push(code);
    return null;
  }

  /** Forgets codes past `rows` (a record the fast path gave up on half-way). */
  truncate(rows: number): void {
    this.codes.length = rows;
  }

  finish(view = false): DictionaryColumn {
    return { codes: this.codes.finish(view), dictionary: this.dictionary };
  }
}

/** Longest accepted category value (product_type, vendor), as for rows sent to POST /api/predict. */
export const MAX_CATEGORY_LENGTH = 200;

/**
 * Why a category value is refused, or null. Values starting with = + - @, a tab or a carriage return
 * are refused because spreadsheets run them as formulas when a file holding them (the input, or the
 * predictions `pushlab predict` copies it into) is opened: CSV injection. Real product types and
 * vendors are short lowercase names, so nothing legitimate is lost. Control characters other than
 * tab, CR and LF (NUL, ESC …) and values longer than MAX_CATEGORY_LENGTH are refused as well.
 */
export function categoryProblem(text: string): string | null {
  if (text.length > MAX_CATEGORY_LENGTH) return `category value longer than ${MAX_CATEGORY_LENGTH} characters`;
  const first = text.charCodeAt(0);
  if (first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13) {
    return "category value starts with = + - @, a tab or a carriage return, which a spreadsheet would run as a formula (CSV injection)";
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return "category value contains a control character";
  return null;
}

/** The header's names for an error message: control characters escaped, long names and lists cut short. */
function describeHeader(header: string[]): string {
  const shown = header.slice(0, 40).map((name) => {
    const cut = name.length > 60 ? `${name.slice(0, 60)}…` : name;
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u001f\u007f]/.test(cut) ? JSON.stringify(cut) : cut;
  });
  const text = shown.join(", ");
  return (text.length > 600 ? `${text.slice(0, 600)}…` : text) + (header.length > 40 ? ` … (${header.length} columns)` : "");
}

function splitHeader(text: string): string[] {
  const names: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      names.push(current);
      current = "";
    } else current += ch;
  }
  names.push(current);
  return names.map((name) => name.trim());
}

const S_SCAN = 0;
const S_FIELD = 1;
const S_START = 2;
const S_QUOTED = 3;
const S_ESCAPED = 4;
const S_NEWLINES = 5;
const S_COMPLETE = 6;
const S_OVERFLOW = 7;
const S_IN_QUOTES = 8;

/**
 * Finds the field boundaries of one record starting at `pos`. A small function of its own so V8
 * optimizes it as a whole: inlined in the big reader loop (compiled only through on-stack
 * replacement) the scan ran ≈ 3× slower (measured on a 35 MB file).
 */
function scanRecord(
  buf: Uint8Array,
  pos: number,
  lim: number,
  atEof: boolean,
  fieldCount: number,
  fieldStart: Int32Array,
  fieldEnd: Int32Array,
  fieldQuoted: Uint8Array,
  fieldEscaped: Uint8Array,
  out: Int32Array,
): Int32Array {
  let scan = pos;
  let field = 0;
  let start = scan;
  let quoted = 0;
  let escaped = 0;
  let newlines = 0;
  let complete = 0;
  let overflow = 0;
  let inQuotes = false;
  while (scan < lim) {
    const c = buf[scan];
    if (inQuotes) {
      if (c === QUOTE) {
        if (scan + 1 < lim && buf[scan + 1] === QUOTE) {
          escaped = 1;
          scan += 2;
          continue;
        }
        if (scan + 1 >= lim && !atEof) break; // cannot tell "" from " yet
        inQuotes = false;
      } else if (c === LF) newlines++;
      scan++;
      continue;
    }
    if (c === COMMA || c === LF) {
      if (field < fieldCount) {
        let end = scan;
        if (c === LF && end > start && buf[end - 1] === CR) end--;
        if (quoted) {
          fieldStart[field] = start + 1;
          fieldEnd[field] = end - 1;
        } else {
          fieldStart[field] = start;
          fieldEnd[field] = end;
        }
        fieldQuoted[field] = quoted;
        fieldEscaped[field] = escaped;
      } else overflow = 1;
      field++;
      scan++;
      start = scan;
      quoted = 0;
      escaped = 0;
      if (c === LF) {
        complete = 1;
        break;
      }
      continue;
    }
    if (c === QUOTE && scan === start) {
      inQuotes = true;
      quoted = 1;
    }
    scan++;
  }
  out[S_SCAN] = scan;
  out[S_FIELD] = field;
  out[S_START] = start;
  out[S_QUOTED] = quoted;
  out[S_ESCAPED] = escaped;
  out[S_NEWLINES] = newlines;
  out[S_COMPLETE] = complete;
  out[S_OVERFLOW] = overflow;
  out[S_IN_QUOTES] = inQuotes ? 1 : 0;
  return out;
}

/**
 * Reads a feature-frame CSV into columns, validating as it goes. Throws a DataError naming the file,
 * line and column on the first problem; nothing is returned or cached in that case.
 */
export function loadFeatureFrameCsv(path: string, source: DataSource, options: LoadOptions = {}): FeatureFrame {
  return readFeatureFrameCsv(path, source, options).frame;
}

/** loadFeatureFrameCsv with the extra facts of FrameReadResult (parallel slices, output sizing). */
export function readFeatureFrameCsv(path: string, source: DataSource, options: LoadOptions = {}): FrameReadResult {
  const required = options.requiredColumns ?? COLUMN_NAMES;
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
  } catch (error) {
    throw new DataError(path, `cannot open file: ${(error as Error).message}`);
  }
  try {
    return readFrame(fd, path, source, required, options);
  } finally {
    fs.closeSync(fd);
  }
}

function readFrame(
  fd: number,
  path: string,
  source: DataSource,
  required: readonly string[],
  options: LoadOptions,
): FrameReadResult {
  const totalBytes = source.size;
  if (totalBytes === 0) throw new DataError(path, "file is empty: expected a header row and data rows", { line: 1 });

  let buffer: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let filled = 0; // bytes of `buffer` holding data
  let bytesRead = 0;
  let eof = false;
  let filePosition = 0;
  let readEnd = Infinity; // the range end once the header is read
  let checkQuotes = false; // refuseQuotes, armed once the header is read
  // A range read reports progress in bytes of its range, from its start (not the header read before it).
  let reportProgress = !options.range;

  const refill = (keepFrom: number): number => {
    // Move the unconsumed tail to the front, grow when one record is larger than the buffer.
    const keep = filled - keepFrom;
    if (keep > 0 && keepFrom > 0) buffer.copyWithin(0, keepFrom, filled);
    if (keep === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger);
      buffer = bigger;
    }
    filled = keep;
    const want = Math.min(buffer.length - filled, readEnd - filePosition);
    const n = want > 0 ? fs.readSync(fd, buffer, filled, want, filePosition) : 0;
    if (n === 0) eof = true;
    if (checkQuotes && n > 0 && buffer.subarray(filled, filled + n).indexOf(QUOTE) !== -1) throw new QuotedInputError();
    filePosition += n;
    filled += n;
    bytesRead += n;
    if (reportProgress) options.onProgress?.(bytesRead, totalBytes);
    return keepFrom;
  };

  refill(0);
  let pos = 0;
  if (filled >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) pos = 3;

  // Header: find its end (the header has no embedded newlines in any real file; quotes still allowed).
  // Only the filled part: past it the (allocUnsafe) buffer holds stale bytes.
  const findHeaderEnd = () => buffer.subarray(0, filled).indexOf(LF, pos);
  let headerEnd = findHeaderEnd();
  while (headerEnd < 0 && !eof) {
    refill(0);
    headerEnd = findHeaderEnd();
  }
  if (headerEnd < 0) headerEnd = filled;
  let headerText: string;
  try {
    headerText = new TextDecoder("utf-8", { fatal: true }).decode(
      buffer.subarray(pos, headerEnd > pos && buffer[headerEnd - 1] === CR ? headerEnd - 1 : headerEnd),
    );
  } catch {
    throw new DataError(path, "header is not valid UTF-8 text (is this a CSV file?)", { line: 1 });
  }
  const header = splitHeader(headerText);
  if (header.length === 1 && header[0] === "") throw new DataError(path, "header row is empty", { line: 1 });

  const seen = new Map<string, number>();
  header.forEach((name, index) => {
    if (seen.has(name)) {
      throw new DataError(path, `duplicate column name (first seen at column ${seen.get(name)! + 1})`, {
        line: 1,
        column: { index: index + 1, name: describeHeader([name]) },
      });
    }
    seen.set(name, index);
  });
  for (const name of required) {
    if (!seen.has(name)) {
      throw new DataError(path, `missing required column '${name}'; the header has: ${describeHeader(header)}`, { line: 1 });
    }
  }

  const range = options.range;
  const estimatedRows = Math.ceil((range ? range.end - range.start : totalBytes) / 200);
  const keep = options.keepColumns ? new Set(options.keepColumns) : null;
  const fieldCount = header.length;
  const kinds = new Uint8Array(fieldCount);
  const numberBuilders: (GrowableFloat64 | null)[] = new Array(fieldCount).fill(null);
  const stringBuilders: (DictionaryBuilder | null)[] = new Array(fieldCount).fill(null);
  const extraColumns: string[] = [];
  header.forEach((name, index) => {
    const spec = FEATURE_FRAME_COLUMNS.find((c) => c.name === name);
    if (!spec) {
      extraColumns.push(name);
      kinds[index] = Kind.Skip;
    } else if (spec.kind === "string") {
      kinds[index] = Kind.String;
      stringBuilders[index] = new DictionaryBuilder(estimatedRows);
    } else {
      kinds[index] = spec.kind === "number" ? Kind.Number : spec.kind === "datetime" ? Kind.DateTime : Kind.Date;
      if (!keep || keep.has(name)) numberBuilders[index] = new GrowableFloat64(estimatedRows);
    }
  });
  const targetIndex = header.indexOf(TARGET_COLUMN);
  const orderIndex = header.indexOf(ORDER_COLUMN);
  const createdIndex = header.indexOf(CREATED_AT_COLUMN);
  const orderDateIndex = header.indexOf(ORDER_DATE_COLUMN);
  const orderCreatedAt = new Map<number, number>();
  const orderFirstLine = new Map<number, number>();

  const fieldStart = new Int32Array(fieldCount + 1);
  const fieldEnd = new Int32Array(fieldCount + 1);
  const fieldQuoted = new Uint8Array(fieldCount + 1);
  const fieldEscaped = new Uint8Array(fieldCount + 1);
  // This record's parsed value per field (kept or not: the order checks read them).
  const current = new Float64Array(fieldCount);
  // The previous record's field bytes (offsets into `buffer`, valid until the next refill) and values.
  // The file is grouped by variant, so most per-variant and per-product-type numbers repeat on
  // consecutive rows; their 16–17-digit mantissas exceed 2^53 and take parseNumberBytes' slow
  // `Number(string)` fallback (≈ 300 ns each). Comparing the bytes with the previous row's instead,
  // with the cheaper fallback in field-parsers.ts, took a 1M-row (280 MB) parse from 7.0 s to 4.8 s.
  const prevStart = new Int32Array(fieldCount);
  const prevEnd = new Int32Array(fieldCount);
  let havePrev = false;
  const fields = new RecordFields(kinds, fieldStart, fieldEnd, fieldEscaped, prevStart, prevEnd, current, numberBuilders, stringBuilders, targetIndex);

  const scanState = new Int32Array(9);
  let line = 2; // 1-based line number where the current record starts
  let rows = 0;
  let blankLine = 0;
  let contentBytes = 0;
  if (range) {
    // Drop what was read past the header and read the slice instead.
    readEnd = range.end;
    filePosition = Math.max(range.start, headerEnd + 1);
    filled = 0;
    bytesRead = 0;
    reportProgress = true;
    eof = false;
    checkQuotes = options.refuseQuotes === true;
    refill(0);
    pos = 0;
  } else {
    pos = headerEnd + 1;
    if (options.refuseQuotes) {
      if (buffer.subarray(pos, filled).indexOf(QUOTE) !== -1) throw new QuotedInputError();
      checkQuotes = true;
    }
  }

  const fail = (message: string, field: number, recordLine: number): never => {
    const value = new TextDecoder("utf-8").decode(buffer.subarray(fieldStart[field], fieldEnd[field]));
    throw new DataError(path, message, { line: recordLine, column: { index: field + 1, name: header[field] }, value });
  };
  // One date per order, and order_date the day of created_at.
  const checkOrder = (recordLine: number) => {
    const orderId = current[orderIndex];
    const createdAt = current[createdIndex];
    const previous = orderCreatedAt.get(orderId);
    if (previous === undefined) {
      orderCreatedAt.set(orderId, createdAt);
      orderFirstLine.set(orderId, recordLine);
    } else if (previous !== createdAt) {
      fail(`order ${orderId} has two dates: this row differs from line ${orderFirstLine.get(orderId)}`, createdIndex, recordLine);
    }
    if (orderDateIndex >= 0) {
      const day = current[orderDateIndex];
      if (day !== Math.floor(createdAt / 86400)) {
        fail(`order_date is not the day of created_at for order ${orderId}`, orderDateIndex, recordLine);
      }
    }
  };

  for (;;) {
    // Scan one record starting at pos; on running out of buffer, refill and rescan it. The buffer,
    // its fill level and the end-of-file flag are copied into locals: `refill` (a closure) writes the
    // outer variables, and reading those from the hot loop made parsing ~5× slower (measured).
    const buf = buffer;
    const lim = filled;
    const atEof = eof;
    const next = blankLine === 0 ? fastRecord(buf, pos, lim, fields, havePrev) : -1; // after a blank line: the general path's error
    if (next >= 0) {
      havePrev = true;
      const recordLine = line++;
      if (orderIndex >= 0 && createdIndex >= 0) checkOrder(recordLine);
      contentBytes += next - 1 - pos; // no CR on this path
      rows++;
      pos = next;
      continue;
    }
    // The general path for this record: undo what the fast path stored of it.
    for (let f = 0; f < fieldCount; f++) {
      if (numberBuilders[f] !== null) numberBuilders[f]!.length = rows;
      stringBuilders[f]?.truncate(rows);
    }
    const state = scanRecord(buf, pos, lim, atEof, fieldCount, fieldStart, fieldEnd, fieldQuoted, fieldEscaped, scanState);
    let scan = state[S_SCAN];
    let field = state[S_FIELD];
    const start = state[S_START];
    const quoted = state[S_QUOTED];
    const escaped = state[S_ESCAPED];
    const newlinesInRecord = state[S_NEWLINES];
    const complete = state[S_COMPLETE] === 1;
    let overflow = state[S_OVERFLOW] === 1;
    const inQuotes = state[S_IN_QUOTES] === 1;

    if (!complete) {
      if (!atEof) {
        refill(pos);
        pos = 0;
        havePrev = false; // the buffer moved
        continue;
      }
      // End of file: the last record may lack a final newline.
      if (pos >= lim) break;
      if (inQuotes) {
        fieldStart[Math.min(field, fieldCount - 1)] = start;
        fieldEnd[Math.min(field, fieldCount - 1)] = lim;
        fail("unterminated quoted field at end of file", Math.min(field, fieldCount - 1), line);
      }
      let end = lim;
      if (end > start && buf[end - 1] === CR) end--;
      if (field < fieldCount) {
        fieldStart[field] = quoted ? start + 1 : start;
        fieldEnd[field] = quoted ? end - 1 : end;
        fieldQuoted[field] = quoted;
        fieldEscaped[field] = escaped;
      } else overflow = true;
      field++;
      scan = lim;
    }

    const recordLine = line;
    line += 1 + newlinesInRecord;

    // A blank line is allowed only at the end of the file.
    if (field === 1 && fieldEnd[0] === fieldStart[0] && !fieldQuoted[0]) {
      if (blankLine === 0) blankLine = recordLine;
      pos = scan;
      if (!complete) break;
      continue;
    }
    if (blankLine !== 0) {
      throw new DataError(path, `empty line; expected ${fieldCount} fields`, { line: blankLine });
    }
    if (field !== fieldCount || overflow) {
      throw new DataError(path, `wrong number of fields: expected ${fieldCount} (as in the header), found ${field}`, {
        line: recordLine,
      });
    }

    const outcome = parseFields(buf, fields, havePrev);
    if (outcome !== 0) {
      const f = outcome >> 8;
      fail(fieldProblem(outcome & 255, kinds[f], fields.categoryProblem), f, recordLine);
    }
    havePrev = true;

    if (orderIndex >= 0 && createdIndex >= 0) checkOrder(recordLine);
    // The record's bytes without its terminator (LF or CRLF).
    let contentEnd = complete ? scan - 1 : scan;
    if (contentEnd > pos && buf[contentEnd - 1] === CR) contentEnd--;
    contentBytes += contentEnd - pos;
    rows++;
    pos = scan;
    if (!complete) break;
  }

  if (rows === 0) throw new DataError(path, "no data rows after the header", { line: 2 });

  const numbers: Record<string, Float64Array> = {};
  const categories: Record<string, DictionaryColumn> = {};
  header.forEach((name, index) => {
    if (numberBuilders[index]) numbers[name] = numberBuilders[index]!.finish(options.columnViews === true);
    if (stringBuilders[index] && (!keep || keep.has(name))) categories[name] = stringBuilders[index]!.finish(options.columnViews === true);
  });
  return { frame: { source, rowCount: rows, numbers, categories, extraColumns }, orderCreatedAt, contentBytes, trailingBlankLines: blankLine !== 0 };
}

/** Everything parseFields reads and writes, in one object of one shape so the function stays monomorphic. */
class RecordFields {
  categoryProblem = "";
  constructor(
    readonly kinds: Uint8Array,
    readonly start: Int32Array,
    readonly end: Int32Array,
    readonly escaped: Uint8Array,
    readonly prevStart: Int32Array,
    readonly prevEnd: Int32Array,
    readonly current: Float64Array,
    readonly numbers: (GrowableFloat64 | null)[],
    readonly strings: (DictionaryBuilder | null)[],
    readonly targetIndex: number,
  ) {}
}

const P_EMPTY_NUMBER = 1;
const P_NOT_FINITE = 2;
const P_OUTCOME = 3;
const P_EMPTY_CATEGORY = 4;
const P_CATEGORY = 5;
const P_NOT_DATE = 6;
const P_NOT_MIDNIGHT = 7;

function fieldProblem(code: number, kind: number, categoryProblem: string): string {
  switch (code) {
    case P_EMPTY_NUMBER:
      return "empty value; expected a number";
    case P_NOT_FINITE:
      return "not a finite number";
    case P_OUTCOME:
      return "outcome must be 0 or 1";
    case P_EMPTY_CATEGORY:
      return "empty value; expected a category name";
    case P_CATEGORY:
      return categoryProblem;
    case P_NOT_DATE:
      return kind === Kind.Date ? "not a date (expected YYYY-MM-DD 00:00:00)" : "not a date-time (expected YYYY-MM-DD HH:MM:SS)";
    default:
      return "order_date must be midnight (YYYY-MM-DD 00:00:00)";
  }
}

/**
 * The fast path for one record: scans and parses in one pass, field by field, for the common shape —
 * no quote, no CR, the header's field count, LF at the end, plain decimals — and returns the position
 * after the record's LF, or -1 for anything else (incomplete in the buffer, invalid, unusual), after
 * which the caller truncates the builders and runs the general path (scanRecord + parseFields) on the
 * same record, which handles it or reports the exact error. Values are parseNumberBytes' exactly: the
 * same mantissa / power-of-ten division, and parseNumberBytes itself past 2^53. The separate scan and
 * parse passes took ≈ 13 ns per byte (1M-row file: 280 MB, 3.6 s of scanRecord + parseFields in the
 * profile); with this path the whole 1M-row parse took 2.5–3.9 s instead of 4.6–5.2 s (a shared,
 * loaded 2-core machine: noisy).
 */
function fastRecord(buf: Uint8Array, pos: number, lim: number, r: RecordFields, havePrev: boolean): number {
  const { kinds, start, end, prevStart, prevEnd, current, numbers } = r;
  const fieldCount = kinds.length;
  let i = pos;
  for (let f = 0; f < fieldCount; f++) {
    const kind = kinds[f];
    const s = i;
    const terminator = f === fieldCount - 1 ? LF : COMMA;
    if (kind === Kind.Number) {
      let c = i < lim ? buf[i] : -1;
      const negative = c === 45;
      if (negative) i++;
      let mantissa = 0;
      let digits = 0;
      let fractionDigits = 0;
      let sawPoint = false;
      for (; i < lim; i++) {
        c = buf[i];
        if (c >= 48 && c <= 57) {
          mantissa = mantissa * 10 + (c - 48);
          digits++;
          if (sawPoint) fractionDigits++;
        } else if (c === 46 && !sawPoint) sawPoint = true;
        else break;
      }
      if (i >= lim || c !== terminator || digits === 0) return -1;
      const e = i;
      start[f] = s;
      end[f] = e;
      let value: number;
      if (mantissa < MAX_EXACT && fractionDigits <= 22) {
        value = fractionDigits > 0 ? mantissa / POW10[fractionDigits] : mantissa * 1;
        if (negative) value = -value;
      } else if (havePrev && prevEnd[f] - prevStart[f] === e - s && sameBytes(buf, s, prevStart[f], e - s)) {
        value = current[f];
      } else {
        value = parseNumberBytes(buf, s, e);
        if (value !== value) return -1;
      }
      if (f === r.targetIndex && value !== 0 && value !== 1) return -1;
      current[f] = value;
      prevStart[f] = s;
      prevEnd[f] = e;
      const builder = numbers[f];
      if (builder !== null) builder.push(value);
    } else {
      for (; i < lim; i++) {
        const c = buf[i];
        if (c === COMMA || c === LF || c === QUOTE || c === CR) break;
      }
      if (i >= lim || buf[i] !== terminator) return -1;
      const e = i;
      start[f] = s;
      end[f] = e;
      if (kind === Kind.String) {
        if (s === e || r.strings[f]!.push(buf, s, e, false) !== null) return -1;
      } else if (kind !== Kind.Skip) {
        const seconds = parseDateTimeBytes(buf, s, e);
        if (seconds === -Infinity || (kind === Kind.Date && seconds % 86400 !== 0)) return -1;
        const value = kind === Kind.Date ? seconds / 86400 : seconds;
        current[f] = value;
        const builder = numbers[f];
        if (builder !== null) builder.push(value);
      }
    }
    i++; // past the comma or the LF
  }
  return i;
}

/**
 * Parses and validates the fields of one scanned record into the column builders. Returns 0, or the
 * problem as `code | field << 8`. A function of its own (not a loop inside readFrame, which V8 only
 * compiles through on-stack replacement), like scanRecord.
 */
function parseFields(buf: Uint8Array, r: RecordFields, havePrev: boolean): number {
  const { kinds, start, end, prevStart, prevEnd, current, numbers } = r;
  const fieldCount = kinds.length;
  for (let f = 0; f < fieldCount; f++) {
    const kind = kinds[f];
    if (kind === Kind.Skip) continue;
    const s = start[f];
    const e = end[f];
    if (kind === Kind.Number) {
      let value: number;
      if (havePrev && prevEnd[f] - prevStart[f] === e - s && sameBytes(buf, s, prevStart[f], e - s)) {
        value = current[f]; // validated when it was first parsed
      } else {
        value = parseNumberBytes(buf, s, e);
        if (value !== value) return (s === e ? P_EMPTY_NUMBER : P_NOT_FINITE) | (f << 8);
        if (f === r.targetIndex && value !== 0 && value !== 1) return P_OUTCOME | (f << 8);
        current[f] = value;
      }
      prevStart[f] = s;
      prevEnd[f] = e;
      const builder = numbers[f];
      if (builder !== null) builder.push(value);
    } else if (kind === Kind.String) {
      if (s === e) return P_EMPTY_CATEGORY | (f << 8);
      const problem = r.strings[f]!.push(buf, s, e, r.escaped[f] === 1);
      if (problem !== null) {
        r.categoryProblem = problem;
        return P_CATEGORY | (f << 8);
      }
    } else {
      const seconds = parseDateTimeBytes(buf, s, e);
      if (seconds === -Infinity) return P_NOT_DATE | (f << 8);
      if (kind === Kind.Date && seconds % 86400 !== 0) return P_NOT_MIDNIGHT | (f << 8);
      const value = kind === Kind.Date ? seconds / 86400 : seconds;
      current[f] = value;
      const builder = numbers[f];
      if (builder !== null) builder.push(value);
    }
  }
  return 0;
}

function sameBytes(buf: Uint8Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (buf[a + k] !== buf[b + k]) return false;
  return true;
}
