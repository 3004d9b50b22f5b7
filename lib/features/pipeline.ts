import type { FeatureFrame } from "../data/feature-frame";
import { categoryColumn, numberColumn } from "../data/feature-frame";
import { CATEGORICAL_COLUMNS, ORDER_COLUMN, TARGET_COLUMN } from "../data/schema";
import type { DesignMatrix, MatrixValues } from "../model/design-matrix";
import { BASE_FEATURE_NAMES, fillBaseFeature, isBaseFeature } from "./base-features";
import { placeColumn, type EncoderOptions, type ColumnFill } from "./encoder";
import { ENCODINGS, encoderForState, encodingDefinition, isEncoding, type Encoding, type EncoderState } from "./encodings";
import { applyStandardScaler, fitStandardScaler, type ScalerState } from "./standard-scaler";

export { ENCODINGS, type Encoding, type EncoderState };

/**
 * The feature pipeline: base features + an encoding of the categorical columns (product_type,
 * vendor), then standardisation fitted on train. `fitPipeline` learns everything from the training
 * rows; `transformRows` only applies the learned state, so a fitted pipeline serialises to JSON and
 * scores any file of the same schema without the training data.
 */

export interface PipelineOptions extends EncoderOptions {
  encoding: Encoding;
  /** Base features to use (default: all of them). */
  features?: readonly string[];
}

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
 * group allocates let two groups' matrices coexist (peak RSS: bench/README.md, "Designs tried"). The
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

/** Rows per block when an encoder's row-major output is read back one column at a time. */
const ENCODER_BLOCK_ROWS = 1 << 16;

/** The design-matrix columns of a pipeline as fill functions, in featureNames order. */
function columnFills(
  frame: FeatureFrame,
  baseFeatures: readonly string[],
  encoders: readonly EncoderState[],
  rows: Uint32Array,
  ownColumns: readonly (ColumnFill[] | undefined)[] = [],
): ColumnFill[] {
  const fills: ColumnFill[] = baseFeatures.map((name) => (out) => fillBaseFeature(frame, name, rows, out));
  encoders.forEach((state, e) => {
    const width = encoderNames(state).length;
    const own = ownColumns[e];
    for (let j = 0; j < width; j++) {
      if (own) {
        fills.push(own[j]);
        continue;
      }
      const encoder = encoderForState(state);
      if (encoder.column) {
        const column = encoder.column.bind(encoder);
        fills.push((out) => column(state as never, categoryColumn(frame, state.column), rows, j, out));
        continue;
      }
      // The encoder writes row-major blocks; column j is read back from each block.
      fills.push((out) => {
        const values = categoryColumn(frame, state.column);
        const block = new Float64Array(Math.min(ENCODER_BLOCK_ROWS, rows.length) * width);
        for (let first = 0; first < rows.length; first += ENCODER_BLOCK_ROWS) {
          const part = rows.subarray(first, Math.min(rows.length, first + ENCODER_BLOCK_ROWS));
          block.fill(0);
          encoder.apply(state, values, part, block, width, 0);
          for (let k = 0; k < part.length; k++) out[first + k] = block[k * width + j];
        }
      });
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
  return encoderForState(state).featureNames(state);
}

function validateOptions(options: PipelineOptions): string[] {
  if (!isEncoding(options.encoding)) {
    throw new Error(`encoding must be one of ${ENCODINGS.join(", ")}, got '${options.encoding}'`);
  }
  const features = [...(options.features ?? BASE_FEATURE_NAMES)];
  for (const name of features) if (!isBaseFeature(name)) throw new Error(`features: unknown feature '${name}'`);
  if (features.length === 0 && options.encoding === "none") throw new Error("features: at least one feature is needed");
  return features;
}

/** Writes base features into columns [0, baseFeatures.length) of a row-major block. */
function fillBase(frame: FeatureFrame, names: readonly string[], rows: Uint32Array, data: MatrixValues, stride: number): void {
  names.forEach((name, j) => fillBaseFeature(frame, name, rows, data, stride, j));
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

  const { encoder, settings } = encodingDefinition(options.encoding);
  const encoders: EncoderState[] = [];
  const trainColumns: (ColumnFill[] | undefined)[] = []; // the encoders' own training values (cross-fitting), in encoder order
  if (encoder) {
    for (const name of CATEGORICAL_COLUMNS) {
      const fit = encoder.fit(name, categoryColumn(frame, name), { trainRows, target, orderIds, options, settings: settings as never });
      encoders.push(fit.state as EncoderState);
      trainColumns.push(fit.trainColumns);
    }
  }
  const featureNames = [...baseFeatures, ...encoders.flatMap(encoderNames)];
  const cols = featureNames.length;
  const data = allocate(trainRows.length, cols, allocation);
  if (isFloat32(allocation)) {
    const scaler = buildFloat32(columnFills(frame, baseFeatures, encoders, trainRows, trainColumns), trainRows.length, data, null);
    return {
      state: { format: "pushlab-pipeline-v1", encoding: options.encoding, baseFeatures, encoders, featureNames, scaler },
      train: { data, rows: trainRows.length, cols },
    };
  }
  if (!(data instanceof Float64Array)) throw new Error("internal: expected a float64 matrix");
  fillBase(frame, baseFeatures, trainRows, data, cols);
  let offset = baseFeatures.length;
  encoders.forEach((state, e) => {
    const own = trainColumns[e];
    if (own) {
      const column = new Float64Array(trainRows.length);
      own.forEach((fill, j) => {
        fill(column);
        placeColumn(column, data, cols, offset + j);
      });
    }
    else encoderForState(state).apply(state, categoryColumn(frame, state.column), trainRows, data, cols, offset);
    offset += encoderNames(state).length;
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
    buildFloat32(columnFills(frame, state.baseFeatures, state.encoders, rows), rows.length, data, state.scaler);
    return { data, rows: rows.length, cols };
  }
  if (!(data instanceof Float64Array)) throw new Error("internal: expected a float64 matrix");
  fillBase(frame, state.baseFeatures, rows, data, cols);
  let offset = state.baseFeatures.length;
  for (const encoder of state.encoders) {
    encoderForState(encoder).apply(encoder, categoryColumn(frame, encoder.column), rows, data, cols, offset);
    offset += encoderNames(encoder).length;
  }
  const matrix: DesignMatrix = { data, rows: rows.length, cols };
  applyStandardScaler(state.scaler, matrix);
  return matrix;
}
