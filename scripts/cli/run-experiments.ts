import { getDatasetSummary, loadWorkspaceData } from "../../lib/data/workspace-data";
import { definitionDirs, loadExperimentSpecs, matchesPattern } from "../../lib/experiments/definitions/definitions-store";
import { fromRunnerEvent } from "../../lib/experiments/queue/run-events";
import { runExperiments, type RunEvent } from "../../lib/experiments/running/runner";
import type { Workspace } from "../../lib/workspace";
import { CliError } from "./errors";
import { PROJECT_ROOT } from "./paths";
import { progressBar, runEventWriter, stagedProgress } from "./progress";

export interface RunCommandOptions {
  only?: string;
  /** Exactly this experiment id. */
  id?: string;
  force?: boolean;
  workers?: number;
  /** false: every fit cold (commander's --no-warm-start); default: warm-start chains along C. */
  warmStart?: boolean;
  /** true: evaluations beside the fits, both matrices held (--overlap); default: staged. */
  overlap?: boolean;
  quiet?: boolean;
  /** Machine-readable progress: one JSON event per line on stdout (used by the app's run queue). */
  jsonEvents?: boolean;
  /** Also write the dataset summary the report shows (the grid run of `pushlab serve`). */
  summary?: boolean;
}

/** Runs the experiments that are not current; shared by `pushlab run` and `pushlab serve`. */
export async function runWorkspaceExperiments(ws: Workspace, options: RunCommandOptions): Promise<{ ran: number; current: number; failed: number }> {
  const specs = loadExperimentSpecs(definitionDirs(PROJECT_ROOT, ws.home)).filter((s) => (options.id ? s.id === options.id : matchesPattern(s.id, options.only)));
  if (specs.length === 0) throw new CliError(options.id ? `no experiment definition has the id '${options.id}'` : `no experiment matches '${options.only}'`);
  const emit = runEventWriter(options.jsonEvents);
  const staged = stagedProgress();
  let dataStage = "";
  const data = await loadWorkspaceData(ws, (p) => {
    if (!options.jsonEvents) return staged.onProgress(p);
    const stage = p.stage === "generate" ? "generating data" : "loading data";
    if (stage !== dataStage) emit({ type: "stage", stage: (dataStage = stage) });
  }, { parallel: "auto" });
  staged.stop();
  const bar = options.quiet || options.jsonEvents || !process.stderr.isTTY ? null : progressBar("experiments");
  // Not a terminal (a log file, CI): one line per encoding group, with its duration, instead of a bar.
  const lines = !options.quiet && !options.jsonEvents && !process.stderr.isTTY;
  let group: { label: string; started: number } | null = null;
  let finished = 0;
  let planned = 0;
  const endGroup = () => {
    if (group) process.stderr.write(`pushlab: ${group.label} ${((performance.now() - group.started) / 1000).toFixed(1)} s (${finished} of ${planned} done)\n`);
    group = null;
  };
  let started = false;
  const onEvent = (event: RunEvent) => {
    if (lines) {
      if (event.type === "plan") {
        planned = event.toRun.length;
        if (event.current.length) process.stderr.write(`pushlab: ${event.current.length} of ${event.total} experiments are current and skipped\n`);
      } else if (event.type === "features") {
        endGroup();
        group = { label: `encoding ${event.encoding}: features and ${event.experiments} fit(s)`, started: performance.now() };
      } else if (event.type === "done" || event.type === "failed") finished = event.index;
    }
    if (options.jsonEvents) {
      emit(fromRunnerEvent(event));
      return;
    }
    if (!bar) return;
    if (event.type === "plan") {
      if (event.current.length) process.stderr.write(`pushlab: ${event.current.length} of ${event.total} experiments are current and skipped\n`);
      if (event.toRun.length) {
        bar.update(0, event.toRun.length, { detail: "" });
        started = true;
      }
    } else if (started && event.type === "features") {
      bar.note(`features: ${event.encoding}`);
    } else if (started && event.type === "progress") {
      bar.note(`${event.id} iter ${event.iteration}`);
    } else if (started && (event.type === "done" || event.type === "failed")) {
      bar.update(event.index, undefined, { detail: event.id });
    }
  };
  const running = runExperiments({ resultsDir: ws.resultsDir, data, specs, force: options.force, workers: options.workers, warmStart: options.warmStart, overlap: options.overlap === true, onEvent });
  // runExperiments returns at its first wait, with the first fits on the worker threads: the summary
  // (one core, seconds at full size) is computed on this thread meanwhile instead of before the grid.
  let summarized: Promise<unknown> = Promise.resolve();
  if (options.summary) {
    emit({ type: "stage", stage: "summarizing data" });
    summarized = getDatasetSummary(ws);
  }
  const [summary] = await Promise.all([running, summarized]);
  bar?.stop();
  if (lines) endGroup();
  for (const failure of summary.failed) process.stderr.write(`pushlab: ${failure.id} failed: ${failure.message}\n`);
  return { ran: summary.ran.length, current: summary.current.length, failed: summary.failed.length };
}
