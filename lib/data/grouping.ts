/**
 * Grouping rows by day, week or category, shared by the temporal split, the registry's per-week and
 * per-product evaluation and the report's weekly stability.
 */

/** The value under `key`, first inserting `make()` when there is none. */
export function getOrInsert<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

/** Positions k in `rows` grouped by `key(rows[k])`, groups in order of first appearance. */
export function groupPositions<K>(rows: Uint32Array, key: (row: number) => K): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  for (let k = 0; k < rows.length; k++) getOrInsert(groups, key(rows[k]), () => []).push(k);
  return groups;
}

/** The epoch day of the Monday that starts the week of `epochDay` (weeks run Monday to Sunday, UTC). */
export function mondayOf(epochDay: number): number {
  return epochDay - ((epochDay + 3) % 7); // 1970-01-05 (epoch day 4) was a Monday
}
