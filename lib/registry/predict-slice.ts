import fs from "node:fs";
import { readFeatureFrameCsv } from "../data/csv-loader";
import type { DataSource } from "../data/feature-frame";
import { CATEGORICAL_COLUMNS, COLUMN_NAMES, CREATED_AT_COLUMN, TARGET_COLUMN } from "../data/schema";
import { MatrixArena, type PipelineState } from "../features/pipeline";
import { profileFrame, type ScoringProfile } from "../monitoring/scoring-profile";
import type { ScoringReference } from "../monitoring/scoring-reference";
import type { ModelFile } from "./model-file";
import { scoreFrame } from "./model-file";

/**
 * One byte range of a feature-frame CSV scored on its own: the work of one `pushlab predict` worker
 * thread (see predict-parallel.ts). Parsing and validation are the shared loader's
 * (readFeatureFrameCsv on the range), scoring is scoreFrame, so probabilities are bit-identical to a
 * whole-file read: every step is per row.
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

export interface SliceJob {
  file: string;
  source: DataSource;
  /** Record boundaries [start, end) of the file. */
  range: { start: number; end: number };
  model: ScoringModel;
  /** Refuse (QuotedInputError) data holding a `"` byte: a slice is cut at a plain newline. */
  refuseQuotes: boolean;
  /** Count the slice's scoring profile (for the scoring report) against this reference. */
  monitor?: { reference: ScoringReference | null };
}

export interface ScoredSlice {
  rows: number;
  pushes: number;
  /** `,probability,decision\n` of every record, back to back; suffixEnds[k] is where record k's ends. */
  suffixes: Buffer;
  suffixEnds: Uint32Array;
  /** Bytes this slice adds to the output: its records without terminators plus their suffixes. */
  outputBytes: number;
  /** The read ended with blank lines (fine at the end of the file, an error before more data). */
  trailingBlankLines: boolean;
  /** order_id → created_at of the slice, for the check across slices. */
  orderIds: Float64Array;
  orderCreatedAt: Float64Array;
  /** The slice's scoring profile when the job asked for one. */
  profile: ScoringProfile | null;
}

const SCORE_BLOCK_ROWS = 1 << 18;

