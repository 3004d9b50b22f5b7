import fs from "node:fs";
import os from "node:os";
import type { Worker } from "node:worker_threads";
import { openFeatureFrameFile, readFeatureFrameFd, type LoadOptions, type ReadState } from "../csv-loader";
import { DataError } from "../errors";
import type { DataSource, FeatureFrame } from "../feature-frame";
import { contentHasher, descriptorIdentity } from "../fingerprint";
import { startTypeScriptWorker } from "../../worker-thread";
import { countRecordLines, readAt } from "./chunk-reader";
import { mergeSlices, sliceOf, type FrameSlice, type OrderArrays } from "./frame-slice";

/*
 * The CSV read on two cores: the data cut in two at a newline near its middle, each half read narrow
 * by the loader (csv-loader.ts) in a worker thread while the main thread computes the full-content
 * SHA-256, then the halves merged into the frame a one-thread read gives — same columns, types,
 * dictionaries and fingerprint.
 *
 * Memory: each worker first counts its half's lines (the second passes its count on, through the
 * main thread, to the first); the first half's columns are allocated for the whole file's lines, so
 * the merge appends the second half in place when the type holds both halves (the usual case), and
 * the peak is about one and a half frames, not two.
 *
 * The cut is only a guess at a record boundary: a newline inside a quoted field is not one. The first
 * half's reader decides, since it reads from the file's first record exactly as a one-thread read
 * does: if its range ends inside a record (RangeCutError), the file is read on one thread instead.
 * The second half is read speculatively, from a fresh state, and its result counts only once the
 * first half has vouched for the cut; what a one-thread read would have checked across the cut
 * (an order's date against the first half's, a blank line at the end of the first half) is checked
 * by the main thread afterwards.
 *
 * Errors are the one-thread read's: the first in file order wins. The first half's are exact as
 * they are. A second-half error with nothing before it in the first half's state is moved by the
 * first half's line count; anything else — an error naming another line, a cross-half problem, a
 * blank line before the cut — re-reads the second half on the main thread from the first half's
 * state (ReadState), which reports exactly what a one-thread read would.
 */

/**
 * Below this size the one-thread read is as fast: two workers' start (loading the loader through
 * tsx's hooks in each) and the merge cost what the second core saves (bench/README.md, "Cold CSV load
 * on two cores").
 */
export const PARALLEL_READ_MIN_BYTES = 64 << 20;

const HASH_CHUNK = 4 << 20;

export interface ParseJob {
  fd: number;
  path: string;
  source: DataSource;
  range: { start: number; end: number };
  /**
   * The first half: its columns are allocated for its own lines plus the second half's (a
   * SecondHalfLines message) and returned at that length; the second half's posts its line count.
   */
  first: boolean;
  requiredColumns?: readonly string[];
  keepColumns?: readonly string[];
}

/** What the main thread tells the first half's worker: the second half's line count. */
export interface SecondHalfLines {
  lines: number;
}

export type ParseWorkerMessage =
  | { type: "progress"; bytes: number }
  | { type: "lines"; lines: number }
  | { type: "slice"; slice: FrameSlice }
  | { type: "range-cut" }
  | {
      type: "data-error";
      problem: string;
      line?: number;
      column?: { index: number; name?: string };
      value?: string;
      relatedLine?: number;
      /** The orders read before the error. */
      orders: OrderArrays;
    }
  | { type: "failed"; message: string };

type Outcome = Exclude<ParseWorkerMessage, { type: "progress" | "lines" }>;

/**
 * How a read went: on one thread (small file, one core, "never", no cut found); on two; on two with
 * the second half re-read on the main thread (an error or check across the cut); or on one after
 * the cut fell inside a quoted field, or after a worker failed to start or crashed (a server bundle
 * that cannot load the TypeScript worker: the read still succeeds).
 */
export type ReadStrategy = "one thread" | "two threads" | "two threads, second half re-read" | "one thread, cut inside a record" | "one thread, a worker failed";

export interface ParallelReadOptions extends Pick<LoadOptions, "requiredColumns" | "keepColumns" | "onProgress"> {
  /**
   * "auto" (default): two worker threads for files of PARALLEL_READ_MIN_BYTES or more on a machine
   * with two cores or more; "always": whatever the size (tests); "never": one thread.
   */
  parallel?: "auto" | "always" | "never";
  /** Told how the read went (tests, benchmarks), before it returns or throws. */
  onStrategy?: (strategy: ReadStrategy) => void;
  /** The workers' module (default parse-worker.ts): tests give one that fails, to see the fallback. */
  workerModule?: URL;
}

/**
 * Reads and validates a feature-frame CSV, on two cores where it pays, into the frame with narrow
 * numeric columns (narrow-columns.ts). Throws the DataError a one-thread read throws.
 */
