import fs from "node:fs";
import os from "node:os";
import type { DataSource } from "../data/feature-frame";
import { mergeProfiles, type ScoringProfile } from "../monitoring/scoring-profile";
import type { ScoringModel, SliceJob } from "./predict-slice";
import { startTypeScriptWorker } from "../worker-thread";

/**
 * The parallel read of `pushlab predict`: the file's data split at a newline near its middle, each
 * half parsed, validated, scored and written by a worker thread (predict-worker.ts) at its offset of
 * the output. Only files without a `"` byte take this path (a newline inside a quoted field could be
 * the cut), which the workers check as they read. Anything unusual — a quote, any invalid value, an
 * order whose date differs between the halves, a blank line before the cut — makes it give up
 * (`null`) and the caller reads the whole file sequentially, which reports the exact first error.
 *
 * Two alternative schedules (streaming the first half while parsing; a smaller first part written early)
 * were measured and were no faster, so the simpler two-phase design stays (figures: bench/README.md,
 * "Designs tried").
 */

/** Below this size the workers' start-up (≈ 0.3 s for tsx) outweighs the gain. */
export const PARALLEL_MIN_BYTES = 64 << 20;

export interface SlicePlan {
  /** The output's header line: the input header (no BOM, no CR) plus the two new columns. */
  header: Buffer;
  slices: { start: number; end: number }[];
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buffer, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buffer.subarray(0, got);
}

/** Two slices cut at the first newline after the middle of the data, or null when the file is too small or odd. */
export function planSlices(source: DataSource, force = false): SlicePlan | null {
  if (!force && (source.size < PARALLEL_MIN_BYTES || os.availableParallelism() < 2)) return null;
  const fd = fs.openSync(source.path, "r");
  try {
    const head = readAt(fd, 0, Math.min(source.size, 1 << 20));
    const lf = head.indexOf(10);
    if (lf < 0) return null;
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const headerEnd = lf > bom && head[lf - 1] === 13 ? lf - 1 : lf;
    const dataStart = lf + 1;
    if (dataStart >= source.size) return null;
    const middle = dataStart + Math.floor((source.size - dataStart) / 2);
    const around = readAt(fd, middle, Math.min(1 << 20, source.size - middle));
    const cut = around.indexOf(10);
    if (cut < 0 || middle + cut + 1 >= source.size) return null;
    const split = middle + cut + 1;
    return {
      header: Buffer.concat([head.subarray(bom, headerEnd), Buffer.from(",purchase_probability,predicted_purchase\n")]),
      slices: [
        { start: dataStart, end: split },
        { start: split, end: source.size },
      ],
    };
  } finally {
    fs.closeSync(fd);
  }
}

type WorkerMessage =
  | { type: "progress"; bytes: number }
  | { type: "scored"; rows: number; pushes: number; outputBytes: number; trailingBlankLines: boolean; orderIds: Float64Array; orderCreatedAt: Float64Array; profile: ScoringProfile | null }
  | { type: "bail"; reason: string }
  | { type: "written"; bytes: number }
  | { type: "error"; message: string; code: string | null };

export interface ParallelSlices {
  rows: number;
  pushes: number;
  /** The scoring profile of the whole file (when asked for), merged from the slices'. */
  profile: ScoringProfile | null;
  /** Output bytes after the header, slice by slice. */
  outputBytes: number[];
  /** Writes every slice at its offset of `temp` (the header is the caller's); resolves when all are written. */
  write(temp: string, headerBytes: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts one worker per slice and resolves once every slice is parsed, validated and scored (and the
 * slices agree), or with `{ bail }` when the sequential read must decide.
 */
export async function scoreSlicesInParallel(
  model: ScoringModel,
  source: DataSource,
  plan: SlicePlan,
  onProgress?: (done: number, total: number) => void,
  monitor?: SliceJob["monitor"],
): Promise<ParallelSlices | { bail: string }> {
  const workerModel: ScoringModel = { pipeline: model.pipeline, coef: model.coef, intercept: model.intercept, threshold: model.threshold };
  const workers = plan.slices.map((range) => {
    const job: SliceJob = { file: source.path, source, range, model: workerModel, refuseQuotes: true, monitor };
    return startTypeScriptWorker(new URL("./predict-worker.ts", import.meta.url), { workerData: job });
  });
  const progress = plan.slices.map(() => 0);
  const listeners: ((message: WorkerMessage) => void)[] = workers.map(() => () => {});
  const failures: ((error: Error) => void)[] = workers.map(() => () => {});
  workers.forEach((worker, w) => {
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "progress") {
        progress[w] = message.bytes;
        onProgress?.(
          progress.reduce((a, b) => a + b, 0),
          source.size,
        );
      } else listeners[w](message);
    });
    worker.on("error", (error) => failures[w](error));
    worker.on("exit", (code) => failures[w](new Error(`predict worker exited with code ${code}`)));
  });
  const next = (w: number) =>
    new Promise<WorkerMessage>((resolve, reject) => {
      listeners[w] = resolve;
      failures[w] = reject;
    });
  const stop = async () => {
    await Promise.all(workers.map((worker) => worker.terminate()));
  };

  let scored: Extract<WorkerMessage, { type: "scored" }>[];
  try {
    // The first bail wins: no need to wait for the other slice.
    scored = await new Promise((resolve, reject) => {
      const results: Extract<WorkerMessage, { type: "scored" }>[] = [];
      let count = 0;
      workers.forEach((_, w) =>
        next(w).then((message) => {
          if (message.type !== "scored") {
            reject(new Error(message.type === "bail" ? message.reason : `unexpected ${message.type}`));
            return;
          }
          results[w] = message;
          if (++count === workers.length) resolve(results);
        }, reject),
      );
    });
  } catch (error) {
    await stop();
    return { bail: (error as Error).message };
  }

  // What a single read checks across the whole file: blank lines only at the end, one date per order.
  const bail = (reason: string) => stop().then(() => ({ bail: reason }));
  if (scored.slice(0, -1).some((s) => s.trailingBlankLines)) return bail("a blank line before the last slice");
  const dates = new Map<number, number>();
  for (const slice of scored) {
    for (let k = 0; k < slice.orderIds.length; k++) {
      const previous = dates.get(slice.orderIds[k]);
      if (previous === undefined) dates.set(slice.orderIds[k], slice.orderCreatedAt[k]);
      else if (previous !== slice.orderCreatedAt[k]) return bail(`order ${slice.orderIds[k]} has two dates across slices`);
    }
  }

  const outputBytes = scored.map((s) => s.outputBytes);
  return {
    rows: scored.reduce((a, s) => a + s.rows, 0),
    pushes: scored.reduce((a, s) => a + s.pushes, 0),
    profile: monitor ? mergeProfiles(scored.map((s) => s.profile!)) : null,
    outputBytes,
    stop,
    async write(temp: string, headerBytes: number) {
      let offset = headerBytes;
      const done = workers.map((_, w) => {
        const written = next(w);
        workers[w].postMessage({ type: "write", temp, offset });
        offset += outputBytes[w];
        return written;
      });
      const results = await Promise.allSettled(done);
      for (const [w, result] of results.entries()) {
        if (result.status === "rejected") throw result.reason;
        const message = result.value;
        if (message.type === "error") {
          const error = new Error(message.message) as NodeJS.ErrnoException;
          if (message.code) error.code = message.code;
          throw error;
        }
        if (message.type !== "written" || message.bytes !== outputBytes[w]) {
          throw new Error(`internal: slice ${w} wrote ${message.type === "written" ? message.bytes : message.type} bytes, expected ${outputBytes[w]}`);
        }
      }
    },
  };
}
