import fs from "node:fs";
import path from "node:path";
import { openFeatureFrameFile, readFeatureFrameFd } from "../data/csv-loader";
import { descriptorIdentity, statSource } from "../data/fingerprint";
import { describeDataFile } from "../data/dataset";
import { writeThroughTemp } from "../fs-atomic";
import { DataError } from "../data/errors";
import type { DataSource } from "../data/feature-frame";
import { MatrixArena } from "../features/pipeline";
import { profileFrame, type ScoringProfile } from "../monitoring/scoring-profile";
import type { ScoringReference } from "../monitoring/scoring-reference";
import type { ModelFile } from "./model-file";
import { ParallelBail, planSlices, predictInParallel, writeAll, type ParallelResult } from "./predict-parallel";
import { SCORING_COLUMNS, addProfile, modelColumns, outputHeader, predictionLines, scoreRows } from "./predict-slice";

export { SCORING_COLUMNS } from "./predict-slice";

export interface PredictFileResult {
  rows: number;
  pushes: number;
  out: string;
  /**
   * Sequential read: `load` is parsing and validating, `score` scoring, `write` formatting, writing
   * and committing the output, interleaved chunk by chunk (Parquet: `write` is appending the scores
   * to DuckDB and its writing of the output). Parallel read: `write` is the main
   * thread's writes and commit, `load` the rest of the wall time (the workers' reading overlaps both).
   */
  seconds: { load: number; score: number; write: number };
  /** Whether the file was read by two worker threads (see predict-parallel.ts) or sequentially. */
  parallel: boolean;
  /** What the run saw, for its scoring report (null unless options.monitor was given). */
  profile: ScoringProfile | null;
}

export interface PredictOptions {
  /**
   * "auto" (default): two worker threads for files of PARALLEL_MIN_BYTES or more on a machine with
   * two cores or more; "always": also for small files (tests); "never": sequential only.
   */
  parallel?: "auto" | "always" | "never";
  /** Records per chunk of the sequential read (default CHUNK_ROWS); tests use small ones. */
  chunkRows?: number;
  /** Input bytes per range of the parallel read (default RANGE_BYTES); tests use small ones. */
  rangeBytes?: number;
  /** Bytes the sequential read reads at a time (default 4 MiB); tests use small ones. */
  readBytes?: number;
  /** Count a scoring profile against the version's scoring reference (null: the version keeps none). */
  monitor?: { reference: ScoringReference | null };
}

export function defaultPredictionsPath(input: string): string {
  const parsed = path.parse(path.resolve(input));
  return path.join(parsed.dir, `${parsed.name}_predictions.csv`);
}

/**
 * Writes the output through a hidden temp file beside `target` (fs-atomic's writeThroughTemp):
 * `write` fills it, then it is fsynced and renamed into place; on any failure nothing appears at
 * `target`. The checks on the output path come first.
 */
async function writePredictions(target: string, source: DataSource, write: (fd: number, temp: string) => void | Promise<void>): Promise<void> {
  await commitPredictions(target, [source.path], async () => {
    await writeThroughTemp(target, write, { onlyTargetTemps: true });
  });
}

/**
 * The output side of every `pushlab predict` (CSV here, Parquet in predict-parquet.ts): refuses an
 * output that is one of the `inputs` under any name or that is not a regular file, makes its folder,
 * then runs `commit`, which writes through a temp beside `target` and renames it into place only once
 * the whole input is validated. On failure, the folders this call made are removed again and a file
 * system error is reported as one line naming the output.
 */
export async function commitPredictions(target: string, inputs: readonly string[], commit: () => Promise<void>): Promise<void> {
  for (const input of inputs) refuseInputAsOutput(target, input);
  let created: string | undefined;
  try {
    created = fs.mkdirSync(path.dirname(target), { recursive: true });
    if (fs.existsSync(target) && !fs.statSync(target).isFile()) throw new DataError(target, "the output path exists and is not a regular file");
    await commit();
  } catch (error) {
    // The input is read while the output is written (streamed), so a bad input is found after the
    // output's folders were made: remove those this call made, so a failed run leaves nothing.
    if (created !== undefined) removeEmptyFolders(path.dirname(target), created);
    throw outputError(target, error);
  }
}

/** Removes `dir` and its parents up to `top` (the first folder mkdirSync made), each only while empty. */
function removeEmptyFolders(dir: string, top: string): void {
  for (let folder = dir; ; folder = path.dirname(folder)) {
    try {
      fs.rmdirSync(folder);
    } catch {
      return; // not empty (or gone): leave it and its parents
    }
    if (folder === top || path.dirname(folder) === folder) return;
  }
}

/**
 * The output must not be the input under another name: the same path, a symlink to it, a path through
 * a symlinked folder, or a hard link (same device and inode) all are.
 */
function refuseInputAsOutput(target: string, inputPath: string): void {
  const refuse = () => {
    throw new DataError(target, "refusing to overwrite the input file with its predictions: choose another output file");
  };
  if (target === inputPath) refuse();
  let input: fs.Stats;
  try {
    input = fs.statSync(inputPath);
  } catch {
    return; // the input is gone: the end-of-run identity check reports it
  }
  let output: fs.Stats | null = null;
  try {
    output = fs.statSync(target); // follows links
  } catch {
    output = null; // absent (or unreadable: reported when the output is written)
  }
  if (output && output.dev === input.dev && output.ino === input.ino) refuse();
  let realTarget: string | null = null;
  try {
    realTarget = path.join(fs.realpathSync(path.dirname(target)), path.basename(target));
  } catch {
    realTarget = null; // the output folder does not exist yet: it cannot hold the input
  }
  if (realTarget !== null && realTarget === fs.realpathSync(inputPath)) refuse();
}

