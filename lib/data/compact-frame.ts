import { pickAscendingRows } from "./column-blocks";
import type { CategoryCodes, FeatureFrame } from "./feature-frame";
import { numberColumn } from "./feature-frame";
import { ORDER_DATE_COLUMN } from "./schema";
import type { TemporalSplit } from "./temporal-split";

/**
 * The rows anything reads once the data is prepared: the rows the filter keeps (everything the fits,
 * evaluations, selection and report read goes through the split's rows) and every row on the
 * validation days, kept or not (the report's "every order of the validation days" population).
 * Ascending, so the compacted frame keeps the file's row order.
 */
export function rowsReadAfterPreparation(frame: FeatureFrame, keptRows: Uint32Array, split: TemporalSplit): Uint32Array {
  const validation = split.stats.find((s) => s.name === "validation");
  const first = validation?.firstDay ?? NaN;
  const last = validation?.lastDay ?? NaN;
  const days = numberColumn(frame, ORDER_DATE_COLUMN);
  const isRead = (i: number, kept: boolean) => kept || (days[i] >= first && days[i] <= last);
  let count = 0;
  for (let i = 0, k = 0; i < frame.rowCount; i++) {
    const kept = k < keptRows.length && keptRows[k] === i;
    if (kept) k++;
    if (isRead(i, kept)) count++;
  }
  const rows = new Uint32Array(count);
  for (let i = 0, k = 0, n = 0; i < frame.rowCount; i++) {
    const kept = k < keptRows.length && keptRows[k] === i;
    if (kept) k++;
    if (isRead(i, kept)) rows[n++] = i;
  }
  return rows;
}

/** Codes for a dictionary of `size` values in the narrowest array that holds them. */
function codesFor(size: number, length: number): CategoryCodes {
  if (size <= 0x100) return new Uint8Array(length);
  if (size <= 0x10000) return new Uint16Array(length);
  return new Int32Array(length);
}

/**
 * Replaces every column of the frame by its values at `rows` (ascending), one column at a time so the
 * old column can be freed before the next is copied: the frame is changed in place, and its caller must
 * own it. Numbers keep their array type; codes go into the narrowest array their dictionary needs
 * (product_type and vendor: one and two bytes instead of four). Dictionaries stay whole (codes keep
 * their meaning).
 */
export function compactFrameInPlace(frame: FeatureFrame, rows: Uint32Array): void {
  for (const name of Object.keys(frame.numbers)) {
    frame.numbers[name] = pickAscendingRows(frame.numbers[name], rows);
  }
  for (const name of Object.keys(frame.categories)) {
    const { codes, dictionary } = frame.categories[name];
    const next = codesFor(dictionary.length, rows.length);
    for (let k = 0; k < rows.length; k++) next[k] = codes[rows[k]];
    frame.categories[name] = { codes: next, dictionary };
  }
  frame.rowCount = rows.length;
}

/**
 * Row indices of the old frame (ascending, each one of `kept`, ascending too) as indices of the
 * frame compacted to `kept`.
 */
export function remapRows(rows: Uint32Array, kept: Uint32Array): Uint32Array {
  const out = new Uint32Array(rows.length);
  let j = 0;
  for (let k = 0; k < rows.length; k++) {
    while (j < kept.length && kept[j] < rows[k]) j++;
    if (kept[j] !== rows[k]) throw new Error(`internal: row ${rows[k]} is not among the compacted frame's rows`);
    out[k] = j;
  }
  return out;
}
