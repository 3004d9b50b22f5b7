import fs from "node:fs";
import path from "node:path";
import { readFeatureFrameFd } from "../data/csv-loader";
import { descriptorIdentity, statSource } from "../data/fingerprint";
import { forEachRecord } from "../data/csv-records";
import { describeDataFile } from "../data/dataset";
import { writeThroughTemp } from "../fs-atomic";
import { DataError } from "../data/errors";
import type { DataSource } from "../data/feature-frame";
import { profileFrame, type ScoringProfile } from "../monitoring/scoring-profile";
import type { ScoringReference } from "../monitoring/scoring-reference";
import type { ModelFile } from "./model-file";
import { scoreFrame } from "./model-file";
import { planSlices, scoreSlicesInParallel } from "./predict-parallel";
import { SCORING_COLUMNS, modelColumns } from "./predict-slice";

export { SCORING_COLUMNS } from "./predict-slice";

export interface PredictFileResult {
  rows: number;
  pushes: number;
  out: string;
  seconds: { load: number; score: number; write: number };
  /** Whether the file was read by two worker threads (see predict-parallel.ts) or sequentially. */
  parallel: boolean;
  /** What the run saw, for its scoring report (null unless options.monitor was given). */
  profile: ScoringProfile | null;
}

/**
 * The answer of a run on one thread, its stages timed from the performance.now() marks taken as it
 * went; the profile is computed after the clock stops, so it does not count as writing.
 */
export function sequentialResult(
  counts: { rows: number; pushes: number; out: string },
  marks: { started: number; loaded: number; scored: number },
  profile: () => ScoringProfile | null,
): PredictFileResult {
  const { started, loaded, scored } = marks;
  const seconds = { load: (loaded - started) / 1000, score: (scored - loaded) / 1000, write: (performance.now() - scored) / 1000 };
  return { ...counts, seconds, parallel: false, profile: profile() };
}

export interface PredictOptions {
  /**
   * "auto" (default): two worker threads for files of PARALLEL_MIN_BYTES or more on a machine with
   * two cores or more; "always": also for small files (tests); "never": sequential only.
   */
  parallel?: "auto" | "always" | "never";
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
  refuseInputAsOutput(target, source);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (fs.existsSync(target) && !fs.statSync(target).isFile()) throw new DataError(target, "the output path exists and is not a regular file");
    await writeThroughTemp(target, write, { onlyTargetTemps: true });
  } catch (error) {
    throw outputError(target, error);
  }
}

/**
 * The output must not be the input under another name: the same path, a symlink to it, a path through
 * a symlinked folder, or a hard link (same device and inode) all are.
 */
