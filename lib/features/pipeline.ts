import type { FeatureFrame } from "../data/feature-frame";
import { categoryColumn, numberColumn } from "../data/feature-frame";
import { CATEGORICAL_COLUMNS, ORDER_COLUMN, TARGET_COLUMN } from "../data/schema";
import type { DesignMatrix, MatrixValues } from "../model/design-matrix";
import { BASE_FEATURE_NAMES, baseFeatureValues, isBaseFeature } from "./base-features";
import { applyFrequencyEncoder, fitFrequencyEncoder, frequencyEncoderFeatureNames, type FrequencyEncoderState } from "./frequency-encoder";
import { applyOneHotEncoder, fitOneHotEncoder, oneHotFeatureNames, oneHotSlots, type OneHotEncoderState } from "./one-hot-encoder";
import { applyStandardScaler, fitStandardScaler, type ScalerState } from "./standard-scaler";
import { applyTargetEncoder, fitTransformTargetEncoder, targetEncoderFeatureNames, type TargetEncoderState } from "./target-encoder";

/**
 * The feature pipeline: base features + an encoding of the categorical columns (product_type,
 * vendor), then standardisation fitted on train. `fitPipeline` learns everything from the training
 * rows; `transformRows` only applies the learned state, so a fitted pipeline serialises to JSON and
 * scores any file of the same schema without the training data.
 */

export const ENCODINGS = ["none", "frequency", "target", "target-leaky", "onehot"] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface PipelineOptions {
  encoding: Encoding;
  /** Base features to use (default: all of them). */
  features?: readonly string[];
  oneHotTopN?: number;
  targetFolds?: number;
  targetSmoothing?: number;
}

export type EncoderState = FrequencyEncoderState | TargetEncoderState | OneHotEncoderState;

export interface PipelineState {
  format: "pushlab-pipeline-v1";
  encoding: Encoding;
  baseFeatures: string[];
  encoders: EncoderState[];
  /** Names of the design-matrix columns, in order. */
  featureNames: string[];
  scaler: ScalerState;
}

/**
 * A reusable backing buffer for design matrices built one after another (the runner's encoding
 * groups). Relying on the garbage collector to free a group's SharedArrayBuffers before the next
 * group allocates let two groups' matrices coexist: +0.7 GB of peak RSS on the full-size grid. The
 * caller must be done with the previous matrix before taking the buffer again.
 */
export class MatrixArena {
  private buffer: ArrayBuffer | SharedArrayBuffer | null = null;
  /** With `float32`, the matrices taken from it are float32 (see MatrixAllocation.float32). */
  constructor(
    private readonly shared: boolean,
    readonly float32 = false,
  ) {}

  take(length: number): MatrixValues {
    const bytes = length * (this.float32 ? 4 : 8);
    if (this.buffer === null || this.buffer.byteLength < bytes) {
      this.buffer = null; // drop the old one before allocating the larger one
      this.buffer = this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
      return this.float32 ? new Float32Array(this.buffer, 0, length) : new Float64Array(this.buffer, 0, length);
    }
    return (this.float32 ? new Float32Array(this.buffer, 0, length) : new Float64Array(this.buffer, 0, length)).fill(0); // callers rely on zero-initialised memory (one-hot)
  }
}

export interface MatrixAllocation {
  /** Back the matrix with a SharedArrayBuffer (to hand it to worker threads without copying). */
  shared?: boolean;
  /** Reuse this arena's buffer instead of allocating (its float32 setting wins). */
  arena?: MatrixArena;
  /**
   * Store the standardized values as float32 (half the memory). Each column is built and
   * standardized in float64 first, with the same statistics as the float64 matrix, so every value is
   * exactly the float64 matrix's value rounded to float32.
   */
  float32?: boolean;
}

function isFloat32(allocation: MatrixAllocation): boolean {
  return allocation.arena ? allocation.arena.float32 : allocation.float32 === true;
}

function allocate(rows: number, cols: number, { shared = false, arena, float32 = false }: MatrixAllocation): MatrixValues {
  if (arena) return arena.take(rows * cols);
  const bytes = rows * cols * (float32 ? 4 : 8);
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return float32 ? new Float32Array(buffer) : new Float64Array(buffer);
}

