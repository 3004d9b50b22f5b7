import type { DictionaryColumn } from "../data/feature-frame";
import { categoryRecord, categoryTotals, ownEntry, valuesByCode } from "./category-stats";
import { placeColumn, type CategoricalEncoder } from "./encoder";

/**
 * Target encoding: a category becomes its smoothed purchase rate,
 *   (Σy + m · prior) / (n + m),
 * shrunk toward the prior mean when a category has few rows (m = `smoothing`).
 *
 * Cross-fitted (the default): training rows get out-of-fold values — K folds grouped by order, each
 * fold encoded with statistics (and prior) from the other folds — so a row's own label never leaks
 * into its feature. Validation, test and scoring rows get the full-training-set means. The leaky
 * variant (`crossFit: false`) gives training rows the full-training means too; it exists only so the
 * report can show why cross-fitting matters. Unseen categories get the prior.
 */
export interface TargetEncoderState {
  kind: "target";
  column: string;
  crossFit: boolean;
  folds: number;
  smoothing: number;
  prior: number;
  means: Record<string, number>;
}

export interface TargetEncoderOptions {
  crossFit: boolean;
  folds?: number;
  smoothing?: number;
}

/** Deterministic fold of an order id (murmur3's finaliser over the id's two 32-bit halves). */
export function orderFold(orderId: number, folds: number): number {
  const lo = orderId >>> 0;
  const hi = Math.floor(orderId / 4294967296) >>> 0;
  let h = lo ^ Math.imul(hi ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % folds;
}

function smoothedMeans(totals: Map<string, { count: number; sum: number }>, prior: number, m: number): Record<string, number> {
  return categoryRecord([...totals].map(([value, { count, sum }]) => [value, (sum + m * prior) / (count + m)] as const));
}

function mean(target: ArrayLike<number>, rows: Uint32Array): number {
  let sum = 0;
  for (let k = 0; k < rows.length; k++) sum += target[rows[k]];
  return rows.length ? sum / rows.length : 0;
}

/**
 * Fits on the training rows and returns the state plus the encoded training column (out-of-fold when
 * cross-fitted): `fit_transform` differs from `fit` then `transform` by design, as in scikit-learn.
 */
export function fitTransformTargetEncoder(
  name: string,
  column: DictionaryColumn,
  target: ArrayLike<number>,
  orderIds: ArrayLike<number>,
  trainRows: Uint32Array,
  options: TargetEncoderOptions,
): { state: TargetEncoderState; trainValues: Float64Array } {
  const folds = options.folds ?? 5;
  const smoothing = options.smoothing ?? 20;
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds must be an integer ≥ 2, got ${folds}`);
  if (!(smoothing >= 0)) throw new Error(`smoothing must be ≥ 0, got ${smoothing}`);
  const prior = mean(target, trainRows);
  const state: TargetEncoderState = {
    kind: "target",
    column: name,
    crossFit: options.crossFit,
    folds,
    smoothing,
    prior,
    means: smoothedMeans(categoryTotals(column, trainRows, target), prior, smoothing),
  };
  const trainValues = new Float64Array(trainRows.length);
  if (!options.crossFit) {
    applyTargetEncoder(state, column, trainRows, trainValues);
    return { state, trainValues };
  }
  const foldOf = new Uint8Array(trainRows.length);
  const foldSizes = new Float64Array(folds);
  for (let k = 0; k < trainRows.length; k++) foldSizes[(foldOf[k] = orderFold(orderIds[trainRows[k]], folds))]++;
  for (let f = 0; f < folds; f++) {
    const inFold = new Uint32Array(foldSizes[f]);
    const outOfFold = new Uint32Array(trainRows.length - foldSizes[f]);
    const positions = new Uint32Array(foldSizes[f]);
    let a = 0;
    let b = 0;
    for (let k = 0; k < trainRows.length; k++) {
      if (foldOf[k] === f) {
        positions[a] = k;
        inFold[a++] = trainRows[k];
      } else outOfFold[b++] = trainRows[k];
    }
    const foldPrior = mean(target, outOfFold);
    const foldState: TargetEncoderState = {
      ...state,
      prior: foldPrior,
      means: smoothedMeans(categoryTotals(column, outOfFold, target), foldPrior, smoothing),
    };
    const values = new Float64Array(inFold.length);
    applyTargetEncoder(foldState, column, inFold, values);
    for (let j = 0; j < values.length; j++) trainValues[positions[j]] = values[j];
  }
  return { state, trainValues };
}

export function targetEncoderFeatureNames(state: TargetEncoderState): string[] {
  return [`${state.column}:target`];
}

export function applyTargetEncoder(state: TargetEncoderState, column: DictionaryColumn, rows: Uint32Array, out: Float64Array): void {
  const byCode = valuesByCode(column, (value) => ownEntry(state.means, value) ?? state.prior);
  for (let k = 0; k < rows.length; k++) out[k] = byCode[column.codes[rows[k]]];
}

/** The encoding's choice: cross-fitted (the sound one) or leaky (to show why cross-fitting matters). */
export interface TargetEncoderSettings {
  crossFit: boolean;
}

export const targetEncoder: CategoricalEncoder<TargetEncoderState, TargetEncoderSettings> = {
  kind: "target",
  fit(name, values, { trainRows, target, orderIds, options, settings }) {
    const { state, trainValues } = fitTransformTargetEncoder(name, values, target, orderIds, trainRows, {
      crossFit: settings.crossFit,
      folds: options.targetFolds,
      smoothing: options.targetSmoothing,
    });
    return { state, trainColumns: [trainValues] };
  },
  featureNames: targetEncoderFeatureNames,
  apply(state, values, rows, out, stride, offset) {
    const column = new Float64Array(rows.length);
    applyTargetEncoder(state, values, rows, column);
    placeColumn(column, out, stride, offset);
  },
};
