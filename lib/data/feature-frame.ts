/** The in-memory feature frame: one typed array per column, never an array of row objects. */

import type { NumericColumn } from "./narrow-columns";

export type { NumericColumn } from "./narrow-columns";

/** A dictionary column's codes: Int32Array as loaded; a compacted frame narrows them to the dictionary's size. */
export type CategoryCodes = Int32Array | Uint16Array | Uint8Array;

export interface DictionaryColumn {
  /** Index into `dictionary` for every row. */
  codes: CategoryCodes;
  /** Distinct values in order of first appearance. */
  dictionary: string[];
}

export interface DataSource {
  /** Absolute path of the CSV file. */
  path: string;
  size: number;
  mtimeMs: number;
  /** SHA-256 of every byte of the file (path-independent); "" until the file has been read (see fingerprint.ts). */
  fingerprint: string;
  /** Device, inode, size, mtime and ctime of the file the fingerprint belongs to (fingerprint.ts). */
  identity?: string;
}

export interface FeatureFrame {
  source: DataSource;
  rowCount: number;
  /**
   * Every non-string column: ids, counts, features, the target; `created_at` as UTC epoch seconds and
   * `order_date` as UTC epoch days. Each in the narrowest typed array that holds its values exactly
   * (lib/data/narrow-columns.ts), so `column[i]` is the same double whatever the array type.
   */
  numbers: Record<string, NumericColumn>;
  /** String columns, dictionary-encoded. */
  categories: Record<string, DictionaryColumn>;
  /** Header names the schema does not know; their values are not loaded. */
  extraColumns: string[];
}

// Own properties only: a name such as `constructor` (from a stored model state, say) is a missing column,
// never a property of Object.prototype.
export function numberColumn(frame: FeatureFrame, name: string): NumericColumn {
  const column = Object.hasOwn(frame.numbers, name) ? frame.numbers[name] : undefined;
  if (!column) throw new Error(`feature frame has no numeric column '${name}'`);
  return column;
}

export function categoryColumn(frame: FeatureFrame, name: string): DictionaryColumn {
  const column = Object.hasOwn(frame.categories, name) ? frame.categories[name] : undefined;
  if (!column) throw new Error(`feature frame has no categorical column '${name}'`);
  return column;
}
