/**
 * Runs once when the server starts (Next's instrumentation hook): the run queue is recovered then,
 * not at the first request that happens to touch it, so runs a previous server left queued or running
 * are marked at once as dropped or cut off (lib/experiments/run-queue.ts), and the queue is ready.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { resolveWorkspace } = await import("./lib/workspace");
  const { recoverRuns } = await import("./lib/experiments/run-queue");
  const { runQueue } = await import("./lib/experiments/run-queue-service");
  const ws = resolveWorkspace();
  const { marked } = recoverRuns(ws.runsDir);
  runQueue(ws);
  for (const run of marked) process.stderr.write(`pushlab: run ${run.runId} (${run.key}) ${run.stage}\n`);
}
