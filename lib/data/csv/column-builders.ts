import { categoryProblem } from "../category-values";
import type { DictionaryColumn } from "../feature-frame";

/*
 * The columns a CSV read fills: growable typed arrays for numbers and dates, a dictionary encoder for
 * category names.
 */

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
  finish(view = false): Int32Array {
    if (this.length === this.values.length) return this.values;
    return view ? this.values.subarray(0, this.length) : this.values.slice(0, this.length);
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
