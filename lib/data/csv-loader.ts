import fs from "node:fs";
import { ChunkReader, countRecordLines } from "./csv/chunk-reader";
import { DictionaryBuilder, GrowableFloat64, GrowableInt32, NarrowNumberBuilder, RecordCapture, type NumberBuilder } from "./csv/column-builders";
import { fastRecord, fieldProblem, Kind, parseFields, RecordFields } from "./csv/fast-record";
import { parseHeader } from "./csv/header";
import { QuotedInputError } from "./csv/quoted-input";
import {
  S_BAD_QUOTE, S_COMPLETE, S_ESCAPED, S_FIELD, S_IN_QUOTES, S_NEWLINES, S_OVERFLOW, S_QUOTED, S_SCAN, S_START, scanRecord,
} from "./csv/record-scanner";
import { DataError } from "./errors";
import { contentHasher, descriptorIdentity } from "./fingerprint";
import type { DataSource, DictionaryColumn, FeatureFrame, NumericColumn } from "./feature-frame";
import type { ColumnRange } from "./narrow-columns";
import { COLUMN_NAMES, FEATURE_FRAME_COLUMNS, ORDER_COLUMN, TARGET_COLUMN, CREATED_AT_COLUMN, ORDER_DATE_COLUMN } from "./schema";

/*
 * A byte-level CSV reader written by hand, because arquero's loadCSV was six times slower and used
 * almost three times the memory of a byte parser on a 1M-row frame (bench/README.md, "Designs
 * tried"), and pandas' read_csv is the bar to beat. It follows RFC 4180: quoted
 * fields with "" escapes and embedded newlines, LF or CRLF, an optional UTF-8 BOM.
 *
 * This module is the record loop; its parts live in csv/: the buffer refill (chunk-reader.ts), the
 * header (header.ts), the column builders (column-builders.ts), the general record scanner
 * (record-scanner.ts) and the fast path with the field parser (fast-record.ts).
 */

const LF = 10;
const CR = 13;
const QUOTE = 34;

export interface LoadOptions {
  /** Columns that must be present; defaults to all 27 of the schema. */
  requiredColumns?: readonly string[];
  /** Called as bytes are consumed, for progress bars. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /**
   * Schema columns whose values are kept in the frame (default: all). The others are still parsed and
   * validated by the same rules, only not stored: `pushlab predict` keeps just what its model reads.
   */
  keepColumns?: readonly string[];
  /**
   * Read only the records in the byte range [start, end) of the file (the header is still read from
   * the file's start). `start` should be a record boundary; an `end` before the file's end that is
   * not one throws RangeCutError. Line numbers in errors then count from the slice start (unless
   * `resume`), so a slice's error is placed in the file by its caller (csv/parallel-read.ts) or is a
   * signal to re-read the whole file sequentially for the exact message (predict).
   */
  range?: { start: number; end: number };
  /** Throw QuotedInputError when a `"` byte appears after the header (slices split at plain newlines). */
  refuseQuotes?: boolean;
  /**
   * Return columns as views of the loader's (over-allocated: rows are estimated at 200 bytes) buffers
   * instead of exact-size copies, for a frame that is used once and dropped (`pushlab predict`): the
   * copies cost each worker time for nothing there (bench/README.md, "Designs tried"). Such columns' `.buffer` is larger than the
   * column, so they must not be cached, transferred or viewed through their buffer.
   */
  columnViews?: boolean;
  /**
   * Build each numeric column in its narrowest exact type while parsing (NarrowNumberBuilder: the
   * same arrays narrowColumn gives the float64 columns), every column allocated for the file's line
   * count (countRecordLines, one extra pass), so the read never holds estimate-sized float64 buffers
   * and their exact-size copies. For a frame that is kept (frame-loader.ts, and each half of its
   * two-worker read, csv/parallel-read.ts); ignored with `stream` or `columnViews`, whose callers read
   * float64 views. With `range`, the lines counted are the range's.
   */
  narrow?: boolean;
  /** Rows the narrow builders are allocated for instead of the lines counted in what is read (the first half of a two-worker read: the whole file's). */
  rowCapacity?: number;
  /**
   * With `narrow`: return the numeric columns and category codes at their allocated length (≥ the
   * row count; the rest unset) instead of cut to the row count, with FrameReadResult.columnRows the
   * count: the first half of a two-worker read, whose columns the merge fills in place with the
   * second half's rows rather than copying both into new arrays.
   */
  allocatedColumns?: boolean;
  /**
   * The reader's state at `range.start` as a whole-file read leaves it there (line number, rows before,
   * orders seen, a pending blank line): the range is then read exactly as the rest of a whole-file
   * read, errors and line numbers included (csv/parallel-read.ts re-reads a second half this way).
   * The maps are updated in place, so a caller holding them sees the orders read before an error.
   */
  resume?: ReadState;
  /** One part of a larger read: no data rows is not an error here (the whole read decides). */
  partial?: boolean;
  /**
   * Streaming: hand the rows over in chunks of `chunkRows` records (the last one smaller) instead of
   * keeping them, so memory is bounded by the chunk, not the file (`pushlab predict`). Each chunk is
   * given to `onChunk` as soon as its last record is parsed and validated: a problem in a later record
   * is still thrown, after earlier chunks were handed over, so a caller writing chunks out must write
   * them somewhere it can discard (predict's temp file). The returned frame then holds no columns.
   */
  stream?: StreamOptions;
  /** Bytes read from the file at a time (default 4 MiB); small values exercise a refill inside a record in tests. */
  readBytes?: number;
}

