import type { FeatureFrame } from "../data/feature-frame";
import { categoryColumn, numberColumn } from "../data/feature-frame";
import { CATEGORICAL_COLUMNS, ORDER_COLUMN, TARGET_COLUMN } from "../data/schema";
import type { DesignMatrix } from "../model/design-matrix";
import { BASE_FEATURE_NAMES, baseFeatureValues, isBaseFeature } from "./base-features";
import { placeColumn, type EncoderOptions } from "./encoder";
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
  constructor(private readonly shared: boolean) {}

  take(length: number): Float64Array {
    const bytes = length * Float64Array.BYTES_PER_ELEMENT;
    if (this.buffer === null || this.buffer.byteLength < bytes) {
      this.buffer = null; // drop the old one before allocating the larger one
      this.buffer = this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
      return new Float64Array(this.buffer, 0, length);
    }
    return new Float64Array(this.buffer, 0, length).fill(0); // callers rely on zero-initialised memory (one-hot)
  }
}

export interface MatrixAllocation {
  /** Back the matrix with a SharedArrayBuffer (to hand it to worker threads without copying). */
  shared?: boolean;
  /** Reuse this arena's buffer instead of allocating. */
  arena?: MatrixArena;
}

function allocate(rows: number, cols: number, { shared = false, arena }: MatrixAllocation): Float64Array {
  if (arena) return arena.take(rows * cols);
  const bytes = rows * cols * Float64Array.BYTES_PER_ELEMENT;
  return new Float64Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
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
function fillBase(frame: FeatureFrame, names: readonly string[], rows: Uint32Array, data: Float64Array, stride: number): void {
  names.forEach((name, j) => {
    const values = baseFeatureValues(frame, name);
    for (let k = 0; k < rows.length; k++) data[k * stride + j] = values[rows[k]];
  });
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
  const trainColumns: (Float64Array[] | undefined)[] = []; // the encoders' own training values (cross-fitting), in encoder order
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
  fillBase(frame, baseFeatures, trainRows, data, cols);
  let offset = baseFeatures.length;
  encoders.forEach((state, e) => {
    const own = trainColumns[e];
    if (own) own.forEach((column, j) => placeColumn(column, data, cols, offset + j));
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
