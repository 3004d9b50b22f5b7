import { readFeatureFrameCsv, type FrameChunk } from "../data/csv-loader";
import type { DataSource, FeatureFrame } from "../data/feature-frame";
import { CATEGORICAL_COLUMNS, COLUMN_NAMES, CREATED_AT_COLUMN, TARGET_COLUMN } from "../data/schema";
import { MatrixArena, type PipelineState } from "../features/pipeline";
import { mergeProfiles, profileFrame, type ScoringProfile } from "../monitoring/scoring-profile";
import type { ScoringReference } from "../monitoring/scoring-reference";
import type { ModelFile } from "./model-file";
import { scoreFrame } from "./model-file";

/**
 * The scoring of one chunk of a feature-frame CSV, shared by the sequential streamed read
 * (predict-file.ts) and the worker threads of the parallel one (predict-parallel.ts): the chunk's rows
 * scored with scoreFrame, and its records, as read, each followed by `,probability,decision`.
 * Every step is per row, so the output does not depend on where the chunks are cut.
 */

/** Columns a file to score must have: the schema without the (optional) outcome. */
export const SCORING_COLUMNS = COLUMN_NAMES.filter((c) => c !== TARGET_COLUMN);

export type ScoringModel = Pick<ModelFile, "pipeline" | "coef" | "intercept" | "threshold">;

/** The columns a model's pipeline reads: its base features (created_at for the date features) and the categories. */
export function modelColumns(pipeline: PipelineState): string[] {
  const columns = new Set<string>(CATEGORICAL_COLUMNS);
  for (const name of pipeline.baseFeatures) columns.add(name === "created_hour" || name === "created_day_of_week" ? CREATED_AT_COLUMN : name);
  return [...columns];
}

/** The header line of the output: the input's (no BOM, no CR) plus the two new columns. */
export function outputHeader(inputHeader: Uint8Array): Buffer {
  return Buffer.concat([inputHeader, Buffer.from(",purchase_probability,predicted_purchase\n")]);
}

/** Rows per scoring block, so the design matrix stays ≈ 40 MB whatever the chunk. */
const SCORE_BLOCK_ROWS = 1 << 18;

/** Probabilities of every row of `frame`, scored block by block into one reused matrix. */
export function scoreRows(model: ScoringModel, frame: FeatureFrame, arena: MatrixArena): Float64Array {
  const rows = frame.rowCount;
  const probabilities = new Float64Array(rows);
  const index = new Uint32Array(Math.min(rows, SCORE_BLOCK_ROWS));
  for (let from = 0; from < rows; from += SCORE_BLOCK_ROWS) {
    const n = Math.min(SCORE_BLOCK_ROWS, rows - from);
    const block = index.subarray(0, n);
    for (let k = 0; k < n; k++) block[k] = from + k;
    probabilities.set(scoreFrame(model, frame, block, { arena }), from);
  }
  return probabilities;
}

/** `,${p},${decision}\n` per row, as the sequential writer prints it (String(p): shortest round trip). */
export function formatSuffixes(probabilities: Float64Array, threshold: number): { suffixes: Buffer; suffixEnds: Uint32Array; pushes: number } {
  let suffixes = Buffer.allocUnsafe(Math.max(64, probabilities.length * 28));
  const suffixEnds = new Uint32Array(probabilities.length);
  let used = 0;
  let pushes = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    const push = p >= threshold ? 1 : 0;
    pushes += push;
    const text = String(p);
    if (used + text.length + 4 > suffixes.length) {
      const bigger = Buffer.allocUnsafe(suffixes.length * 2);
      suffixes.copy(bigger, 0, 0, used);
      suffixes = bigger;
    }
    suffixes[used++] = 44; // ,
    for (let c = 0; c < text.length; c++) suffixes[used++] = text.charCodeAt(c); // ASCII digits, '.', 'e', '-'
    suffixes[used++] = 44;
    suffixes[used++] = 48 + push;
    suffixes[used++] = 10;
    suffixEnds[i] = used;
  }
  return { suffixes: suffixes.subarray(0, used), suffixEnds, pushes };
}

