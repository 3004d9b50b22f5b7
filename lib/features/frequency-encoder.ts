import type { DictionaryColumn } from "../data/feature-frame";
import { categoryRecord, categoryTotals, ownEntry, valuesByCode } from "./category-stats";
import { placeColumn, type CategoricalEncoder } from "./encoder";

/** Frequency encoding: a category becomes its share of training rows; unseen categories get 0. */
export interface FrequencyEncoderState {
  kind: "frequency";
  column: string;
  frequencies: Record<string, number>;
}

export function fitFrequencyEncoder(name: string, column: DictionaryColumn, trainRows: Uint32Array): FrequencyEncoderState {
  const frequencies = categoryRecord([...categoryTotals(column, trainRows)].map(([value, { count }]) => [value, count / trainRows.length] as const));
  return { kind: "frequency", column: name, frequencies };
}

export function frequencyEncoderFeatureNames(state: FrequencyEncoderState): string[] {
  return [`${state.column}:frequency`];
}

/** Writes the encoded value of each row into `out` (one column). */
export function applyFrequencyEncoder(state: FrequencyEncoderState, column: DictionaryColumn, rows: Uint32Array, out: Float64Array): void {
  const byCode = valuesByCode(column, (value) => ownEntry(state.frequencies, value) ?? 0);
  for (let k = 0; k < rows.length; k++) out[k] = byCode[column.codes[rows[k]]];
}

export const frequencyEncoder: CategoricalEncoder<FrequencyEncoderState> = {
  kind: "frequency",
  fit: (name, values, { trainRows }) => ({ state: fitFrequencyEncoder(name, values, trainRows) }),
  featureNames: frequencyEncoderFeatureNames,
  apply(state, values, rows, out, stride, offset) {
    const column = new Float64Array(rows.length);
    applyFrequencyEncoder(state, values, rows, column);
    placeColumn(column, out, stride, offset);
  },
};