function refuseInputAsOutput(target: string, source: DataSource): void {
  const refuse = () => {
    throw new DataError(target, "refusing to overwrite the input file with its predictions: choose another output file");
  };
  if (target === source.path) refuse();
  let input: fs.Stats;
  try {
    input = fs.statSync(source.path);
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
  if (realTarget !== null && realTarget === fs.realpathSync(source.path)) refuse();
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

/**
 * Scores a feature-frame CSV with a registry model and writes the input records unchanged plus
 * `purchase_probability` and `predicted_purchase` (1 when the probability reaches the model's
 * threshold). The input is validated completely before anything is written, and the output goes to a
 * temp file renamed into place, so bad input or a crash never leaves a partial output file; the temp
 * file of a writer that was killed is removed by the next one.
 *
 * Large files without quotes are read, scored and written by two worker threads, one per half
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
  const plan = options.parallel === "never" ? null : planSlices(source, options.parallel === "always");
  if (plan) {
    const slices = await scoreSlicesInParallel(model, source, plan, onProgress, options.monitor);
    if (!("bail" in slices)) {
      const scored = performance.now();
      try {
        await writePredictions(target, source, async (fd, temp) => {
          let done = 0;
          while (done < plan.header.length) done += fs.writeSync(fd, plan.header, done, plan.header.length - done, done);
          const expected = plan.header.length + slices.outputBytes.reduce((a, b) => a + b, 0);
          fs.ftruncateSync(fd, expected); // sized up front: the workers read their ranges ahead of writing (see writeSlice)
          await slices.write(temp, plan.header.length);
          if (fs.fstatSync(fd).size !== expected) throw new Error(`internal: the output holds ${fs.fstatSync(fd).size} bytes, expected ${expected}`);
          checkInputUnchanged(source, source.identity!); // the workers opened the input by path
        });
      } finally {
        await slices.stop();
      }
      return {
        rows: slices.rows,
        pushes: slices.pushes,
        out: target,
        seconds: { load: (scored - started) / 1000, score: 0, write: (performance.now() - scored) / 1000 },
        parallel: true,
        profile: slices.profile,
      };
    }
  }
  return predictSequential(model, source, target, started, onProgress, options.monitor);
}

async function predictSequential(
  model: ModelFile,
  source: DataSource,
  target: string,
  started: number,
  onProgress?: (done: number, total: number) => void,
  monitor?: PredictOptions["monitor"],
): Promise<PredictFileResult> {
  // One descriptor for both passes (validate and score, then copy the records): the records copied
  // are those scored, and a file replaced or written to meanwhile is refused at the end.
  let fd: number;
  try {
    fd = fs.openSync(source.path, "r");
  } catch (error) {
    throw new DataError(source.path, `cannot open file: ${(error as Error).message}`);
  }
  try {
    return await scoreDescriptor(model, source, fd, target, started, onProgress, monitor);
  } finally {
    fs.closeSync(fd);
  }
}

async function scoreDescriptor(
  model: ModelFile,
  source: DataSource,
  fd: number,
  target: string,
  started: number,
  onProgress?: (done: number, total: number) => void,
  monitor?: PredictOptions["monitor"],
): Promise<PredictFileResult> {
  const identity = descriptorIdentity(fd);
  const { frame } = readFeatureFrameFd(fd, source.path, source, { requiredColumns: SCORING_COLUMNS, keepColumns: modelColumns(model.pipeline), onProgress });
  const loaded = performance.now();
  const probabilities = scoreFrame(model, frame);
  const scored = performance.now();

  let pushes = 0;
  await writePredictions(target, source, (file) => {
    const chunk = Buffer.allocUnsafe(8 << 20);
    let used = 0;
    const flush = () => {
      let offset = 0;
      while (offset < used) offset += fs.writeSync(file, chunk, offset, used - offset);
      used = 0;
    };
    const put = (bytes: Uint8Array, start: number, end: number) => {
      if (used + (end - start) > chunk.length) flush();
      if (end - start > chunk.length) {
        fs.writeSync(file, bytes, start, end - start);
        return;
      }
      chunk.set(bytes.subarray(start, end), used);
      used += end - start;
    };
    const putText = (text: string) => {
      if (used + text.length * 3 > chunk.length) flush();
      used += chunk.write(text, used, "utf8");
    };
    let record = -1; // -1: the header
    forEachRecord(fd, (bytes, start, end) => {
      if (start === end && record >= 0) return; // the tolerated trailing blank line
      put(bytes, start, end);
      if (record < 0) putText(",purchase_probability,predicted_purchase\n");
      else {
        const p = probabilities[record];
        const push = p >= model.threshold ? 1 : 0;
        pushes += push;
        putText(`,${p},${push}\n`);
      }
      record++;
    });
    flush();
    checkInputUnchanged(source, identity, fd);
    if (record !== frame.rowCount) throw new DataError(source.path, `the input file changed while it was scored (${record} records copied for ${frame.rowCount} rows scored): nothing written`);
  });
  return sequentialResult({ rows: frame.rowCount, pushes, out: target }, { started, loaded, scored }, () =>
    monitor ? profileFrame(frame, probabilities, model.threshold, monitor.reference) : null,
  );
}