export async function readFeatureFrameCsvParallel(path: string, source: DataSource, options: ParallelReadOptions = {}): Promise<FeatureFrame> {
  const mode = options.parallel ?? "auto";
  const fd = openFeatureFrameFile(path);
  try {
    const oneThread = mode === "never" || (mode === "auto" && (Number(fs.fstatSync(fd).size) < PARALLEL_READ_MIN_BYTES || os.availableParallelism() < 2));
    const cut = oneThread ? null : planCut(fd);
    if (cut === null) {
      options.onStrategy?.("one thread");
      return sequential(fd, path, source, options);
    }
    return await readHalves(fd, path, source, options, cut);
  } finally {
    fs.closeSync(fd);
  }
}

function sequential(fd: number, path: string, source: DataSource, options: ParallelReadOptions): FeatureFrame {
  const { requiredColumns, keepColumns, onProgress } = options;
  return readFeatureFrameFd(fd, path, source, { requiredColumns, keepColumns, onProgress, narrow: true }).frame;
}

const PLAN_WINDOW = 1 << 20;

/**
 * The two halves: from the first byte after the header's newline to just after the first newline at
 * or past the middle of the data, and from there to the end. Null when there is no such newline
 * within 1 MiB (a file that odd is read on one thread).
 */
export function planCut(fd: number): { dataStart: number; cut: number; size: number } | null {
  const size = Number(fs.fstatSync(fd).size);
  const head = readAt(fd, 0, Math.min(size, PLAN_WINDOW));
  const lf = head.indexOf(10);
  if (lf < 0) return null;
  const dataStart = lf + 1;
  if (dataStart >= size) return null;
  const middle = dataStart + Math.floor((size - dataStart) / 2);
  const around = readAt(fd, middle, Math.min(PLAN_WINDOW, size - middle));
  const at = around.indexOf(10);
  if (at < 0 || middle + at + 1 >= size) return null;
  return { dataStart, cut: middle + at + 1, size };
}

/** Hashes every byte of the file as the one-thread reader does, reading ahead while it hashes. */
async function hashFile(fd: number, size: number, stop: { stopped: boolean }): Promise<{ fingerprint: string; bytes: number } | null> {
  const hasher = contentHasher();
  const buffers = [Buffer.allocUnsafe(HASH_CHUNK), Buffer.allocUnsafe(HASH_CHUNK)];
  const read = (buffer: Buffer, position: number) =>
    new Promise<number>((resolve, reject) => fs.read(fd, buffer, 0, buffer.length, position, (error, n) => (error ? reject(error) : resolve(n))));
  let position = 0;
  let which = 0;
  let pending = read(buffers[0], 0);
  for (;;) {
    const n = await pending;
    if (stop.stopped) return null;
    if (n === 0) break;
    const current = buffers[which];
    position += n;
    which ^= 1;
    pending = read(buffers[which], position);
    hasher.update(current.subarray(0, n));
  }
  return position === size ? { fingerprint: hasher.digest(), bytes: position } : { fingerprint: "", bytes: position };
}

