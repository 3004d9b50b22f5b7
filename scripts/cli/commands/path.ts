import type { Command } from "commander";
import { loadWorkspaceData } from "../../../lib/data/workspace-data";
import { ENCODINGS, type Encoding } from "../../../lib/features/pipeline";
import { computeRegularizationPath, PATH_TOL } from "../../../lib/experiments/paths/path-runner";
import { PATH_PENALTIES, writePath } from "../../../lib/experiments/paths/regularization-path";
import type { Penalty } from "../../../lib/experiments/definitions/definition";
import { resolveWorkspace } from "../../../lib/workspace";
import { CliError } from "../errors";
import { progressBar, runEventWriter, stagedProgress } from "../progress";
import { parsePositiveInt, parsePositiveNumber } from "../options";

export function registerPathCommand(program: Command): void {
  program
    .command("path")
    .description("fit one encoding × penalty over a log-spaced grid of C with warm starts (the regularization path explorer's data)")
    .requiredOption("--encoding <encoding>", `one of ${ENCODINGS.join(", ")}`)
    .requiredOption("--penalty <penalty>", `one of ${PATH_PENALTIES.join(", ")}`)
    .option("--points <n>", "values of C", parsePositiveInt("--points"), 30)
    .option("--tol <x>", `stopping tolerance of each fit (max-abs gradient of the rescaled objective)`, parsePositiveNumber("--tol"), PATH_TOL)
    .option("--json-events", "print progress as JSON lines on stdout")
    .action(async (options: { encoding: string; penalty: string; points: number; tol: number; jsonEvents?: boolean }) => {
      if (!ENCODINGS.includes(options.encoding as Encoding)) throw new CliError(`--encoding must be one of ${ENCODINGS.join(", ")}, got '${options.encoding}'`);
      if (!PATH_PENALTIES.includes(options.penalty as Penalty)) throw new CliError(`--penalty must be one of ${PATH_PENALTIES.join(", ")}, got '${options.penalty}'`);
      const ws = resolveWorkspace();
      const emit = runEventWriter(options.jsonEvents);
      emit({ type: "stage", stage: "loading data" });
      const staged = stagedProgress();
      const data = await loadWorkspaceData(ws, options.jsonEvents ? undefined : staged.onProgress, { parallel: "auto" });
      staged.stop();
      emit({ type: "stage", stage: "building features" });
      const bar = options.jsonEvents ? null : progressBar("path");
      const result = await computeRegularizationPath(data, {
        encoding: options.encoding as Encoding,
        penalty: options.penalty as Penalty,
        points: options.points,
        tol: options.tol,
        onProgress: (done, total, C) => {
          emit({ type: "progress", iteration: done, loss: C });
          emit({ type: "stage", stage: `fitting C ${done} of ${total}` });
          bar?.update(done, total, { detail: `C = ${C}` });
        },
      });
      bar?.stop();
      writePath(ws.pathsDir, result);
      if (!options.jsonEvents) {
        const iterations = result.points.reduce((sum, p) => sum + p.iterations, 0);
        process.stdout.write(
          `${options.points}-point ${options.encoding} × ${options.penalty} path in ${result.seconds.total.toFixed(1)} s ` +
            `(features ${result.seconds.features.toFixed(1)} s, fits and evaluation ${result.seconds.fits.toFixed(1)} s, ${iterations} iterations)\n`,
        );
      }
    });
}
