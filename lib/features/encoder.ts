import type { DictionaryColumn } from "../data/feature-frame";

/**
 * The contract of a categorical encoder. An encoder turns one categorical column (product_type,
 * vendor) into one or more design-matrix columns: `fit` learns a JSON state from the training rows
 * only, `apply` uses nothing but that state, so a fitted pipeline scores any file without the
 * training data. An encoding (lib/features/encodings.ts) names an encoder with its settings, a label
 * for the pages and a width for the runner.
 */

/** A fitted encoder's JSON state, stored in model.json; `kind` names the encoder that applies it. */
export interface EncoderStateBase {
  kind: string;
  /** The categorical column it encodes. */
  column: string;
}

/** Options of the pipeline that encoders may read (each reads its own). */
export interface EncoderOptions {
  oneHotTopN?: number;
  targetFolds?: number;
  targetSmoothing?: number;
}

export interface EncoderFitContext<Settings = undefined> {
  trainRows: Uint32Array;
  /** The outcome of every frame row (index with trainRows). */
  target: ArrayLike<number>;
  /** The order id of every frame row, for encoders that fold by order. */
  orderIds: ArrayLike<number>;
  options: EncoderOptions;
  /** The settings the encoding gives the encoder (e.g. cross-fitted or not). */
  settings: Settings;
}

/** Writes one design-matrix column's value (float64) for the k-th of its rows into out[k]. */
export type ColumnFill = (out: Float64Array) => void;

export interface EncoderFit<S extends EncoderStateBase> {
  state: S;
  /**
   * The training rows' encoded columns when they differ from `apply(state, …)` on the training rows
   * (cross-fitting: out-of-fold values), one fill per output column, in trainRows order. Fills, not
   * arrays: the matrix build asks for one column at a time, so no encoder holds its whole output.
   */
  trainColumns?: ColumnFill[];
}

export interface CategoricalEncoder<S extends EncoderStateBase = EncoderStateBase, Settings = undefined> {
  /** The `kind` of the states it writes. */
  kind: S["kind"];
  fit(column: string, values: DictionaryColumn, context: EncoderFitContext<Settings>): EncoderFit<S>;
  /** Names of the columns it adds, in order (`product_type:frequency`, `vendor=acme` …). */
  featureNames(state: S): string[];
  /**
   * Writes the encoded columns of `rows` into a zeroed row-major block:
   * `out[k * stride + offset + j]` for row k and output column j.
   */
  apply(state: S, values: DictionaryColumn, rows: Uint32Array, out: Float64Array, stride: number, offset: number): void;
  /**
   * Output column j of `rows` alone, into out[k] — the same values as `apply`'s column j. Optional:
   * without it the matrix build runs `apply` once per output column and keeps column j, which for a
   * wide encoder (one-hot: 11 columns) costs width² writes a row.
   */
  column?(state: S, values: DictionaryColumn, rows: Uint32Array, j: number, out: Float64Array): void;
}

/** Writes one encoded column into a row-major block at `offset`. */
export function placeColumn(column: Float64Array, out: Float64Array, stride: number, offset: number): void {
  for (let k = 0; k < column.length; k++) out[k * stride + offset] = column[k];
}
