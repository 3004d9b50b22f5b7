import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { loadWorkspaceData } from "../../../lib/data/workspace-data";
import { activateVersion, listVersions, loadModel, readHistory, selectModel } from "../../../lib/registry/registry";
import { isParquetInput } from "../../../lib/data/parquet-loader";
import { defaultPredictionsPath, predictFile } from "../../../lib/registry/predict-file";
import { defaultParquetPredictionsPath, predictParquet } from "../../../lib/registry/predict-parquet";
import { exportOnnx, onnxInputName } from "../../../lib/registry/onnx-export";
import { writeFileAtomicSync } from "../../../lib/fs-atomic";
import { DataError } from "../../../lib/data/errors";
import { resolveWorkspace } from "../../../lib/workspace";
import { textTable } from "../format";
import { progressBar, stagedProgress } from "../progress";

/** The CLI runs locally and is trusted: its actor is the OS user. */
function cliActor(): string {
  return `cli:${os.userInfo().username}`;
}

function parseThreshold(raw: string): number {
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) throw new InvalidArgumentError(`--threshold must be a number, got '${raw}'.`);
  return value;
}

export function registerRegistryCommands(program: Command): void {
  program
    .command("select")
    .description("select an experiment as the model: evaluate it on the test split and write a new active registry version")
    .argument("<id>", "experiment id (see pushlab results)")
    .option("--threshold <t>", "operating threshold (default: the one kept on the experiment page, else the best-F0.3 threshold)", parseThreshold)
    .option("--note <text>", "why this model")
    .option("--refit", "refit the same configuration on train + validation before saving")
    .option("--json", "print the new version as JSON")
    .action(async (id: string, options: { threshold?: number; note?: string; refit?: boolean; json?: boolean }) => {
      const ws = resolveWorkspace();
      const progress = stagedProgress();
      const data = await loadWorkspaceData(ws, progress.onProgress);
      progress.stop();
      const entry = await selectModel(ws.registryDir, ws.resultsDir, data, { experimentId: id, threshold: options.threshold, note: options.note ?? null, refit: options.refit, actor: cliActor() });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(entry, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `selected ${id} as ${entry.version} (active)${entry.refit ? ", refitted on train + validation" : ""}\n` +
          `threshold ${entry.threshold.toPrecision(4)}; test AP ${entry.test.averagePrecision.toFixed(4)}, ROC-AUC ${entry.test.rocAuc.toFixed(4)}, ` +
          `precision ${entry.test.precision.toFixed(3)}, recall ${entry.test.recall.toFixed(3)}, F0.3 ${entry.test.f03.toFixed(4)}\n`,
      );
    });

  const registry = program.command("registry").description("list the registry's versions, show its history, or activate (roll back to) a version");
  registry
    .command("list")
    .description("versions with their metrics; * marks the active one")
    .option("--json", "print registry.json")
    .action((options: { json?: boolean }) => {
      const index = listVersions(resolveWorkspace().registryDir);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(index, null, 2)}\n`);
        return;
      }
      if (index.versions.length === 0) {
        process.stdout.write("the registry is empty: select a model with `pushlab select ID`\n");
        return;
      }
      process.stdout.write(
        `${textTable(
          ["", "version", "experiment", "created", "by", "threshold", "val AP", "test AP", "test F0.3"],
          index.versions.map((v) => [
            v.version === index.active ? "*" : "",
            v.version,
            v.experimentId,
            v.createdAt.slice(0, 19).replace("T", " "),
            v.actor,
            v.threshold.toPrecision(3),
            v.validation.averagePrecision.toFixed(4),
            v.test.averagePrecision.toFixed(4),
            v.test.f03.toFixed(4),
          ]),
        )}\n`,
      );
    });
  registry
    .command("history")
    .description("every select, activation and rollback, oldest first")
    .option("--json", "print JSON lines")
    .action((options: { json?: boolean }) => {
      const events = readHistory(resolveWorkspace().registryDir);
      if (options.json) {
        process.stdout.write(events.map((e) => JSON.stringify(e)).join("\n") + (events.length ? "\n" : ""));
        return;
      }
      process.stdout.write(
        events.length === 0
          ? "no history yet\n"
          : `${textTable(["time", "action", "version", "experiment", "by", "reason"], events.map((e) => [e.time.slice(0, 19).replace("T", " "), e.action, e.version, e.experimentId, e.actor, e.reason ?? ""]))}\n`,
      );
    });
  registry
    .command("activate")
    .description("make a version active (roll back)")
    .argument("<version>", "a version from `pushlab registry list`")
    .option("--reason <text>", "why")
    .action(async (version: string, options: { reason?: string }) => {
      const entry = await activateVersion(resolveWorkspace().registryDir, version, cliActor(), options.reason ?? null);
      process.stdout.write(`active: ${entry.version} (${entry.experimentId})\n`);
    });

  program
    .command("predict")
    .description("score a feature-frame CSV or Parquet file (or folder of parts) with the active (or a given) model version")
    .argument("<input>", "CSV, .parquet file or folder of .parquet parts with the feature-frame columns (outcome optional)")
    .option("--out <file>", "output (default: INPUT_predictions.csv, or INPUT_predictions.parquet for Parquet input; a Parquet input's output is CSV when it ends in .csv)")
    .option("--version <version>", "registry version (default: the active one)")
    .action(async (input: string, options: { out?: string; version?: string }) => {
      const ws = resolveWorkspace();
      const model = loadModel(ws.registryDir, options.version);
      const parquet = isParquetInput(input);
      const bar = progressBar("scoring", parquet ? "items" : "bytes");
      const out = options.out ?? (parquet ? defaultParquetPredictionsPath(input) : defaultPredictionsPath(input));
      try {
        const onProgress = (done: number, total: number) => bar.update(done, total);
        const result = parquet ? await predictParquet(model, input, out, onProgress) : await predictFile(model, input, out, onProgress);
        bar.stop();
        process.stdout.write(
          `wrote ${result.out}: ${result.rows.toLocaleString("en-US")} rows scored with ${model.version} (${model.experimentId}), ` +
            `${result.pushes.toLocaleString("en-US")} at or above threshold ${model.threshold.toPrecision(3)}; ` +
            (result.parallel
              ? `read and score ${result.seconds.load.toFixed(1)} s (2 threads), write ${result.seconds.write.toFixed(1)} s\n`
              : `load ${result.seconds.load.toFixed(1)} s, score ${result.seconds.score.toFixed(1)} s, write ${result.seconds.write.toFixed(1)} s\n`),
        );
      } finally {
        bar.stop();
      }
    });

  program
    .command("export")
    .description("write a registry version as a standard ONNX model of the whole pipeline (encoders, date features, scaler, logistic regression)")
    .argument("<version>", "a version from `pushlab registry list`, or 'active'")
    .requiredOption("--onnx <file>", "the .onnx file to write (see docs/model-format.md for its inputs and how to score it)")
    .action((version: string, options: { onnx: string }) => {
      const ws = resolveWorkspace();
      const model = loadModel(ws.registryDir, version === "active" ? undefined : version);
      const target = path.resolve(options.onnx);
      if (fs.existsSync(target) && !fs.statSync(target).isFile()) throw new DataError(target, "the output path exists and is not a regular file");
      const bytes = exportOnnx(model);
      try {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        writeFileAtomicSync(target, bytes);
      } catch (error) {
        throw new DataError(target, `cannot write the ONNX model: ${(error as Error).message}`);
      }
      const inputs = model.signature!.inputs.map((i) => onnxInputName(i.name));
      process.stdout.write(`wrote ${target}: ${model.version} (${model.experimentId}) as ONNX, ${bytes.length.toLocaleString("en-US")} bytes; inputs ${inputs.join(", ")}; outputs purchase_probability, predicted_purchase (threshold ${model.threshold.toPrecision(3)})\n`);
    });
}
