import { parentPort, workerData } from "node:worker_threads";
import { MatrixArena } from "../features/pipeline";
import { scoreRange, type RangeJob } from "./predict-slice";

/*
 * One worker of a parallel `pushlab predict` (see predict-parallel.ts): parses, validates and scores
 * the byte ranges the main thread sends, one at a time, and sends back each range's output lines
 * (transferred, not copied). Any problem with the input is reported as "bail": the main thread then
 * re-reads the file sequentially for the exact error.
 */
const job = workerData as RangeJob;
const arena = new MatrixArena(false);

parentPort!.on("message", (message: { type: "score"; index: number; start: number; end: number }) => {
  try {
    const scored = scoreRange(job, { start: message.start, end: message.end }, arena);
    const output = scored.output.buffer as ArrayBuffer;
    parentPort!.postMessage(
      { type: "scored", index: message.index, ...scored, output, outputLength: scored.output.length },
      [output, scored.orderIds.buffer as ArrayBuffer, scored.orderCreatedAt.buffer as ArrayBuffer],
    );
  } catch (error) {
    parentPort!.postMessage({ type: "bail", index: message.index, reason: `${(error as Error).name}: ${(error as Error).message}` });
  }
});
