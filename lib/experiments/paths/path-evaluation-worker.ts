import { parentPort, workerData } from "node:worker_threads";
import { claimPoint, evaluatePathPoint, type PathValidation } from "./path-evaluation";

/*
 * Worker-thread side of PathEvaluator: holds the validation data (shared, not copied) and evaluates
 * each point it claims first while the main thread fits the next C.
 */
const { context, claims } = workerData as { context: PathValidation; claims: Int32Array };
parentPort!.on("message", (message: { id: number; coef: Float64Array; intercept: number }) => {
  if (!claimPoint(claims, message.id)) {
    parentPort!.postMessage({ id: message.id, skipped: true });
    return;
  }
  try {
    parentPort!.postMessage({ id: message.id, result: evaluatePathPoint(context, message.coef, message.intercept) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: (error as Error).message });
  }
});
