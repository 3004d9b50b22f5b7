import { categoryProblem } from "../category-values";
import type { DictionaryColumn } from "../feature-frame";
import { mergeRanges, narrowestType, rangeOf, type ColumnRange, type NumericColumn } from "../narrow-columns";

/*
 * The columns a CSV read fills: growable typed arrays for numbers and dates (or, for a frame that is
 * kept, builders that store each column narrow as it is parsed), a dictionary encoder for category names.
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

/** Rows per chunk of NarrowNumberBuilder: 64 Ki rows is 512 KiB of float64 per column. */
export const CHUNK_ROWS = 1 << 16;

/**
 * A numeric column built narrow while it is parsed. Values go into one reused float64 chunk (a
 * monomorphic store, as fast as GrowableFloat64); each full chunk's range (rangeOf) is merged into
 * the column's, and the chunk is copied into one array of the column's capacity (the loader counts
 * the file's lines first, so it is the row count unless records span lines) in narrowestType of
 * every value so far — re-allocated wider, with what it holds copied, when a chunk needs a wider
 * type. The finished column therefore has exactly the type and values narrowColumn gives the float64
 * column. Memory: the narrow column plus one chunk (and one wider copy while it widens), instead of
 * an estimate-sized float64 buffer and its exact-size copy. A design that kept each chunk as its own
 * small array and concatenated them at the end left the freed chunks resident as allocator holes
 * (≈ the frame's size again; bench/README.md, "Scale").
 */
export class NarrowNumberBuilder implements NumberBuilder {
  private readonly chunk: Float64Array;
  private used = 0;
  private values: NumericColumn | null = null;
  private stored = 0;
  private range: ColumnRange | null = null;
  constructor(
    private readonly capacity: number,
    chunkRows = CHUNK_ROWS,
  ) {
    if (!(Number.isSafeInteger(capacity) && capacity >= 0)) throw new RangeError(`capacity must be a non-negative integer, got ${capacity}`);
    if (!(Number.isSafeInteger(chunkRows) && chunkRows >= 1)) throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
    this.chunk = new Float64Array(Math.max(1, Math.min(chunkRows, capacity)));
  }
  get length(): number {
    return this.stored + this.used;
  }
  push(value: number): void {
    // A full chunk is stored only when the next value comes: until then the fast path may still
    // undo the last record's value (truncate).
    if (this.used === this.chunk.length) this.flush();
    this.chunk[this.used++] = value;
  }
  /** Forgets values past `rows` (a record the fast path gave up on half-way: at most its one value, never a stored one). */
  truncate(rows: number): void {
    const used = rows - this.stored;
    if (used < 0 || used > this.used) throw new RangeError(`cannot truncate a column of ${this.length} values to ${rows}`);
    this.used = used;
  }
  private flush(): void {
    const part = this.chunk.subarray(0, this.used);
    const partRange = rangeOf(part);
    this.range = this.range === null ? partRange : mergeRanges(this.range, partRange);
    const Type = narrowestType(this.range);
    const need = this.stored + part.length;
    let values = this.values;
    if (values === null || !(values instanceof Type) || values.length < need) {
      // More rows than lines counted only when the file grew while read (the loader then refuses it).
      const length = values === null ? Math.max(this.capacity, need) : values.length < need ? Math.max(Math.ceil(values.length * 1.25) + 16, need) : values.length;
      const next = new Type(length);
      if (values !== null) next.set(values.subarray(0, this.stored));
      this.values = values = next;
    }
    values.set(part, this.stored);
    this.stored = need;
    this.used = 0;
  }
  /** The range of every value pushed so far that is stored (all of them after finish), null for none. */
  get valueRange(): ColumnRange | null {
    return this.range;
  }
  /**
   * The column in the narrowest type holding every value: exact-size (no copy when the capacity was
   * the row count), or with `exactSize` false the array as allocated (its first `length` values set).
   */
  finish(exactSize = true): NumericColumn {
    if (this.used > 0) this.flush();
    const values = this.values;
    if (values === null) return new Float64Array(0);
    this.values = null;
    return this.stored === values.length || !exactSize ? values : values.slice(0, this.stored);
  }
}

/** Dictionary-encodes one string column; consecutive equal values (the file is grouped by variant) skip decoding. */
export class DictionaryBuilder {
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
