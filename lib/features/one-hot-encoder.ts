import type { DictionaryColumn } from "../data/feature-frame";
import { categoryTotals } from "./category-stats";
import type { CategoricalEncoder } from "./encoder";

/**
 * One-hot encoding of the `topN` most frequent training categories plus one "(other)" column that
 * also receives unseen categories, so the width stays bounded (264 vendors would otherwise add 264
 * dense columns to every row).
 */
export interface OneHotEncoderState {
  kind: "onehot";
  column: string;
  categories: string[];
}

export const OTHER_CATEGORY = "(other)";

export function fitOneHotEncoder(name: string, column: DictionaryColumn, trainRows: Uint32Array, topN = 10): OneHotEncoderState {
  if (!Number.isInteger(topN) || topN < 1) throw new Error(`topN must be an integer ≥ 1, got ${topN}`);
  const categories = [...categoryTotals(column, trainRows)]
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
    .slice(0, topN)
    .map(([value]) => value);
  return { kind: "onehot", column: name, categories };
}

export function oneHotFeatureNames(state: OneHotEncoderState): string[] {
  return [...state.categories, OTHER_CATEGORY].map((value) => `${state.column}=${value}`);
}

/** The indicator slot of every dictionary code of `column` (the last slot is "(other)"). */
export function oneHotSlots(state: OneHotEncoderState, column: DictionaryColumn): Int32Array {
  const index = new Map(state.categories.map((value, j) => [value, j]));
  return Int32Array.from(column.dictionary, (value) => index.get(value) ?? state.categories.length);
}

/**
 * Writes the indicator columns into a row-major block: `out[k * stride + offset + j]` for row k and
 * category j (the last j is "(other)"). The block must start zeroed.
 */
export function applyOneHotEncoder(
  state: OneHotEncoderState,
  column: DictionaryColumn,
  rows: Uint32Array,
  out: Float64Array | Float32Array,
  stride: number,
  offset: number,
): void {
  const slotByCode = oneHotSlots(state, column);
  for (let k = 0; k < rows.length; k++) out[k * stride + offset + slotByCode[column.codes[rows[k]]]] = 1;
}

/** Indicator column j alone: out[k] = 1 where row k's category has slot j, else 0. */
export function oneHotColumn(state: OneHotEncoderState, column: DictionaryColumn, rows: Uint32Array, j: number, out: Float64Array): void {
  const slotByCode = oneHotSlots(state, column);
  const codes = column.codes;
  for (let k = 0; k < rows.length; k++) out[k] = slotByCode[codes[rows[k]]] === j ? 1 : 0;
}

export const oneHotEncoder: CategoricalEncoder<OneHotEncoderState> = {
  kind: "onehot",
  fit: (name, values, { trainRows, options }) => ({ state: fitOneHotEncoder(name, values, trainRows, options.oneHotTopN) }),
  featureNames: oneHotFeatureNames,
  apply: applyOneHotEncoder,
  column: oneHotColumn,
};