/** Writes one column's values (float64) for the k-th of the rows into `out[k]`. */
type ColumnFill = (out: Float64Array) => void;

/** The design-matrix columns of a pipeline, one fill function per column, in featureNames order. */
function columnFills(
  frame: FeatureFrame,
  baseFeatures: readonly string[],
  encoders: readonly EncoderState[],
  rows: Uint32Array,
  encodedValues: (e: number) => Float64Array,
): ColumnFill[] {
  const fills: ColumnFill[] = baseFeatures.map((name) => (out) => {
    const values = baseFeatureValues(frame, name);
    for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
  });
  encoders.forEach((encoder, e) => {
    if (encoder.kind === "onehot") {
      const column = categoryColumn(frame, encoder.column);
      const slots = oneHotSlots(encoder, column);
      for (let slot = 0; slot <= encoder.categories.length; slot++) {
        fills.push((out) => {
          for (let k = 0; k < rows.length; k++) out[k] = slots[column.codes[rows[k]]] === slot ? 1 : 0;
        });
      }
    } else {
      fills.push((out) => out.set(encodedValues(e)));
    }
  });
  return fills;
}

/**
 * A float32 matrix built column by column: each column in float64, its mean and scale fitted (as
 * fitStandardScaler: the same sums in the same row order, so the same statistics) or given, then
 * standardized and stored rounded to float32.
 */
function buildFloat32(fills: ColumnFill[], rows: number, data: MatrixValues, given: ScalerState | null): ScalerState {
  const cols = fills.length;
  const column = new Float64Array(rows);
  const mean: number[] = [];
  const scale: number[] = [];
  fills.forEach((fill, j) => {
    fill(column);
    let m = given ? given.mean[j] : 0;
    let sd = given ? given.scale[j] : 1;
    if (!given) {
      for (let k = 0; k < rows; k++) m += column[k];
      m /= rows;
      let m2 = 0;
      for (let k = 0; k < rows; k++) {
        const d = column[k] - m;
        m2 += d * d;
      }
      const std = Math.sqrt(m2 / rows);
      sd = std > 1e-12 ? std : 1;
    }
    mean.push(m);
    scale.push(sd);
    for (let k = 0; k < rows; k++) data[k * cols + j] = (column[k] - m) / sd;
  });
  return { mean, scale };
}

function encoderNames(state: EncoderState): string[] {
  if (state.kind === "frequency") return frequencyEncoderFeatureNames(state);
  if (state.kind === "target") return targetEncoderFeatureNames(state);
  return oneHotFeatureNames(state);
}

function validateOptions(options: PipelineOptions): string[] {
  if (!ENCODINGS.includes(options.encoding)) {
    throw new Error(`encoding must be one of ${ENCODINGS.join(", ")}, got '${options.encoding}'`);
  }
  const features = [...(options.features ?? BASE_FEATURE_NAMES)];
  for (const name of features) if (!isBaseFeature(name)) throw new Error(`features: unknown feature '${name}'`);
  if (features.length === 0 && options.encoding === "none") throw new Error("features: at least one feature is needed");
  return features;
}

/** Writes base features into columns [0, baseFeatures.length) of a row-major block. */
function fillBase(frame: FeatureFrame, names: readonly string[], rows: Uint32Array, data: MatrixValues, stride: number): void {
  names.forEach((name, j) => {
    const values = baseFeatureValues(frame, name);
    for (let k = 0; k < rows.length; k++) data[k * stride + j] = values[rows[k]];
  });
}

function placeColumn(column: Float64Array, data: MatrixValues, stride: number, offset: number): void {
  for (let k = 0; k < column.length; k++) data[k * stride + offset] = column[k];
}

