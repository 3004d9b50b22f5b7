import fs from "node:fs";
import os from "node:os";
import type { Worker } from "node:worker_threads";
import { readAt } from "../data/csv/chunk-reader";
import type { DataSource } from "../data/feature-frame";
import type { ScoringProfile } from "../monitoring/scoring-profile";
import { addProfile, outputHeader, type RangeJob, type ScoringModel } from "./predict-slice";
import { startTypeScriptWorker } from "../worker-thread";

/**
 * The parallel read of `pushlab predict`, streamed: the file's data cut into ranges of ≈ 32 MB at
 * newlines; two worker threads (predict-worker.ts) each parse, validate and score one range at a
 * time and send back its output lines, which the main thread writes in order as they come. At most
 * two ranges per worker are out at once, so memory is bounded by the range size, not the file
 * (bench/README.md has the figures). Only files without a `"` byte take this path (a newline inside a
 * quoted field could be a cut), which the workers check as they read. Anything unusual — a quote, any
 * invalid value, an order whose date differs between ranges, a blank line before the last range —
 * makes it give up (ParallelBail) and the caller discards what was written and reads the whole file
 * sequentially (streamed too), which reports the exact first problem.
 */

/** Below this size the workers' start-up (≈ 0.3 s for tsx) outweighs the gain. */
export const PARALLEL_MIN_BYTES = 64 << 20;
/** Bytes of input per range: large enough that per-range costs (a 4 MiB header read, messages) stay small. */
export const RANGE_BYTES = 32 << 20;
const WORKERS = 2;
/** Ranges given to one worker before it returns one: the next is queued while it works on the current. */
const PER_WORKER = 2;

export interface SlicePlan {
  /** The output's header line: the input header (no BOM, no CR) plus the two new columns. */
  header: Buffer;
  /** Record-aligned byte ranges covering the data, in file order. */
  slices: { start: number; end: number }[];
}

/** Thrown when the parallel read leaves the file to the sequential one. */
export class ParallelBail extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "ParallelBail";
  }
}

/** The first newline at or after `from`, or -1 (end of file). */
function newlineFrom(fd: number, from: number, size: number): number {
  for (let at = from; at < size; at += 64 << 10) {
    const window = readAt(fd, at, Math.min(64 << 10, size - at));
    const lf = window.indexOf(10);
    if (lf >= 0) return at + lf;
  }
  return -1;
}

/**
 * The data cut into ranges of about `rangeBytes`, each ending just after a newline, or null when the
 * file is too small (unless forced) or has no data line.
 */
export function planSlices(source: DataSource, force = false, rangeBytes = RANGE_BYTES): SlicePlan | null {
  if (!force && (source.size < PARALLEL_MIN_BYTES || os.availableParallelism() < 2)) return null;
  const fd = fs.openSync(source.path, "r");
  try {
    const size = Number(fs.fstatSync(fd).size);
    const head = readAt(fd, 0, Math.min(size, 1 << 20));
    const lf = head.indexOf(10);
    if (lf < 0) return null;
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const headerEnd = lf > bom && head[lf - 1] === 13 ? lf - 1 : lf;
    const dataStart = lf + 1;
    if (dataStart >= size) return null;
    const slices: SlicePlan["slices"] = [];
    for (let start = dataStart; start < size; ) {
      const cut = start + rangeBytes >= size ? -1 : newlineFrom(fd, start + rangeBytes - 1, size);
      const end = cut < 0 ? size : cut + 1;
      slices.push({ start, end });
      start = end;
    }
    return { header: outputHeader(head.subarray(bom, headerEnd)), slices };
  } finally {
    fs.closeSync(fd);
  }
}

type WorkerMessage =
  | {
      type: "scored";
      index: number;
      rows: number;
      pushes: number;
      output: ArrayBuffer;
      outputLength: number;
      trailingBlankLines: boolean;
      orderIds: Float64Array;
      orderCreatedAt: Float64Array;
      profile: ScoringProfile | null;
    }
  | { type: "bail"; index: number; reason: string };

export interface ParallelResult {
  rows: number;
  pushes: number;
  /** The scoring profile of the whole file (when asked for), added up from the ranges'. */
  profile: ScoringProfile | null;
  /** Seconds the main thread spent writing. */
  writeSeconds: number;
}

