import type { Command } from "commander";
import { resultRow } from "../../../lib/experiments/results/results-table";
import { readAllResults } from "../../../lib/experiments/results/results-store";
import { formatC } from "../../../lib/experiments/definitions/definition";
import { resolveWorkspace, type Workspace } from "../../../lib/workspace";
import { CliError } from "../errors";
import { runWorkspaceExperiments, type RunCommandOptions } from "../run-experiments";
import { textTable } from "../format";

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
    .option("--no-warm-start", "fit every experiment cold instead of continuing from its neighbour along C (the results agree within the fits' tolerance)")
    .option("--overlap", "hold each encoding's training and validation matrices at once and evaluate each fit beside the others (more memory; measured no faster on two cores)")
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