export function fitPipeline(
  frame: FeatureFrame,
  trainRows: Uint32Array,
  options: PipelineOptions,
  allocation: MatrixAllocation = {},
): { state: PipelineState; train: DesignMatrix } {
  const baseFeatures = validateOptions(options);
  const target = numberColumn(frame, TARGET_COLUMN);
  const orderIds = numberColumn(frame, ORDER_COLUMN);

  const encoders: EncoderState[] = [];
  const trainColumns: Float64Array[] = []; // for frequency/target encodings, in encoder order
  if (options.encoding !== "none") {
    for (const name of CATEGORICAL_COLUMNS) {
      const column = categoryColumn(frame, name);
      if (options.encoding === "frequency") {
        encoders.push(fitFrequencyEncoder(name, column, trainRows));
      } else if (options.encoding === "onehot") {
        encoders.push(fitOneHotEncoder(name, column, trainRows, options.oneHotTopN));
      } else {
        const { state, trainValues } = fitTransformTargetEncoder(name, column, target, orderIds, trainRows, {
          crossFit: options.encoding === "target",
          folds: options.targetFolds,
          smoothing: options.targetSmoothing,
        });
        encoders.push(state);
        trainColumns.push(trainValues);
      }
    }
  }
  const featureNames = [...baseFeatures, ...encoders.flatMap(encoderNames)];
  const cols = featureNames.length;
  const data = allocate(trainRows.length, cols, allocation);
  if (isFloat32(allocation)) {
    const fills = columnFills(frame, baseFeatures, encoders, trainRows, (e) => {
      const encoder = encoders[e];
      if (encoder.kind === "target") return trainColumns[e];
      const values = new Float64Array(trainRows.length);
      applyFrequencyEncoder(encoder as FrequencyEncoderState, categoryColumn(frame, encoder.column), trainRows, values);
      return values;
    });
    const scaler = buildFloat32(fills, trainRows.length, data, null);
    return {
      state: { format: "pushlab-pipeline-v1", encoding: options.encoding, baseFeatures, encoders, featureNames, scaler },
      train: { data, rows: trainRows.length, cols },
    };
  }
  fillBase(frame, baseFeatures, trainRows, data, cols);
  let offset = baseFeatures.length;
  encoders.forEach((encoder, e) => {
    const column = categoryColumn(frame, encoder.column);
    if (encoder.kind === "target") {
      placeColumn(trainColumns[e], data, cols, offset);
    } else if (encoder.kind === "frequency") {
      const values = new Float64Array(trainRows.length);
      applyFrequencyEncoder(encoder, column, trainRows, values);
      placeColumn(values, data, cols, offset);
    } else {
      applyOneHotEncoder(encoder, column, trainRows, data, cols, offset);
    }
    offset += encoderNames(encoder).length;
  });
  const train: DesignMatrix = { data, rows: trainRows.length, cols };
  const scaler = fitStandardScaler(train);
  applyStandardScaler(scaler, train);
  return {
    state: { format: "pushlab-pipeline-v1", encoding: options.encoding, baseFeatures, encoders, featureNames, scaler },
    train,
  };
}

/** Applies a fitted pipeline to any rows of any frame with the schema's columns. */
export function transformRows(
  state: PipelineState,
  frame: FeatureFrame,
  rows: Uint32Array,
  allocation: MatrixAllocation = {},
): DesignMatrix {
  const cols = state.featureNames.length;
  const data = allocate(rows.length, cols, allocation);
  if (isFloat32(allocation)) {
    const fills = columnFills(frame, state.baseFeatures, state.encoders, rows, (e) => {
      const encoder = state.encoders[e];
      const values = new Float64Array(rows.length);
      if (encoder.kind === "frequency") applyFrequencyEncoder(encoder, categoryColumn(frame, encoder.column), rows, values);
      else if (encoder.kind === "target") applyTargetEncoder(encoder, categoryColumn(frame, encoder.column), rows, values);
      return values;
    });
    buildFloat32(fills, rows.length, data, state.scaler);
    return { data, rows: rows.length, cols };
  }
  fillBase(frame, state.baseFeatures, rows, data, cols);
  let offset = state.baseFeatures.length;
  for (const encoder of state.encoders) {
    const column = categoryColumn(frame, encoder.column);
    if (encoder.kind === "onehot") {
      applyOneHotEncoder(encoder, column, rows, data, cols, offset);
    } else {
      const values = new Float64Array(rows.length);
      if (encoder.kind === "frequency") applyFrequencyEncoder(encoder, column, rows, values);
      else applyTargetEncoder(encoder, column, rows, values);
      placeColumn(values, data, cols, offset);
    }
    offset += encoderNames(encoder).length;
  }
  const matrix: DesignMatrix = { data, rows: rows.length, cols };
  applyStandardScaler(state.scaler, matrix);
  return matrix;
}
