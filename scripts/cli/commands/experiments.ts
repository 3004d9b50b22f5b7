import path from "node:path";
import type { Command } from "commander";
import { getDatasetSummary, loadWorkspaceData } from "../../../lib/data/workspace-data";
import { definitionDirs, loadExperimentSpecs, matchesPattern } from "../../../lib/experiments/definitions-store";
import { resultRow } from "../../../lib/experiments/results-table";
import { readAllResults } from "../../../lib/experiments/results-store";
import { runExperiments, type RunEvent } from "../../../lib/experiments/runner";
import { formatC } from "../../../lib/experiments/definition";
import { resolveWorkspace, type Workspace } from "../../../lib/workspace";
import { CliError } from "../main";
import { progressBar, stagedProgress } from "../progress";
import { textTable } from "../format";

import { PROJECT_ROOT } from "../paths";

export interface RunCommandOptions {
  only?: string;
  /** Exactly this experiment id. */
  id?: string;
  force?: boolean;
  workers?: number;
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
  const emit = (event: object) => options.jsonEvents && process.stdout.write(`${JSON.stringify(event)}\n`);
  const staged = stagedProgress();
  let dataStage = "";
  const data = await loadWorkspaceData(ws, (p) => {
    if (!options.jsonEvents) return staged.onProgress(p);
    const stage = p.stage === "generate" ? "generating data" : "loading data";
    if (stage !== dataStage) emit({ type: "stage", stage: (dataStage = stage) });
  });
  staged.stop();
  if (options.summary) {
    emit({ type: "stage", stage: "summarizing data" });
    await getDatasetSummary(ws);
  }
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
      if (event.type === "plan") emit({ type: "plan", total: event.total, current: event.current.length, toRun: event.toRun.length });
      else emit(event.type === "done" ? { type: "done", id: event.id, index: event.index, total: event.total } : event);
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
  if (lines) endGroup();
  for (const failure of summary.failed) process.stderr.write(`pushlab: ${failure.id} failed: ${failure.message}\n`);
  return { ran: summary.ran.length, current: summary.current.length, failed: summary.failed.length };
}

export function registerExperimentCommands(program: Command): void {
  program
    .command("run")
    .description("train and evaluate the experiments of experiments/*.json on train/validation; skips current results")
    .option("--only <pattern>", "only ids matching a glob (lr-onehot-*) or containing the text")
    .option("--id <id>", "exactly one experiment, by id")
    .option("--force", "recompute even when a stored result is current")
    .option("--workers <n>", "worker threads for fits (default: one per core; 0 = in-process)", (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new CliError(`--workers must be an integer ≥ 0, got '${v}'`);
      return n;
    })
    .option("--json-events", "print progress as JSON lines on stdout")
    .option("--summary", "also write the dataset summary the report shows")
    .action(async (options: RunCommandOptions) => {
      const ws = resolveWorkspace();
      const started = performance.now();
      const result = await runWorkspaceExperiments(ws, options);
      if (!options.jsonEvents) {
        process.stdout.write(
          `ran ${result.ran}, skipped ${result.current} current, ${result.failed} failed in ${((performance.now() - started) / 1000).toFixed(1)} s; results in ${ws.resultsDir}\n`,
        );
      }
      if (result.failed > 0) throw new CliError(`${result.failed} experiment(s) failed`);
    });

  program
    .command("results")
    .description("print the comparison table of stored experiment results (validation metrics)")
    .option("--json", "print an array of result rows as JSON")
    .option("--sort <metric>", "sort by averagePrecision | rocAuc | f03 | id", "averagePrecision")
    .action((options: { json?: boolean; sort: string }) => {
      const ws = resolveWorkspace();
      const rows = readAllResults(ws.resultsDir).map(resultRow);
      const key = options.sort;
      if (!["averagePrecision", "rocAuc", "f03", "id"].includes(key)) throw new CliError(`--sort must be averagePrecision, rocAuc, f03 or id; got '${key}'`);
      rows.sort((a, b) => (key === "id" ? a.id.localeCompare(b.id) : (b.validation as Record<string, number>)[key] - (a.validation as Record<string, number>)[key]));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write("no results yet: run `pushlab run`\n");
        return;
      }
      process.stdout.write(
        `${textTable(
          ["id", "encoding", "penalty", "C", "weights", "AP", "ROC-AUC", "Gini", "thr*", "P@thr*", "R@thr*", "F0.3", "fit s"],
          rows.map((r) => [
            r.id,
            r.encoding,
            r.penalty,
            r.C === null ? "-" : formatC(r.C),
            r.classWeight,
            r.validation.averagePrecision.toFixed(4),
            r.validation.rocAuc.toFixed(4),
            r.validation.gini.toFixed(4),
            r.validation.bestThreshold.toPrecision(3),
            r.validation.precision.toFixed(3),
            r.validation.recall.toFixed(3),
            r.validation.f03.toFixed(4),
            r.fitSeconds.toFixed(2),
          ]),
        )}\n`,
      );
    });
}
