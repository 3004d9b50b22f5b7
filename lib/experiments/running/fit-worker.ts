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
    parentPort!.postMessage({ jobId: message.jobId, type: "done", result });
  } catch (error) {
    parentPort!.postMessage({ jobId: message.jobId, type: "error", message: (error as Error).message });
  }
});