/** Throws, before the output is renamed into place, when the input path no longer names the file that was read. */
function checkInputUnchanged(source: DataSource, identity: string, fd?: number): void {
  let now: string | undefined;
  try {
    now = statSource(source.path).identity;
  } catch {
    now = undefined;
  }
  if (now !== identity || (fd !== undefined && descriptorIdentity(fd) !== identity)) {
    throw new DataError(source.path, "the input file changed while it was scored (replaced or written to): nothing written; score it again once it is complete");
  }
}

/** A file-system failure on the output (a folder in the way, no space, no permission) is the user's to fix: one clear line. */
function outputError(target: string, error: unknown): unknown {
  if (!(error instanceof DataError) && typeof (error as NodeJS.ErrnoException).code === "string") {
    return new DataError(target, `cannot write the predictions: ${(error as Error).message}`);
  }
  return error;
}

/** Rows per chunk of the sequential streamed read: ≈ 18 MB of CSV, a few MB of columns. */
export const CHUNK_ROWS = 1 << 16;

/**
 * Scores a feature-frame CSV with a registry model and writes the input records unchanged plus
 * `purchase_probability` and `predicted_purchase` (1 when the probability reaches the model's
 * threshold). The input is streamed: read in chunks of records, each validated, scored and its lines
 * written to a temp file beside the output as soon as it is read, so memory is bounded by the chunk,
 * not the file. The temp file is renamed into place only once every record has been validated and
 * the input is unchanged, so bad input (in any chunk) or a crash never leaves a partial output file;
 * the temp file of a writer that was killed is removed by the next one.
 *
 * Large files without quotes are read, scored and formatted range by range by two worker threads
 * (predict-parallel.ts); everything else, and any file the parallel read finds a problem in, is read
 * sequentially, which reports the exact first problem.
 */
export async function predictFile(
  model: ModelFile,
  input: string,
  out: string,
  onProgress?: (done: number, total: number) => void,
  options: PredictOptions = {},
): Promise<PredictFileResult> {
  const started = performance.now();
  const source = describeDataFile(input);
  const target = path.resolve(out);
  const plan = options.parallel === "never" ? null : planSlices(source, options.parallel === "always", options.rangeBytes);
  if (plan) {
    try {
      let result: ParallelResult | null = null;
      let streamed = 0;
      await writePredictions(target, source, async (fd) => {
        result = await predictInParallel(model, source, plan, fd, onProgress, options.monitor);
        checkInputUnchanged(source, source.identity!); // the workers opened the input by path
        streamed = performance.now();
      });
      const done = result as ParallelResult | null;
      if (done === null) throw new Error("internal: the parallel read returned nothing");
      const commitSeconds = (performance.now() - streamed) / 1000;
      const total = (performance.now() - started) / 1000;
      return {
        rows: done.rows,
        pushes: done.pushes,
        out: target,
        seconds: { load: total - done.writeSeconds - commitSeconds, score: 0, write: done.writeSeconds + commitSeconds },
        parallel: true,
        profile: done.profile,
      };
    } catch (error) {
      if (!(error instanceof ParallelBail)) throw error;
    }
  }
  return predictSequential(model, source, target, started, onProgress, options);
}

async function predictSequential(
  model: ModelFile,
  source: DataSource,
  target: string,
  started: number,
  onProgress: ((done: number, total: number) => void) | undefined,
  options: PredictOptions,
): Promise<PredictFileResult> {
  // One descriptor for the whole read: the records copied are those scored (they come from the same
  // buffer), and a file replaced or written to meanwhile is refused at the end.
  const fd = openFeatureFrameFile(source.path);
  try {
    return await streamDescriptor(model, source, fd, target, started, onProgress, options);
  } finally {
    fs.closeSync(fd);
  }
}

async function streamDescriptor(
  model: ModelFile,
  source: DataSource,
  fd: number,
  target: string,
  started: number,
  onProgress: ((done: number, total: number) => void) | undefined,
  options: PredictOptions,
): Promise<PredictFileResult> {
  const identity = descriptorIdentity(fd);
  const monitor = options.monitor;
  let rows = 0;
  let pushes = 0;
  let profile: ScoringProfile | null = null;
  let scoreSeconds = 0;
  let writeSeconds = 0;
  let streamed = 0;
  await writePredictions(target, source, (out) => {
    const arena = new MatrixArena(false);
    const read = readFeatureFrameFd(fd, source.path, source, {
      requiredColumns: SCORING_COLUMNS,
      keepColumns: modelColumns(model.pipeline),
      onProgress,
      readBytes: options.readBytes,
      stream: {
        chunkRows: options.chunkRows ?? CHUNK_ROWS,
        onHeader: (header) => writeAll(out, outputHeader(header)),
        onChunk: (chunk) => {
          const t0 = performance.now();
          const probabilities = scoreRows(model, chunk.frame, arena);
          if (monitor) profile = addProfile(profile, profileFrame(chunk.frame, probabilities, model.threshold, monitor.reference));
          const t1 = performance.now();
          const lines = predictionLines(chunk.records, chunk.recordEnds, probabilities, model.threshold);
          writeAll(out, lines.output);
          pushes += lines.pushes;
          scoreSeconds += (t1 - t0) / 1000;
          writeSeconds += (performance.now() - t1) / 1000;
        },
      },
    });
    rows = read.frame.rowCount;
    checkInputUnchanged(source, identity, fd);
    streamed = performance.now();
  });
  const commitSeconds = (performance.now() - streamed) / 1000;
  const total = (performance.now() - started) / 1000;
  return {
    rows,
    pushes,
    out: target,
    seconds: { load: total - scoreSeconds - writeSeconds - commitSeconds, score: scoreSeconds, write: writeSeconds + commitSeconds },
    parallel: false,
    profile,
  };
}
