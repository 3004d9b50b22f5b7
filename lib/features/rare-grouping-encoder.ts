import type { DictionaryColumn } from "../data/feature-frame";
import { categoryTotals } from "./category-stats";
import type { CategoricalEncoder } from "./encoder";

/**
 * Rare-category grouping: every category with at least `minShare` of the training rows gets an
 * indicator column of its own; the rare ones, and categories never seen in training, share one
 * "(rare)" column. Unlike one-hot's fixed top-N, the width follows the data: a long tail of vendors
 * collapses into one column however many there are.
 */
export interface RareGroupingState {
  kind: "rare-grouping";
  column: string;
  minShare: number;
  /** The frequent categories, most frequent first (ties by name). */
  categories: string[];
}

export interface RareGroupingSettings {
  /** The share of training rows a category needs for a column of its own, in (0, 1]. */
  minShare: number;
}

export const RARE_CATEGORY = "(rare)";

export function fitRareGrouping(name: string, values: DictionaryColumn, trainRows: Uint32Array, minShare: number): RareGroupingState {
  if (!(minShare > 0 && minShare <= 1)) throw new Error(`minShare must be in (0, 1], got ${minShare}`);
  const needed = minShare * trainRows.length;
  const categories = [...categoryTotals(values, trainRows)]
    .filter(([, { count }]) => count >= needed)
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
    .map(([value]) => value);
  return { kind: "rare-grouping", column: name, minShare, categories };
}

export function rareGroupingFeatureNames(state: RareGroupingState): string[] {
  return [...state.categories, RARE_CATEGORY].map((value) => `${state.column}=${value}`);
}

export function applyRareGrouping(state: RareGroupingState, values: DictionaryColumn, rows: Uint32Array, out: Float64Array, stride: number, offset: number): void {
  const slot = new Map(state.categories.map((value, j) => [value, j]));
  const rare = state.categories.length;
  const slotByCode = Int32Array.from(values.dictionary, (value) => slot.get(value) ?? rare);
  for (let k = 0; k < rows.length; k++) out[k * stride + offset + slotByCode[values.codes[rows[k]]]] = 1;
}

export const rareGroupingEncoder: CategoricalEncoder<RareGroupingState, RareGroupingSettings> = {
  kind: "rare-grouping",
  fit: (name, values, { trainRows, settings }) => ({ state: fitRareGrouping(name, values, trainRows, settings.minShare) }),
  featureNames: rareGroupingFeatureNames,
  apply: applyRareGrouping,
};
