import { parentPort, workerData } from "node:worker_threads";
import { RangeCutError, readFeatureFrameFd, type ReadState } from "../csv-loader";
import { DataError } from "../errors";
import { countRecordLines } from "./chunk-reader";
import { orderArrays, sliceBuffers, sliceOf } from "./frame-slice";
import type { ParseJob, ParseWorkerMessage, SecondHalfLines } from "./parallel-read";

/*
 * One byte range of a two-worker CSV read (see parallel-read.ts): its lines counted, then read narrow
 * by the loader on the descriptor the main thread opened, and handed back without copying. The
 * second half's worker posts its line count first; the first half's waits for it, to allocate its
 * columns for the whole file. A DataError goes back as its parts (line numbers relative to the
 * range), with the orders read before it, so the main thread can place it in the file.
 */
const job = workerData as ParseJob;
const post = (message: ParseWorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

function read(rowCapacity: number): void {
  let lastProgress = 0;
  // A fresh state held here, so the orders the read saw are still at hand after an error.
  const state: ReadState = { line: 2, rows: 0, blankLine: 0, orderCreatedAt: new Map(), orderFirstLine: new Map() };
  try {
    const result = readFeatureFrameFd(job.fd, job.path, job.source, {
      requiredColumns: job.requiredColumns,
      keepColumns: job.keepColumns,
      range: job.range,
      resume: state,
      partial: true,
      narrow: true,
      rowCapacity,
      allocatedColumns: job.first,
      onProgress: (bytes) => {
        const now = performance.now();
        if (now - lastProgress > 100) {
          lastProgress = now;
          post({ type: "progress", bytes });
        }
      },
    });
    const slice = sliceOf(result);
    post({ type: "slice", slice }, sliceBuffers(slice));
  } catch (error) {
    if (error instanceof RangeCutError) post({ type: "range-cut" });
    else if (error instanceof DataError) {
      const orders = orderArrays(state);
      post(
        { type: "data-error", problem: error.problem, line: error.line, column: error.column, value: error.value, relatedLine: error.relatedLine, orders },
        [orders.orderIds.buffer, orders.orderCreatedAt.buffer, orders.orderFirstLine.buffer] as ArrayBuffer[],
      );
    } else post({ type: "failed", message: (error as Error).stack ?? String(error) });
  }
}

try {
  const lines = countRecordLines(job.fd, job.range.start, job.range.end);
  if (job.first) parentPort!.once("message", (second: SecondHalfLines) => read(lines + second.lines));
  else {
    post({ type: "lines", lines });
    read(lines);
  }
} catch (error) {
  post({ type: "failed", message: (error as Error).stack ?? String(error) });
}
