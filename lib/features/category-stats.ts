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

/**
 * A category's entry in a per-category record of an encoder's state (JSON, in model.json), or
 * undefined: only own properties count, so a category named `__proto__`, `constructor` or `toString`
 * is a category like any other, never a property of Object.prototype.
 */
export function ownEntry(record: Readonly<Record<string, number>>, category: string): number | undefined {
  return Object.hasOwn(record, category) ? record[category] : undefined;
}

/** A per-category record built with own data properties (`__proto__` included: Object.fromEntries defines, never assigns). */
export function categoryRecord(entries: Iterable<readonly [string, number]>): Record<string, number> {
  return Object.fromEntries(entries);
}
