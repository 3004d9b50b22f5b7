import type { RunQueue, RunRecord } from "./run-queue";

/**
 * The grid run of `pushlab serve`: the app serves first, and the data (generated on first use, parsed,
 * summarized) and every experiment that is not current are computed behind it as one run of the run
 * queue, so every page can show what is still running and fill in as results land.
 */

export const GRID_KEY = "grid";
export const GRID_ARGS = ["run", "--json-events", "--summary"];

/** The newest grid run of this server, or null when `pushlab serve` started none. */
export function latestGridRun(queue: RunQueue): RunRecord | null {
  return queue.list(Number.MAX_SAFE_INTEGER).find((r) => r.kind === "grid") ?? null;
}

export function isActive(run: RunRecord | null): boolean {
  return run !== null && (run.status === "queued" || run.status === "running");
}

/** The grid run while it is queued or running; null once it has finished (or was never started). */
export function activeGridRun(queue: RunQueue): RunRecord | null {
  const run = latestGridRun(queue);
  return isActive(run) ? run : null;
}

/** One line per stage for the server's log: "grid: loading data 5.2 s (1 of 69 done)". */
export function describeStage(stage: string, seconds: number, progress: RunRecord["progress"]): string {
  const done = progress ? ` (${progress.done} of ${progress.total} done)` : "";
  return `pushlab: grid: ${stage} ${seconds.toFixed(1)} s${done}`;
}

/**
 * Queues the grid run and writes one line to `log` whenever its stage changes, with the duration of
 * the stage that ended, and a last line with the total time.
 */
export function startGridRun(queue: RunQueue, log: (line: string) => void, by = "pushlab serve"): RunRecord {
  const started = Date.now();
  let stage: string | null = null;
  let stageStarted = started;
  let lastProgress: RunRecord["progress"] = null;
  const record = queue.submit("grid", GRID_KEY, GRID_ARGS, by);
  const onChange = (r: RunRecord) => {
    if (r.runId !== record.runId) return;
    const now = Date.now();
    if (r.status === "running" && r.stage !== stage) {
      if (stage !== null && stage !== "starting") log(describeStage(stage, (now - stageStarted) / 1000, lastProgress));
      stage = r.stage;
      stageStarted = now;
    }
    lastProgress = r.progress;
    if (!isActive(r)) {
      if (stage !== null && stage !== "starting") log(describeStage(stage, (now - stageStarted) / 1000, lastProgress));
      const counts = r.progress ? `${r.progress.done} of ${r.progress.total} experiments` : "";
      log(`pushlab: grid: ${r.status}${r.error ? ` (${r.error})` : ""} — ${counts} in ${((now - started) / 1000).toFixed(1)} s`);
      queue.off("change", onChange);
    }
  };
  queue.on("change", onChange);
  onChange(record);
  return record;
}
