import type { FrameReadResult, ReadState } from "../csv-loader";
import type { DataSource, DictionaryColumn, FeatureFrame } from "../feature-frame";
import { mergeRanges, narrowestType, type ColumnRange, type NumericColumn } from "../narrow-columns";

/*
 * One byte range of a CSV read on its own (by a worker thread of csv/parallel-read.ts), in the form
 * that crosses threads and merges: numeric columns already in the narrowest exact type of the range's
 * values with that range (the narrow builders', not recomputed), category codes with the range's
 * dictionary, and the orders seen, as arrays.
 */

/** order_id, its created_at and the (slice-relative) line where the slice first saw it. */
export interface OrderArrays {
  orderIds: Float64Array;
  orderCreatedAt: Float64Array;
  orderFirstLine: Float64Array;
}

export function orderArrays(state: Pick<ReadState, "orderCreatedAt" | "orderFirstLine">): OrderArrays {
  const { orderCreatedAt, orderFirstLine } = state;
  const orderIds = new Float64Array(orderCreatedAt.size);
  const createdAt = new Float64Array(orderCreatedAt.size);
  const firstLine = new Float64Array(orderCreatedAt.size);
  let k = 0;
  for (const [id, seconds] of orderCreatedAt) {
    orderIds[k] = id;
    createdAt[k] = seconds;
    firstLine[k++] = orderFirstLine.get(id)!;
  }
  return { orderIds, orderCreatedAt: createdAt, orderFirstLine: firstLine };
}

export interface FrameSlice extends OrderArrays {
  rows: number;
  /**
   * The columns' first `rows` values; an array may be longer (the first half's, allocated for the
   * whole file so that the merge appends the second half in place).
   */
  numbers: Record<string, NumericColumn>;
  /** Each numeric column's range (null: no values), so the merged column gets a whole-file read's type. */
  ranges: Record<string, ColumnRange | null>;
  categories: Record<string, DictionaryColumn>;
  extraColumns: string[];
  /** The read's state after its last record: next line (slice-relative unless resumed) and a pending blank line. */
  end: { line: number; blankLine: number };
}

export function sliceOf(read: FrameReadResult): FrameSlice {
  return {
    rows: read.frame.rowCount,
    numbers: read.frame.numbers,
    ranges: read.numberRanges,
    categories: read.frame.categories,
    extraColumns: read.frame.extraColumns,
    ...orderArrays(read.end),
    end: { line: read.end.line, blankLine: read.end.blankLine },
  };
}

/** The buffers a slice can hand over to another thread without copying (each once). */
export function sliceBuffers(slice: FrameSlice): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const values of Object.values(slice.numbers)) buffers.add(values.buffer as ArrayBuffer);
  for (const column of Object.values(slice.categories)) buffers.add(column.codes.buffer as ArrayBuffer);
  for (const values of [slice.orderIds, slice.orderCreatedAt, slice.orderFirstLine]) buffers.add(values.buffer as ArrayBuffer);
  return [...buffers];
}

/**
 * Two consecutive slices as the frame a one-thread read gives. Each of `a`'s arrays that is already
 * of the merged type and long enough takes `b`'s rows in place (the first half's columns are
 * allocated for the whole file's lines), so the merge copies only the second half; the others are
 * copied into a new array. `b`'s columns are dropped one by one as they are merged.
 */
export function mergeSlices(a: FrameSlice, b: FrameSlice, source: DataSource): FeatureFrame {
  const numbers: FeatureFrame["numbers"] = {};
  for (const name of Object.keys(a.numbers)) {
    numbers[name] = mergeNumbers(a.numbers[name], a.ranges[name], a.rows, b.numbers[name], b.ranges[name], b.rows);
    delete b.numbers[name];
  }
  const categories: FeatureFrame["categories"] = {};
  for (const name of Object.keys(a.categories)) {
    categories[name] = mergeCategories(a.categories[name], a.rows, b.categories[name], b.rows);
    delete b.categories[name];
  }
  return { source, rowCount: a.rows + b.rows, numbers, categories, extraColumns: a.extraColumns };
}

/**
 * One numeric column of two consecutive slices (the first `rowsA` of `a`, the first `rowsB` of `b`),
 * in the type a whole-file read narrows it to: narrowestType of the union of the two ranges, which
 * holds both halves exactly.
 */
export function mergeNumbers(a: NumericColumn, rangeA: ColumnRange | null, rowsA: number, b: NumericColumn, rangeB: ColumnRange | null, rowsB: number): NumericColumn {
  const rows = rowsA + rowsB;
  const range = rangeA === null ? rangeB : rangeB === null ? rangeA : mergeRanges(rangeA, rangeB);
  if (range === null) return new Float64Array(0);
  const Type = narrowestType(range);
  let out: NumericColumn;
  if (a instanceof Type && a.length >= rows) out = a;
  else {
    out = new Type(rows);
    out.set(a.subarray(0, rowsA));
  }
  out.set(b.subarray(0, rowsB), rowsA);
  return out.length === rows ? out : out.slice(0, rows);
}

/**
 * One category column of two consecutive slices: the first slice's dictionary, then the names only
 * the second one saw in the order it saw them (the first-seen order of a whole-file read), and the
 * second slice's codes re-mapped onto it.
 */
export function mergeCategories(a: DictionaryColumn, rowsA: number, b: DictionaryColumn, rowsB: number): DictionaryColumn {
  const rows = rowsA + rowsB;
  const dictionary = a.dictionary.slice();
  const index = new Map(dictionary.map((name, code) => [name, code]));
  const remap = new Int32Array(b.dictionary.length);
  let identity = true;
  b.dictionary.forEach((name, code) => {
    let merged = index.get(name);
    if (merged === undefined) {
      merged = dictionary.length;
      dictionary.push(name);
      index.set(name, merged);
    }
    remap[code] = merged;
    if (merged !== code) identity = false;
  });
  let codes = a.codes;
  if (codes.length < rows) {
    codes = new Int32Array(rows);
    codes.set(a.codes.subarray(0, rowsA));
  }
  const second = b.codes;
  if (identity) codes.set(second.subarray(0, rowsB), rowsA);
  else for (let i = 0; i < rowsB; i++) codes[rowsA + i] = remap[second[i]];
  return { codes: codes.length === rows ? codes : codes.slice(0, rows), dictionary };
}