export interface StreamOptions {
  chunkRows: number;
  /** Called once, before any chunk, with the header line's bytes (no BOM, no line terminator). */
  onHeader?: (header: Buffer) => void;
  /**
   * The chunk's rows. Its columns are views of the loader's buffers, valid only during the call (the
   * next chunk reuses them); category dictionaries are the whole read's so far (codes stay valid).
   */
  onChunk: (chunk: FrameChunk) => void;
}

export interface FrameChunk {
  frame: FeatureFrame;
  /** Index of the chunk's first row in the read. */
  firstRow: number;
  /** The chunk's records as read, without line terminators, back to back; recordEnds[k] is where record k ends. */
  records: Buffer;
  recordEnds: Uint32Array;
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
  /** The state after the last record read (a range read's lines count from its start unless resumed). */
  end: ReadState;
  /** Each narrow numeric column's range (null for no values): what a merge of two halves types its column by. */
  numberRanges: Record<string, ColumnRange | null>;
}

/** The record loop's state between records: what a read of the rest of the file continues from. */
export interface ReadState {
  /** 1-based line where the next record starts. */
  line: number;
  /** Data rows before this point (for "no data rows"). */
  rows: number;
  /** The first line of the blank lines just read (an error if a record follows), 0 for none. */
  blankLine: number;
  /** created_at (epoch seconds) and first line of every order_id seen (empty without those columns). */
  orderCreatedAt: Map<number, number>;
  orderFirstLine: Map<number, number>;
}

/**
 * Thrown by a range read that ends before the end of the file inside a record (in a quoted field
 * holding a newline): the range's end was not a record boundary, so the cut must be made elsewhere.
 */
export class RangeCutError extends Error {
  constructor(readonly range: { start: number; end: number }) {
    super(`byte ${range.end} is inside a record, not a record boundary`);
    this.name = "RangeCutError";
  }
}


/**
 * Reads a feature-frame CSV into columns, validating as it goes. Throws a DataError naming the file,
 * line and column on the first problem; nothing is returned or cached in that case.
 */
export function loadFeatureFrameCsv(path: string, source: DataSource, options: LoadOptions = {}): FeatureFrame {
  return readFeatureFrameCsv(path, source, options).frame;
}

/** Opens a feature-frame file for reading; a file that cannot be opened is a DataError naming it. */
export function openFeatureFrameFile(path: string): number {
  try {
    return fs.openSync(path, "r");
  } catch (error) {
    throw new DataError(path, `cannot open file: ${(error as Error).message}`);
  }
}

/** loadFeatureFrameCsv with the extra facts of FrameReadResult (parallel slices, output sizing). */
export function readFeatureFrameCsv(path: string, source: DataSource, options: LoadOptions = {}): FrameReadResult {
  const required = options.requiredColumns ?? COLUMN_NAMES;
  const fd = openFeatureFrameFile(path);
  try {
    return readFrame(fd, path, source, required, options);
  } finally {
    fs.closeSync(fd);
  }
}

/** readFeatureFrameCsv on a descriptor the caller opened (and closes): what is read is that file, whatever `path` points at by now. */
export function readFeatureFrameFd(fd: number, path: string, source: DataSource, options: LoadOptions = {}): FrameReadResult {
  return readFrame(fd, path, source, options.requiredColumns ?? COLUMN_NAMES, options);
}

