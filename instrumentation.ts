/**
 * Runs once when the server starts. `pushlab serve` sets PUSHLAB_SERVE_GRID=1 when the data or some
 * experiments are not current: the grid then runs behind the app in the run queue, and the pages show
 * its progress, instead of the server waiting for it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.PUSHLAB_SERVE_GRID !== "1") return;
  const { runQueue } = await import("./lib/experiments/run-queue-service");
  const { startGridRun } = await import("./lib/experiments/serve-grid");
  const { resolveWorkspace } = await import("./lib/workspace");
  startGridRun(runQueue(resolveWorkspace()), (line) => console.error(line));
}