/**
 * The output lines of a chunk: record k's bytes (records[recordEnds[k-1] .. recordEnds[k]]), then its
 * suffix. The buffer is not from Node's shared pool, so a worker can transfer it.
 */
export function predictionLines(records: Buffer, recordEnds: Uint32Array, probabilities: Float64Array, threshold: number): { output: Buffer; pushes: number } {
  if (recordEnds.length !== probabilities.length) throw new Error(`internal: ${recordEnds.length} records for ${probabilities.length} probabilities`);
  const { suffixes, suffixEnds, pushes } = formatSuffixes(probabilities, threshold);
  const n = recordEnds.length;
  const output = Buffer.allocUnsafeSlow((n > 0 ? recordEnds[n - 1] : 0) + suffixes.length);
  let used = 0;
  let record = 0;
  let suffix = 0;
  for (let k = 0; k < n; k++) {
    records.copy(output, used, record, recordEnds[k]);
    used += recordEnds[k] - record;
    record = recordEnds[k];
    suffixes.copy(output, used, suffix, suffixEnds[k]);
    used += suffixEnds[k] - suffix;
    suffix = suffixEnds[k];
  }
  return { output, pushes };
}

/** Adds a chunk's profile to the run's (counts add up; see scoring-profile.ts). */
export function addProfile(total: ScoringProfile | null, chunk: ScoringProfile): ScoringProfile {
  return total === null ? chunk : mergeProfiles([total, chunk]);
}

/** What a worker thread is started with. */
export interface RangeJob {
  file: string;
  source: DataSource;
  model: ScoringModel;
  /** Count each range's scoring profile (for the scoring report) against this reference. */
  monitor?: { reference: ScoringReference | null };
}

export interface ScoredRange {
  rows: number;
  pushes: number;
  /** The range's output lines. */
  output: Buffer;
  /** The read ended with blank lines (fine at the end of the file, an error before more data). */
  trailingBlankLines: boolean;
  /** order_id → created_at of the range, for the check across ranges. */
  orderIds: Float64Array;
  orderCreatedAt: Float64Array;
  profile: ScoringProfile | null;
}

/**
 * Parses, validates and scores the records in the byte range [start, end) of the file (record
 * boundaries) and formats their output lines. Data holding a `"` byte is refused (QuotedInputError):
 * ranges are cut at plain newlines. Throws DataError like the loader (with line numbers counted from
 * the range's start: a signal to re-read sequentially, not a message to show).
 */
export function scoreRange(job: RangeJob, range: { start: number; end: number }, arena: MatrixArena): ScoredRange {
  let scored: Pick<ScoredRange, "pushes" | "output" | "profile"> | null = null;
  const score = (chunk: FrameChunk) => {
    const probabilities = scoreRows(job.model, chunk.frame, arena);
    const { output, pushes } = predictionLines(chunk.records, chunk.recordEnds, probabilities, job.model.threshold);
    scored = { output, pushes, profile: job.monitor ? profileFrame(chunk.frame, probabilities, job.model.threshold, job.monitor.reference) : null };
  };
  const read = readFeatureFrameCsv(job.file, job.source, {
    requiredColumns: SCORING_COLUMNS,
    keepColumns: modelColumns(job.model.pipeline),
    range,
    refuseQuotes: true,
    // One chunk: the range is the unit of work (its size bounds the memory).
    stream: { chunkRows: 2 ** 31, onChunk: score },
  });
  const done = scored as Pick<ScoredRange, "pushes" | "output" | "profile"> | null;
  if (done === null) throw new Error("internal: a range read without a chunk");
  const orderIds = new Float64Array(read.orderCreatedAt.size);
  const orderCreatedAt = new Float64Array(read.orderCreatedAt.size);
  let k = 0;
  for (const [id, createdAt] of read.orderCreatedAt) {
    orderIds[k] = id;
    orderCreatedAt[k++] = createdAt;
  }
  return { rows: read.frame.rowCount, ...done, trailingBlankLines: read.trailingBlankLines, orderIds, orderCreatedAt };
}