function readFrame(
  fd: number,
  path: string,
  source: DataSource,
  required: readonly string[],
  options: LoadOptions,
): FrameReadResult {
  // What is read is the open descriptor's file, whatever the path points at by now: its identity and
  // the hash of every byte read become the frame's source (a range read hashes nothing).
  const identity = descriptorIdentity(fd);
  const totalBytes = Number(fs.fstatSync(fd).size);
  const hasher = options.range ? null : contentHasher();
  if (totalBytes === 0) throw new DataError(path, "file is empty: expected a header row and data rows", { line: 1 });

  const reader = new ChunkReader(fd, { hasher, onProgress: options.onProgress, totalBytes }, !options.range, options.readBytes);
  // A range read only needs the header from the file's start: read it in small steps (a whole
  // buffer would be re-read for every range of a parallel predict).
  const headerRead = options.range ? 64 << 10 : Infinity;
  reader.refill(0, headerRead);
  let pos = 0;
  if (reader.filled >= 3 && reader.buffer[0] === 0xef && reader.buffer[1] === 0xbb && reader.buffer[2] === 0xbf) pos = 3;

  // Header: find its end (the header has no embedded newlines in any real file; quotes still allowed).
  // Only the filled part: past it the (allocUnsafe) buffer holds stale bytes.
  const findHeaderEnd = () => reader.buffer.subarray(0, reader.filled).indexOf(LF, pos);
  let headerEnd = findHeaderEnd();
  while (headerEnd < 0 && !reader.eof) {
    reader.refill(0, headerRead);
    headerEnd = findHeaderEnd();
  }
  if (headerEnd < 0) headerEnd = reader.filled;
  const headerStart = pos;
  const headerContentEnd = headerEnd > pos && reader.buffer[headerEnd - 1] === CR ? headerEnd - 1 : headerEnd;
  const header = parseHeader(reader.buffer.subarray(headerStart, headerContentEnd), path, required);
  options.stream?.onHeader?.(Buffer.from(reader.buffer.subarray(headerStart, headerContentEnd)));

  const range = options.range;
  const stream = options.stream ?? null;
  if (stream && !(Number.isSafeInteger(stream.chunkRows) && stream.chunkRows >= 1)) throw new RangeError(`chunkRows must be a positive integer, got ${stream.chunkRows}`);
  const estimatedRows = Math.min(Math.ceil((range ? range.end - range.start : totalBytes) / 200), stream ? stream.chunkRows : Infinity);
  const keep = options.keepColumns ? new Set(options.keepColumns) : null;
  const fieldCount = header.length;
  const kinds = new Uint8Array(fieldCount);
  const narrow = options.narrow === true && !stream && options.columnViews !== true;
  const capacity = narrow
    ? (options.rowCapacity ?? (range ? countRecordLines(fd, Math.max(range.start, headerEnd + 1), range.end) : countRecordLines(fd, headerEnd + 1, totalBytes)))
    : estimatedRows;
  const allocated = narrow && options.allocatedColumns === true;
  const numberBuilders: (NumberBuilder | null)[] = new Array(fieldCount).fill(null);
  const stringBuilders: (DictionaryBuilder | null)[] = new Array(fieldCount).fill(null);
  const extraColumns: string[] = [];
  header.forEach((name, index) => {
    const spec = FEATURE_FRAME_COLUMNS.find((c) => c.name === name);
    if (!spec) {
      extraColumns.push(name);
      kinds[index] = Kind.Skip;
    } else if (spec.kind === "string") {
      kinds[index] = Kind.String;
      stringBuilders[index] = new DictionaryBuilder(capacity);
    } else {
      kinds[index] = spec.kind === "number" ? Kind.Number : spec.kind === "datetime" ? Kind.DateTime : Kind.Date;
      if (!keep || keep.has(name)) numberBuilders[index] = narrow ? new NarrowNumberBuilder(capacity) : new GrowableFloat64(estimatedRows);
    }
  });
  const targetIndex = header.indexOf(TARGET_COLUMN);
  const orderIndex = header.indexOf(ORDER_COLUMN);
  const createdIndex = header.indexOf(CREATED_AT_COLUMN);
  const orderDateIndex = header.indexOf(ORDER_DATE_COLUMN);
  const resume = options.resume;
  const orderCreatedAt = resume?.orderCreatedAt ?? new Map<number, number>();
  const orderFirstLine = resume?.orderFirstLine ?? new Map<number, number>();

  const fieldStart = new Int32Array(fieldCount + 1);
  const fieldEnd = new Int32Array(fieldCount + 1);
  const fieldQuoted = new Uint8Array(fieldCount + 1);
  const fieldEscaped = new Uint8Array(fieldCount + 1);
  // This record's parsed value per field (kept or not: the order checks read them).
  const current = new Float64Array(fieldCount);
  // The previous record's field bytes (offsets into `buffer`, valid until the next refill) and values.
  // The file is grouped by variant, so most per-variant and per-product-type numbers repeat on
  // consecutive rows; their 16–17-digit mantissas exceed 2^53 and take parseNumberBytes' slow
  // `Number(string)` fallback. Comparing the bytes with the previous row's instead, with the cheaper
  // fallback in field-parsers.ts, cut the parse by about a third (bench/README.md, "Designs tried").
  const prevStart = new Int32Array(fieldCount);
  const prevEnd = new Int32Array(fieldCount);
  let havePrev = false;
  const fields = new RecordFields(kinds, fieldStart, fieldEnd, fieldEscaped, prevStart, prevEnd, current, numberBuilders, stringBuilders, targetIndex);

  const scanState = new Int32Array(10);
  let line = resume?.line ?? 2; // 1-based line number where the current record starts
  let rows = 0;
  // Streaming: the first row of the chunk being filled, and the records' bytes kept for the chunk.
  let chunkBase = 0;
  const capture = stream ? new RecordCapture(Math.min(estimatedRows * 320, 64 << 20)) : null;
  // A module function of its own, with arguments: a closure here would capture `rows` and make it a
  // context variable in the hot loop (see ChunkReader on what that costs).
  const chunkColumns: ChunkColumns | null = stream ? { stream, capture: capture!, header, numberBuilders, stringBuilders, keep, source, extraColumns } : null;
  let blankLine = resume?.blankLine ?? 0;
  let contentBytes = 0;
  if (range) {
    // Drop what was read past the header and read the slice instead.
    reader.seekRange(Math.max(range.start, headerEnd + 1), range.end, options.refuseQuotes === true);
    pos = 0;
  } else {
    pos = headerEnd + 1;
    if (options.refuseQuotes) {
      if (reader.buffer.subarray(pos, reader.filled).indexOf(QUOTE) !== -1) throw new QuotedInputError();
      reader.checkQuotes = true;
    }
  }

  const fail = (message: string, field: number, recordLine: number, relatedLine?: number): never => {
    const value = new TextDecoder("utf-8").decode(reader.buffer.subarray(fieldStart[field], fieldEnd[field]));
    throw new DataError(path, message, { line: recordLine, column: { index: field + 1, name: header[field] }, value, relatedLine });
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
      const firstLine = orderFirstLine.get(orderId)!;
      fail(`order ${orderId} has two dates: this row differs from line ${firstLine}`, createdIndex, recordLine, firstLine);
    }
    if (orderDateIndex >= 0) {
      const day = current[orderDateIndex];
      if (day !== Math.floor(createdAt / 86400)) {
        fail(`order_date is not the day of created_at for order ${orderId}`, orderDateIndex, recordLine);
      }
    }
  };

  for (;;) {
    if (chunkColumns !== null && rows - chunkBase === chunkColumns.stream.chunkRows) {
      emitChunk(chunkColumns, rows - chunkBase, chunkBase);
      chunkBase = rows;
    }
    // Scan one record starting at pos; on running out of buffer, refill and rescan it. The buffer,
    // its fill level and the end-of-file flag are copied into locals (see ChunkReader).
    const buf = reader.buffer;
    const lim = reader.filled;
    const atEof = reader.eof;
    const next = blankLine === 0 ? fastRecord(buf, pos, lim, fields, havePrev) : -1; // after a blank line: the general path's error
    if (next >= 0) {
      havePrev = true;
      const recordLine = line++;
      if (orderIndex >= 0 && createdIndex >= 0) checkOrder(recordLine);
      contentBytes += next - 1 - pos; // no CR on this path
      if (capture !== null) capture.add(buf, pos, next - 1);
      rows++;
      pos = next;
      continue;
    }
    // The general path for this record: undo what the fast path stored of it.
    for (let f = 0; f < fieldCount; f++) {
      if (numberBuilders[f] !== null) numberBuilders[f]!.truncate(rows - chunkBase);
      stringBuilders[f]?.truncate(rows - chunkBase);
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
    const badQuote = state[S_BAD_QUOTE];

    if (!complete) {
      if (!atEof) {
        reader.refill(pos);
        pos = 0;
        havePrev = false; // the buffer moved
        continue;
      }
      // End of file: the last record may lack a final newline.
      if (pos >= lim) break;
      // The end of a range that is not the file's, inside a record: the range was cut in a quoted field.
      if (range && range.end < totalBytes) throw new RangeCutError(range);
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
    if (badQuote !== 0 && badQuote <= fieldCount) {
      fail('characters after the closing quote of a quoted field (a quote inside a quoted field is written "")', badQuote - 1, recordLine);
    }

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
    if (capture !== null) capture.add(buf, pos, contentEnd);
    rows++;
    pos = scan;
    if (!complete) break;
  }

  if (rows + (resume?.rows ?? 0) === 0 && options.partial !== true) throw new DataError(path, "no data rows after the header", { line: 2 });
  if (chunkColumns !== null && rows > chunkBase) emitChunk(chunkColumns, rows - chunkBase, chunkBase);
  if (descriptorIdentity(fd) !== identity || (!range && reader.bytesRead !== totalBytes)) {
    throw new DataError(path, "the file changed while it was read: read it again once it is complete");
  }
  const readSource: DataSource = hasher ? { ...source, size: totalBytes, fingerprint: hasher.digest(), identity } : source;

  const numbers: Record<string, NumericColumn> = {};
  const categories: Record<string, DictionaryColumn> = {};
  const numberRanges: Record<string, ColumnRange | null> = {};
  const result = {
    frame: { source: readSource, rowCount: rows, numbers, categories, extraColumns },
    orderCreatedAt,
    contentBytes,
    trailingBlankLines: blankLine !== 0,
    end: { line, rows: rows + (resume?.rows ?? 0), blankLine, orderCreatedAt, orderFirstLine },
    numberRanges,
  };
  if (stream) return result;
  header.forEach((name, index) => {
    const numberBuilder = numberBuilders[index];
    if (numberBuilder instanceof NarrowNumberBuilder) {
      numbers[name] = numberBuilder.finish(!allocated);
      numberRanges[name] = numberBuilder.valueRange;
    } else if (numberBuilder instanceof GrowableFloat64) numbers[name] = numberBuilder.finish(options.columnViews === true);
    const stringBuilder = stringBuilders[index];
    if (stringBuilder && (!keep || keep.has(name))) {
      categories[name] = allocated ? { codes: (stringBuilder.codes as GrowableInt32).values, dictionary: stringBuilder.dictionary } : stringBuilder.finish(options.columnViews === true);
    }
  });
  return result;
}

interface ChunkColumns {
  stream: StreamOptions;
  capture: RecordCapture;
  header: string[];
  /** GrowableFloat64 builders: a streamed read never builds narrow. */
  numberBuilders: (NumberBuilder | null)[];
  stringBuilders: (DictionaryBuilder | null)[];
  keep: Set<string> | null;
  source: DataSource;
  extraColumns: string[];
}

/** Hands the `n` rows in the builders to onChunk as views, then empties the builders for the next chunk (dictionaries stay). */
function emitChunk(c: ChunkColumns, n: number, firstRow: number): void {
  const numbers: Record<string, Float64Array> = {};
  const categories: Record<string, DictionaryColumn> = {};
  c.header.forEach((name, index) => {
    const numberBuilder = c.numberBuilders[index] as GrowableFloat64 | null;
    if (numberBuilder) numbers[name] = numberBuilder.values.subarray(0, n);
    const stringBuilder = c.stringBuilders[index];
    if (stringBuilder && (!c.keep || c.keep.has(name))) categories[name] = { codes: (stringBuilder.codes as GrowableInt32).values.subarray(0, n), dictionary: stringBuilder.dictionary };
  });
  c.stream.onChunk({
    frame: { source: c.source, rowCount: n, numbers, categories, extraColumns: c.extraColumns },
    firstRow,
    records: c.capture.bytes.subarray(0, c.capture.used),
    recordEnds: c.capture.ends.subarray(0, n),
  });
  for (const builder of c.numberBuilders) if (builder !== null) builder.truncate(0);
  for (const builder of c.stringBuilders) builder?.truncate(0);
  c.capture.clear();
}