async function readHalves(
  fd: number,
  path: string,
  source: DataSource,
  options: ParallelReadOptions,
  plan: { dataStart: number; cut: number; size: number },
): Promise<FeatureFrame> {
  const identity = descriptorIdentity(fd);
  const ranges = [
    { start: plan.dataStart, end: plan.cut },
    { start: plan.cut, end: plan.size },
  ];
  const progress = [0, 0];
  const outcomes: Promise<Outcome>[] = [];
  // The second half's line count, passed on to the first half's worker once (counted here if the
  // second worker fails before it tells, so that the first never waits for nothing).
  let secondLines: number | null = null;
  let started: (Worker | null)[] = [];
  const tellFirst = (lines: number) => {
    if (secondLines !== null) return;
    secondLines = lines;
    const message: SecondHalfLines = { lines };
    started[0]?.postMessage(message);
  };
  started = ranges.map((range, w) => {
    let worker: Worker;
    const job: ParseJob = { fd, path, source, range, first: w === 0, requiredColumns: options.requiredColumns, keepColumns: options.keepColumns };
    try {
      worker = startTypeScriptWorker(options.workerModule ?? new URL("./parse-worker.ts", import.meta.url), { workerData: job });
    } catch (error) {
      const failed = Promise.reject(error as Error);
      failed.catch(() => {});
      outcomes.push(failed);
      return null;
    }
    outcomes.push(
      new Promise<Outcome>((resolve, reject) => {
        worker.on("message", (message: ParseWorkerMessage) => {
          if (message.type === "progress") {
            progress[w] = message.bytes;
            options.onProgress?.(plan.dataStart + progress[0] + progress[1], plan.size);
          } else if (message.type === "lines") tellFirst(message.lines);
          else resolve(message);
        });
        worker.on("error", reject);
        worker.on("exit", (code) => reject(new Error(`CSV parse worker exited with code ${code} before reporting`)));
      }),
    );
    outcomes[w].catch(() => {}); // awaited below, or dropped when the other half decides first
    return worker;
  });
  const workers = started.filter((worker): worker is Worker => worker !== null);
  let finished = false; // the descriptor is closed after it
  void outcomes[1]
    .catch(() => {})
    .then(() => {
      if (finished || secondLines !== null) return;
      try {
        tellFirst(countRecordLines(fd, ranges[1].start, ranges[1].end));
      } catch {
        void started[0]?.terminate(); // the first half's read then fails too, and the fallback reports
      }
    });
  const stopHashing = { stopped: false };
  const hashed = hashFile(fd, plan.size, stopHashing);
  hashed.catch(() => {}); // awaited below
  const outcome = (w: number): Promise<Outcome> => outcomes[w].catch((error: Error) => ({ type: "failed", message: error.stack ?? String(error) }));
  // Nothing may still read the descriptor when the caller closes it.
  const stopAll = async () => {
    stopHashing.stopped = true;
    await Promise.all(workers.map((worker) => worker.terminate()));
    await hashed.catch(() => null);
  };
  const fallBack = async (strategy: ReadStrategy) => {
    await stopAll();
    options.onStrategy?.(strategy);
    return sequential(fd, path, source, options);
  };

  try {
    const first = await outcome(0);
    // The cut fell inside a quoted field: a one-thread read decides everything.
    if (first.type === "range-cut") return await fallBack("one thread, cut inside a record");
    if (first.type === "failed") return await fallBack("one thread, a worker failed");
    if (first.type === "data-error") {
      options.onStrategy?.("two threads");
      throw rebuild(path, first, 0);
    }
    const second = await outcome(1);
    if (second.type === "failed") return await fallBack("one thread, a worker failed");
    if (second.type === "range-cut") throw new Error("internal: the last range of a file cannot end inside a record");

    const conflict = firstCrossConflict(first.slice, second.type === "slice" ? second.slice : second.orders);
    const offset = first.slice.end.line - 2;
    let secondSlice: FrameSlice;
    if (second.type === "slice" && conflict === Infinity && (first.slice.end.blankLine === 0 || second.slice.rows === 0)) {
      secondSlice = second.slice;
      options.onStrategy?.("two threads");
    } else if (second.type === "data-error" && second.line !== undefined && second.relatedLine === undefined && conflict > second.line && first.slice.end.blankLine === 0) {
      options.onStrategy?.("two threads");
      throw rebuild(path, second, offset);
    } else if (second.type === "data-error" && second.line === undefined) {
      options.onStrategy?.("two threads");
      throw rebuild(path, second, 0);
    } else {
      // Something the one-thread read would see across the cut: read the second half as its continuation.
      options.onStrategy?.("two threads, second half re-read");
      secondSlice = sliceOf(
        readFeatureFrameFd(fd, path, source, {
          requiredColumns: options.requiredColumns,
          keepColumns: options.keepColumns,
          range: ranges[1],
          resume: resumeState(first.slice),
          partial: true,
          narrow: true,
        }),
      );
    }

    const digest = await hashed;
    if (!digest || digest.bytes !== plan.size || descriptorIdentity(fd) !== identity) {
      throw new DataError(path, "the file changed while it was read: read it again once it is complete");
    }
    const rows = first.slice.rows + secondSlice.rows;
    if (rows === 0) throw new DataError(path, "no data rows after the header", { line: 2 });
    const frame = mergeSlices(first.slice, secondSlice, { ...source, size: plan.size, fingerprint: digest.fingerprint, identity });
    options.onProgress?.(plan.size, plan.size);
    return frame;
  } finally {
    finished = true;
    await stopAll();
  }
}

/** A worker's DataError as the main thread throws it, its lines moved by `offset`. */
function rebuild(path: string, error: Extract<Outcome, { type: "data-error" }>, offset: number): DataError {
  return new DataError(path, error.problem, {
    line: error.line === undefined ? undefined : error.line + offset,
    column: error.column,
    value: error.value,
    relatedLine: error.relatedLine,
  });
}

/**
 * The slice-relative line of the second half's first row of an order that the first half saw with
 * another created_at (the one-thread read's "two dates" error there), Infinity for none.
 */
function firstCrossConflict(first: OrderArrays, second: OrderArrays): number {
  const dates = new Map<number, number>();
  for (let k = 0; k < first.orderIds.length; k++) dates.set(first.orderIds[k], first.orderCreatedAt[k]);
  let line = Infinity;
  for (let k = 0; k < second.orderIds.length; k++) {
    const before = dates.get(second.orderIds[k]);
    if (before !== undefined && before !== second.orderCreatedAt[k] && second.orderFirstLine[k] < line) line = second.orderFirstLine[k];
  }
  return line;
}

function resumeState(first: FrameSlice): ReadState {
  const orderCreatedAt = new Map<number, number>();
  const orderFirstLine = new Map<number, number>();
  for (let k = 0; k < first.orderIds.length; k++) {
    orderCreatedAt.set(first.orderIds[k], first.orderCreatedAt[k]);
    orderFirstLine.set(first.orderIds[k], first.orderFirstLine[k]);
  }
  return { line: first.end.line, rows: first.rows, blankLine: first.end.blankLine, orderCreatedAt, orderFirstLine };
}