/** Parses, validates and scores one slice; throws DataError / QuotedInputError like the loader. */
export function scoreSlice(job: SliceJob, onProgress?: (bytesRead: number) => void): ScoredSlice {
  const read = readFeatureFrameCsv(job.file, job.source, {
    requiredColumns: SCORING_COLUMNS,
    keepColumns: modelColumns(job.model.pipeline),
    range: job.range,
    refuseQuotes: job.refuseQuotes,
    columnViews: true,
    onProgress: onProgress && ((bytes) => onProgress(bytes)),
  });
  const { frame } = read;
  const rows = frame.rowCount;
  // Scored in blocks so the design matrix stays ≈ 40 MB instead of rows × features × 8 bytes.
  const probabilities = new Float64Array(rows);
  const arena = new MatrixArena(false);
  const index = new Uint32Array(Math.min(rows, SCORE_BLOCK_ROWS));
  for (let from = 0; from < rows; from += SCORE_BLOCK_ROWS) {
    const n = Math.min(SCORE_BLOCK_ROWS, rows - from);
    const block = index.subarray(0, n);
    for (let k = 0; k < n; k++) block[k] = from + k;
    probabilities.set(scoreFrame(job.model, frame, block, { arena }), from);
  }
  const { suffixes, suffixEnds, pushes } = formatSuffixes(probabilities, job.model.threshold);
  const orderIds = new Float64Array(read.orderCreatedAt.size);
  const orderCreatedAt = new Float64Array(read.orderCreatedAt.size);
  let k = 0;
  for (const [id, createdAt] of read.orderCreatedAt) {
    orderIds[k] = id;
    orderCreatedAt[k++] = createdAt;
  }
  return {
    rows,
    pushes,
    suffixes,
    suffixEnds,
    outputBytes: read.contentBytes + (rows > 0 ? suffixEnds[rows - 1] : 0),
    trailingBlankLines: read.trailingBlankLines,
    orderIds,
    orderCreatedAt,
    profile: job.monitor ? profileFrame(frame, probabilities, job.model.threshold, job.monitor.reference) : null,
  };
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

const LF = 10;
const CR = 13;
const BLOCK_BYTES = 8 << 20;

/**
 * Reads `length` bytes of the output from `offset`: the slice's range of the (sparse, pre-sized) temp
 * file, so its page cache is allocated by a read, which the two workers do side by side, and the
 * write that follows only copies. Two threads writing 880 MB straight into a new file queue on its
 * inode lock while the kernel allocates the pages (perf: copy_folio_from_iter_atomic and
 * rwsem_spin_on_owner): 0.69–1.44 s measured on the 2-vCPU VM, against 0.37–0.53 s with this read
 * first. Whole `pushlab predict` of the full-size file, alternating runs: 4.73–5.12 s before, 4.15–4.46 s
 * with it.
 */
function readAhead(fd: number, offset: number, length: number, scratch: Buffer): void {
  for (let done = 0; done < length; ) {
    const n = fs.readSync(fd, scratch, 0, Math.min(scratch.length, length - done), offset + done);
    if (n === 0) break;
    done += n;
  }
}

/**
 * Writes a scored slice at `offset` of the (temp) output file: every record's bytes copied as they
 * are, terminator dropped, then its suffix. Records are found with Buffer#indexOf (memchr), which is
 * only right because the slice holds no quote, so every newline ends a record (scoreSlice with
 * refuseQuotes checked that). Blank lines (only at the end, as validated) are dropped. Returns the
 * bytes written. The caller has sized the file (ftruncate) to hold every slice.
 */
export function writeSlice(job: SliceJob, scored: Pick<ScoredSlice, "rows" | "suffixes" | "suffixEnds" | "outputBytes">, fd: number, offset: number): number {
  const input = fs.openSync(job.file, "r");
  try {
    let buffer = Buffer.allocUnsafe(BLOCK_BYTES);
    const out = Buffer.allocUnsafe(BLOCK_BYTES);
    readAhead(fd, offset, scored.outputBytes, out);
    let used = 0;
    let position = offset;
    const flush = () => {
      let done = 0;
      while (done < used) done += fs.writeSync(fd, out, done, used - done, position + done);
      position += used;
      used = 0;
    };
    const put = (bytes: Buffer, start: number, end: number) => {
      const length = end - start;
      if (used + length > out.length) flush();
      if (length > out.length) {
        let done = 0;
        while (done < length) done += fs.writeSync(fd, bytes, start + done, length - done, position + done);
        position += length;
        return;
      }
      bytes.copy(out, used, start, end);
      used += length;
    };
    const { suffixes, suffixEnds } = scored;
    let record = 0;
    const emit = (start: number, end: number) => {
      if (end > start && buffer[end - 1] === CR) end--;
      if (end === start) return; // a tolerated trailing blank line
      if (record >= scored.rows) throw new Error(`internal: more records than the ${scored.rows} scored in bytes ${job.range.start}–${job.range.end}`);
      put(buffer, start, end);
      put(suffixes, record === 0 ? 0 : suffixEnds[record - 1], suffixEnds[record]);
      record++;
    };
    let filled = 0;
    let filePosition = job.range.start;
    for (;;) {
      if (filled === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const want = Math.min(buffer.length - filled, job.range.end - filePosition);
      const n = want > 0 ? fs.readSync(input, buffer, filled, want, filePosition) : 0;
      filePosition += n;
      filled += n;
      let start = 0;
      for (;;) {
        const lf = buffer.indexOf(LF, start);
        if (lf === -1 || lf >= filled) break;
        emit(start, lf);
        start = lf + 1;
      }
      if (n === 0) {
        if (start < filled) emit(start, filled); // the file's last record without a final newline
        break;
      }
      buffer.copyWithin(0, start, filled);
      filled -= start;
    }
    flush();
    if (record !== scored.rows) throw new Error(`internal: wrote ${record} records for ${scored.rows} rows in bytes ${job.range.start}–${job.range.end}`);
    return position - offset;
  } finally {
    fs.closeSync(input);
  }
}
