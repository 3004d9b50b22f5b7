import { loadWorkspaceData } from "../../lib/data/workspace-data";
import { definitionDirs, loadExperimentSpecs, matchesPattern } from "../../lib/experiments/definitions-store";
import { runExperiments, type RunEvent } from "../../lib/experiments/runner";
import type { Workspace } from "../../lib/workspace";
import { CliError } from "./errors";
import { PROJECT_ROOT } from "./paths";
import { progressBar, stagedProgress } from "./progress";

export interface RunCommandOptions {
  only?: string;
  /** Exactly this experiment id. */
  id?: string;
  force?: boolean;
  workers?: number;
  quiet?: boolean;
  /** Machine-readable progress: one JSON event per line on stdout (used by the app's run queue). */
  jsonEvents?: boolean;
}

/** Runs the experiments that are not current; shared by `pushlab run` and `pushlab serve`. */
export async function runWorkspaceExperiments(ws: Workspace, options: RunCommandOptions): Promise<{ ran: number; current: number; failed: number }> {
  const specs = loadExperimentSpecs(definitionDirs(PROJECT_ROOT, ws.home)).filter((s) => (options.id ? s.id === options.id : matchesPattern(s.id, options.only)));
  if (specs.length === 0) throw new CliError(options.id ? `no experiment definition has the id '${options.id}'` : `no experiment matches '${options.only}'`);
  const emit = (event: object) => options.jsonEvents && process.stdout.write(`${JSON.stringify(event)}\n`);
  emit({ type: "stage", stage: "loading data" });
  const staged = stagedProgress();
  const data = await loadWorkspaceData(ws, options.jsonEvents ? undefined : staged.onProgress);
  staged.stop();
  const bar = options.quiet || options.jsonEvents ? null : progressBar("experiments");
  let started = false;
  const onEvent = (event: RunEvent) => {
    if (options.jsonEvents) {
      emit(event.type === "done" ? { type: "done", id: event.id, index: event.index, total: event.total } : event);
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
  const summary = await runExperiments({ resultsDir: ws.resultsDir, data, specs, force: options.force, workers: options.workers, onEvent });
  bar?.stop();
  for (const failure of summary.failed) process.stderr.write(`pushlab: ${failure.id} failed: ${failure.message}\n`);
  return { ran: summary.ran.length, current: summary.current.length, failed: summary.failed.length };
}
