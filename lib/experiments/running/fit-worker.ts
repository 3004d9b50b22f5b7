import { parentPort } from "node:worker_threads";
import { EVALUATING, runFitJob, type FitJob } from "./fit-job";

/*
 * Worker-thread entry: receives a FitJob whose matrices live in SharedArrayBuffers (built once per
 * encoding by the runner and shared, not copied), fits, evaluates and posts the result back.
 */
parentPort!.on("message", (message: { jobId: number; job: FitJob }) => {
  let lastPost = 0;
  try {
    const result = runFitJob(message.job, (iteration, loss) => {
      const now = performance.now();
      if (iteration === EVALUATING || now - lastPost > 200) {
        lastPost = now;
        parentPort!.postMessage({ jobId: message.jobId, type: "progress", iteration, loss });
      }
    });
    parentPort!.postMessage({ jobId: message.jobId, type: "done", result });
  } catch (error) {
    parentPort!.postMessage({ jobId: message.jobId, type: "error", message: (error as Error).message });
  }
});
