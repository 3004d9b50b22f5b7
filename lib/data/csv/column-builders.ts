import { categoryProblem } from "../category-values";
import type { DictionaryColumn } from "../feature-frame";
import { mergeRanges, narrowestType, rangeOf, type ColumnRange, type NumericColumn } from "../narrow-columns";

/*
 * The columns a CSV read fills: growable typed arrays for numbers and dates (or, for a frame that is
 * kept, chunked builders that store each column narrow as it is parsed), a dictionary encoder for
 * category names.
 */

/** What the record loop calls on a numeric column's builder, whichever kind it is. */
export interface NumberBuilder {
  push(value: number): void;
  /** Forgets values past `rows` (a record the fast path gave up on half-way). */
  truncate(rows: number): void;
}

export class GrowableFloat64 {
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
  truncate(rows: number): void {
    this.length = rows;
  }
  /** The values, exact-size (a copy unless full), or a view of the larger buffer when `view`. */
  finish(view = false): Float64Array {
    if (this.length === this.values.length) return this.values;
    return view ? this.values.subarray(0, this.length) : this.values.slice(0, this.length);
  }
}


export class GrowableInt32 {
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
  truncate(rows: number): void {
    this.length = rows;
  }
  finish(view = false): Int32Array {
    if (this.length === this.values.length) return this.values;
    return view ? this.values.subarray(0, this.length) : this.values.slice(0, this.length);
  }
}

/** Rows per chunk of the chunked builders: 64 Ki rows is 512 KiB of float64, small beside any frame worth narrowing. */
export const CHUNK_ROWS = 1 << 16;

/**
 * A numeric column built narrow while it is parsed: values go into one reused float64 chunk; each full
 * chunk is stored in the narrowest type its own values allow (rangeOf/narrowestType, the rules of
 * narrow-columns.ts) and the column's range is merged. `finish` allocates the exact-size array of the
 * narrowest type for the whole column's range — the type narrowColumn gives the float64 column — and
 * copies the chunks into it, dropping each as it is copied. So a read holds the narrow frame plus one
 * chunk per column instead of estimate-sized float64 buffers and their copies (bench/README.md, "Scale").
 */
export class NarrowNumberBuilder implements NumberBuilder {
  private readonly chunk: Float64Array;
  private used = 0;
  private readonly stored: (NumericColumn | null)[] = [];
  private storedRows = 0;
  private range: ColumnRange | null = null;
  constructor(private readonly chunkRows = CHUNK_ROWS) {
    if (!(Number.isSafeInteger(chunkRows) && chunkRows >= 1)) throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
    this.chunk = new Float64Array(chunkRows);
  }
  get length(): number {
    return this.storedRows + this.used;
  }
  push(value: number): void {
    // Stored only when the next value comes: the fast path may still undo the last record's value
    // (truncate), which then never reaches a stored chunk or the range.
    if (this.used === this.chunkRows) this.store();
    this.chunk[this.used++] = value;
  }
  truncate(rows: number): void {
    const used = rows - this.storedRows;
    if (used < 0 || used > this.used) throw new RangeError(`cannot truncate a column of ${this.length} values to ${rows}`);
    this.used = used;
  }
  private store(): void {
    const values = this.chunk.subarray(0, this.used);
    const range = rangeOf(values);
    this.range = this.range === null ? range : mergeRanges(this.range, range);
    const Type = narrowestType(range);
    const out = new Type(values.length);
    out.set(values);
    this.stored.push(out);
    this.storedRows += values.length;
    this.used = 0;
  }
  /** The column, exact-size, in the narrowest type holding every value (a Float64Array when none narrower does). */
  finish(): NumericColumn {
    if (this.used > 0) this.store();
    if (this.range === null) return new Float64Array(0);
    const Type = narrowestType(this.range);
    const out = new Type(this.storedRows);
    let offset = 0;
    for (let k = 0; k < this.stored.length; k++) {
      const part = this.stored[k]!;
      out.set(part, offset);
      offset += part.length;
      this.stored[k] = null;
    }
    this.stored.length = 0;
    return out;
  }
}

/** Int32 codes in fixed-size chunks, concatenated exact-size at the end (no estimate-sized buffer and copy). */
export class ChunkedInt32 {
  private chunk: Int32Array;
  private used = 0;
  private readonly stored: (Int32Array | null)[] = [];
  private storedRows = 0;
  constructor(private readonly chunkRows = CHUNK_ROWS) {
    if (!(Number.isSafeInteger(chunkRows) && chunkRows >= 1)) throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
    this.chunk = new Int32Array(chunkRows);
  }
  get length(): number {
    return this.storedRows + this.used;
  }
  push(value: number): void {
    if (this.used === this.chunkRows) {
      this.stored.push(this.chunk);
      this.storedRows += this.used;
      this.chunk = new Int32Array(this.chunkRows);
      this.used = 0;
    }
    this.chunk[this.used++] = value;
  }
  truncate(rows: number): void {
    const used = rows - this.storedRows;
    if (used < 0 || used > this.used) throw new RangeError(`cannot truncate a column of ${this.length} values to ${rows}`);
    this.used = used;
  }
  finish(): Int32Array {
    const out = new Int32Array(this.length);
    let offset = 0;
    for (let k = 0; k < this.stored.length; k++) {
      out.set(this.stored[k]!, offset);
      offset += this.stored[k]!.length;
      this.stored[k] = null;
    }
    out.set(this.chunk.subarray(0, this.used), offset);
    this.stored.length = 0;
    this.used = 0;
    this.storedRows = 0;
    return out;
  }
}

/** Dictionary-encodes one string column; consecutive equal values (the file is grouped by variant) skip decoding. */
export class DictionaryBuilder {
  /** Growable (views for a streamed read) or chunked (a kept frame: `chunked`). */
  readonly codes: GrowableInt32 | ChunkedInt32;
  readonly dictionary: string[] = [];
  private readonly index = new Map<string, number>();
  private last = new Uint8Array(256);
  private lastLength = -1;
  private lastCode = -1;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });

  constructor(capacity: number, chunked = false, chunkRows = CHUNK_ROWS) {
    this.codes = chunked ? new ChunkedInt32(chunkRows) : new GrowableInt32(capacity);
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
    this.codes.truncate(rows);
  }

  finish(view = false): DictionaryColumn {
    return { codes: this.codes instanceof GrowableInt32 ? this.codes.finish(view) : this.codes.finish(), dictionary: this.dictionary };
  }
}

/** The bytes of a streamed read's records (no terminators), back to back, and where each ends: what predict copies to its output. */
export class RecordCapture {
  bytes: Buffer;
  used = 0;
  ends: Uint32Array = new Uint32Array(1024);
  count = 0;
  constructor(capacity: number) {
    this.bytes = Buffer.allocUnsafe(Math.max(1024, capacity));
  }
  add(buf: Buffer, start: number, end: number): void {
    const length = end - start;
    if (this.used + length > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + length));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    buf.copy(this.bytes, this.used, start, end); // no subarray object per record
    this.used += length;
    if (this.count === this.ends.length) {
      const bigger = new Uint32Array(this.ends.length * 2);
      bigger.set(this.ends);
      this.ends = bigger;
    }
    this.ends[this.count++] = this.used;
  }
  clear(): void {
    this.used = 0;
    this.count = 0;
  }
}
