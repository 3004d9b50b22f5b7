import { parentPort } from "node:worker_threads";
import { EVALUATING, runPoolTask, type PoolTask } from "./fit-job";

/*
 * Worker-thread entry: receives one stage of an experiment (PoolTask: the fit, or the evaluation)
 * whose matrices live in SharedArrayBuffers (built once per encoding by the runner and shared, not
 * copied), runs it and posts the result back.
 */
parentPort!.on("message", (message: { jobId: number; task: PoolTask }) => {
  let lastPost = 0;
  try {
    const result = runPoolTask(message.task, (iteration, loss) => {
      const now = performance.now();
      if (iteration === EVALUATING || now - lastPost > 200) {
        lastPost = now;
        parentPort!.postMessage({ jobId: message.jobId, type: "progress", iteration, loss });
      }
    });
    // The score arrays are transferred, not copied: at 10× the real size a structured clone of two
    // fits' training scores held ≈ 0.24 GB more in the main thread (bench/README.md, "Scale").
    const transfer: ArrayBuffer[] = [];
    for (const scores of [(result as { trainScores?: Float64Array | null }).trainScores, (result as { scores?: Float64Array }).scores]) {
      if (scores && scores.buffer instanceof ArrayBuffer && scores.byteOffset === 0 && scores.byteLength === scores.buffer.byteLength) transfer.push(scores.buffer);
    }
    parentPort!.postMessage({ jobId: message.jobId, type: "done", result }, transfer);
  } catch (error) {
    parentPort!.postMessage({ jobId: message.jobId, type: "error", message: (error as Error).message });
  }
});