/** Writes all of `bytes` to `fd` (writeSync may write fewer bytes than asked). */
export function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * Scores the plan's ranges on two worker threads and writes the header and every range's lines to
 * `out` in file order. Throws ParallelBail when the sequential read must decide (the caller discards
 * `out`), and the first write error as it is.
 */
export async function predictInParallel(
  model: ScoringModel,
  source: DataSource,
  plan: SlicePlan,
  out: number,
  onProgress?: (done: number, total: number) => void,
  monitor?: RangeJob["monitor"],
): Promise<ParallelResult> {
  const job: RangeJob = { file: source.path, source, model: { pipeline: model.pipeline, coef: model.coef, intercept: model.intercept, threshold: model.threshold }, monitor };
  const workers: Worker[] = Array.from({ length: Math.min(WORKERS, plan.slices.length) }, () => startTypeScriptWorker(new URL("./predict-worker.ts", import.meta.url), { workerData: job }));
  const outstanding = workers.map(() => 0);
  let writeSeconds = 0;
  let rows = 0;
  let pushes = 0;
  let profile: ScoringProfile | null = null;
  let bytesDone = 0;
  const dates = new Map<number, number>();
  const t = performance.now();
  writeAll(out, plan.header);
  writeSeconds += (performance.now() - t) / 1000;
  try {
    await new Promise<void>((resolve, reject) => {
      let dispatched = 0;
      let written = 0;
      let failed = false;
      const arrived = new Map<number, Extract<WorkerMessage, { type: "scored" }>>();
      const fail = (error: Error) => {
        if (!failed) reject(error);
        failed = true;
      };
      const dispatch = () => {
        while (dispatched < plan.slices.length && dispatched < written + WORKERS * PER_WORKER) {
          let w = 0;
          for (let k = 1; k < workers.length; k++) if (outstanding[k] < outstanding[w]) w = k;
          if (outstanding[w] >= PER_WORKER) break;
          outstanding[w]++;
          const { start, end } = plan.slices[dispatched];
          workers[w].postMessage({ type: "score", index: dispatched, start, end });
          dispatched++;
        }
        if (written === plan.slices.length) resolve();
      };
      // What one read of the whole file checks across it: blank lines only at its end, one date per order.
      const writeRange = (range: Extract<WorkerMessage, { type: "scored" }>) => {
        if (range.trailingBlankLines && range.index < plan.slices.length - 1) throw new ParallelBail("a blank line before the last range");
        for (let k = 0; k < range.orderIds.length; k++) {
          const previous = dates.get(range.orderIds[k]);
          if (previous === undefined) dates.set(range.orderIds[k], range.orderCreatedAt[k]);
          else if (previous !== range.orderCreatedAt[k]) throw new ParallelBail(`order ${range.orderIds[k]} has two dates across ranges`);
        }
        const started = performance.now();
        writeAll(out, new Uint8Array(range.output, 0, range.outputLength));
        writeSeconds += (performance.now() - started) / 1000;
        rows += range.rows;
        pushes += range.pushes;
        if (monitor) profile = addProfile(profile, range.profile!);
        const slice = plan.slices[range.index];
        bytesDone += slice.end - slice.start;
        onProgress?.(bytesDone, source.size);
      };
      workers.forEach((worker, w) => {
        worker.on("message", (message: WorkerMessage) => {
          if (failed) return;
          outstanding[w]--;
          if (message.type === "bail") {
            fail(new ParallelBail(message.reason));
            return;
          }
          arrived.set(message.index, message);
          try {
            while (arrived.has(written)) {
              const range = arrived.get(written)!;
              arrived.delete(written);
              writeRange(range);
              written++;
            }
          } catch (error) {
            fail(error as Error);
            return;
          }
          dispatch();
        });
        worker.on("error", (error) => fail(new ParallelBail(`a predict worker failed: ${error.message}`)));
        worker.on("exit", (code) => fail(new ParallelBail(`a predict worker exited with code ${code}`)));
      });
      dispatch();
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return { rows, pushes, profile, writeSeconds };
}
