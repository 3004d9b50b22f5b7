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

/** A fitted target encoder and the fill of its training column (out-of-fold values when cross-fitted). */
export interface TargetEncoderFit {
  state: TargetEncoderState;
  /** Writes the k-th training row's encoded value into out[k] for every k < trainRows.length. */
  fillTrainValues(out: Float64Array): void;
}

function validatedSettings(options: TargetEncoderOptions): { folds: number; smoothing: number } {
  const folds = options.folds ?? 5;
  const smoothing = options.smoothing ?? 20;
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds must be an integer ≥ 2, got ${folds}`);
  if (!(smoothing >= 0)) throw new Error(`smoothing must be ≥ 0, got ${smoothing}`);
  return { folds, smoothing };
}

/**
 * Fits on the training rows. Cross-fitted, the folds' statistics come from one pass over the rows:
 * counts and outcome sums by (fold, category code), so a fold's out-of-fold totals are the whole
 * training set's minus its own. No per-fold row lists are built (at ten times the real file they
 * were ≈ 0.5 GB of garbage per column; bench/README.md). The outcome is 0/1, so every sum is an
 * exact integer and the totals equal the per-fold sums over the other folds' rows bit for bit.
 * The training column is filled on demand from the per-fold tables and each row's fold (a byte for
 * up to 256 folds).
 */
export function fitTargetEncoder(
  name: string,
  column: DictionaryColumn,
  target: ArrayLike<number>,
  orderIds: ArrayLike<number>,
  trainRows: Uint32Array,
  options: TargetEncoderOptions,
): TargetEncoderFit {
  const { folds, smoothing } = validatedSettings(options);
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
  if (!options.crossFit) return { state, fillTrainValues: (out) => applyTargetEncoder(state, column, trainRows, out) };

  const width = column.dictionary.length;
  const codes = column.codes;
  const foldOf = folds <= 256 ? new Uint8Array(trainRows.length) : new Uint32Array(trainRows.length);
  const counts = new Float64Array(folds * width);
  const sums = new Float64Array(folds * width);
  const foldRows = new Float64Array(folds);
  const foldSums = new Float64Array(folds);
  for (let k = 0; k < trainRows.length; k++) {
    const row = trainRows[k];
    const fold = (foldOf[k] = orderFold(orderIds[row], folds));
    const cell = fold * width + codes[row];
    const y = target[row];
    counts[cell]++;
    sums[cell] += y;
    foldRows[fold]++;
    foldSums[fold] += y;
  }
  const totalCounts = new Float64Array(width);
  const totalSums = new Float64Array(width);
  for (let fold = 0; fold < folds; fold++) {
    for (let code = 0; code < width; code++) {
      totalCounts[code] += counts[fold * width + code];
      totalSums[code] += sums[fold * width + code];
    }
  }
  let totalSum = 0;
  for (let fold = 0; fold < folds; fold++) totalSum += foldSums[fold];
  // valueOf[fold · width + code]: the code's out-of-fold smoothed mean, the fold's prior where the other folds never saw it.
  const valueOf = new Float64Array(folds * width);
  for (let fold = 0; fold < folds; fold++) {
    const outRows = trainRows.length - foldRows[fold];
    const foldPrior = outRows ? (totalSum - foldSums[fold]) / outRows : 0;
    for (let code = 0; code < width; code++) {
      const count = totalCounts[code] - counts[fold * width + code];
      const sum = totalSums[code] - sums[fold * width + code];
      valueOf[fold * width + code] = count > 0 ? (sum + smoothing * foldPrior) / (count + smoothing) : foldPrior;
    }
  }
  return {
    state,
    fillTrainValues(out) {
      for (let k = 0; k < trainRows.length; k++) out[k] = valueOf[foldOf[k] * width + codes[trainRows[k]]];
    },
  };
}

/**
 * Fits on the training rows and returns the state plus the encoded training column (out-of-fold when
 * cross-fitted): `fit_transform` differs from `fit` then `transform` by design, as in scikit-learn.
 */
export function fitTransformTargetEncoder(...args: Parameters<typeof fitTargetEncoder>): { state: TargetEncoderState; trainValues: Float64Array } {
  const { state, fillTrainValues } = fitTargetEncoder(...args);
  const [, , , , trainRows] = args;
  const trainValues = new Float64Array(trainRows.length);
  fillTrainValues(trainValues);
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
    const { state, fillTrainValues } = fitTargetEncoder(name, values, target, orderIds, trainRows, {
      crossFit: settings.crossFit,
      folds: options.targetFolds,
      smoothing: options.targetSmoothing,
    });
    return { state, trainColumns: [fillTrainValues] };
  },
  featureNames: targetEncoderFeatureNames,
  apply(state, values, rows, out, stride, offset) {
    const column = new Float64Array(rows.length);
    applyTargetEncoder(state, values, rows, column);
    placeColumn(column, out, stride, offset);
  },
};
