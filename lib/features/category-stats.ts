import type { DictionaryColumn } from "../data/feature-frame";

/** Row count and target sum per category over the given rows, keyed by category string. */
export function categoryTotals(column: DictionaryColumn, rows: Uint32Array, target?: ArrayLike<number>): Map<string, { count: number; sum: number }> {
  const counts = new Float64Array(column.dictionary.length);
  const sums = new Float64Array(column.dictionary.length);
  for (let k = 0; k < rows.length; k++) {
    const code = column.codes[rows[k]];
    counts[code]++;
    if (target) sums[code] += target[rows[k]];
  }
  const totals = new Map<string, { count: number; sum: number }>();
  column.dictionary.forEach((value, code) => {
    if (counts[code] > 0) totals.set(value, { count: counts[code], sum: sums[code] });
  });
  return totals;
}

/** Maps every dictionary code of a frame's column to a value through a per-category lookup. */
export function valuesByCode(column: DictionaryColumn, lookup: (category: string) => number): Float64Array {
  return Float64Array.from(column.dictionary, lookup);
}
