import fs from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { scoreSlice, writeSlice, type ScoredSlice, type SliceJob } from "./predict-slice";

/*
 * One slice of a parallel `pushlab predict` (see predict-parallel.ts): parse, validate and score the
 * slice, report its size, then write it where the main thread says. Any problem with the input is
 * reported as "bail": the main thread then re-reads the file sequentially for the exact error.
 */
const job = workerData as SliceJob;
let scored: ScoredSlice | null = null;
let lastProgress = 0;
try {
  scored = scoreSlice(job, (bytes) => {
    const now = performance.now();
    if (now - lastProgress > 100) {
      lastProgress = now;
      parentPort!.postMessage({ type: "progress", bytes });
    }
  });
  parentPort!.postMessage({
    type: "scored",
    rows: scored.rows,
    pushes: scored.pushes,
    outputBytes: scored.outputBytes,
    trailingBlankLines: scored.trailingBlankLines,
    orderIds: scored.orderIds,
    orderCreatedAt: scored.orderCreatedAt,
    profile: scored.profile,
  });
} catch (error) {
  parentPort!.postMessage({ type: "bail", reason: `${(error as Error).name}: ${(error as Error).message}` });
}

parentPort!.on("message", (message: { type: "write"; temp: string; offset: number } | { type: "stop" }) => {
  if (message.type === "stop" || scored === null) {
    parentPort!.close();
    return;
  }
  try {
    const fd = fs.openSync(message.temp, "r+");
    try {
      const bytes = writeSlice(job, scored, fd, message.offset);
      parentPort!.postMessage({ type: "written", bytes });
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    parentPort!.postMessage({ type: "error", message: (error as Error).message, code: (error as NodeJS.ErrnoException).code ?? null });
  }
  parentPort!.close();
});
