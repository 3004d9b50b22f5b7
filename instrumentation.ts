/**
 * Runs once when the server starts (Next's instrumentation hook). First the run queue is recovered,
 * not at the first request that happens to touch it: runs a previous server left queued or running are
 * marked at once as dropped or cut off (lib/experiments/queue/run-queue.ts). Then, when `pushlab serve` set
 * PUSHLAB_SERVE_GRID=1 because the data or some experiments are not current, the grid runs behind the
 * app in the run queue, and the pages show its progress, instead of the server waiting for it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Charts are drawn into the HTML by the server, so a page shows them without loading Plot in the browser.
  await (await import("./components/charts/server-plot")).installServerPlot();
  const { resolveWorkspace } = await import("./lib/workspace");
  const { recoverRuns } = await import("./lib/experiments/queue/run-queue");
  const { runQueue } = await import("./lib/experiments/queue/run-queue-service");
  const ws = resolveWorkspace();
  const { marked } = recoverRuns(ws.runsDir);
  const queue = runQueue(ws);
  for (const run of marked) process.stderr.write(`pushlab: run ${run.runId} (${run.key}) ${run.stage}\n`);
  if (process.env.PUSHLAB_SERVE_GRID !== "1") return;
  const { startGridRun } = await import("./lib/experiments/queue/serve-grid");
  startGridRun(queue, (line) => console.error(line));
}
