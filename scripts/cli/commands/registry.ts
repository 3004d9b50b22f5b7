import fs from "node:fs";
import { thresholdRuleLabel } from "../../../lib/registry/threshold-rule";
import os from "node:os";
import path from "node:path";
import { writeFileAtomicSync } from "../../../lib/fs-atomic";
import { loadModelCard } from "../../../lib/registry/model-card-data";
import { renderCardHtml, renderCardMarkdown } from "../../../lib/registry/model-card-render";
import { InvalidArgumentError, type Command } from "commander";
import { loadWorkspaceData } from "../../../lib/data/workspace-data";
import { activateVersion, checkRegistry, listVersions, loadModel, readHistory, readVersionMetadata, selectModel } from "../../../lib/registry/registry";
import { laterLookWarning, readTestLooks, testDaysStatement, testLooks } from "../../../lib/registry/test-ledger";
import { isParquetInput } from "../../../lib/data/parquet-loader";
import { defaultPredictionsPath, predictFile } from "../../../lib/registry/predict-file";
import { defaultParquetPredictionsPath, predictParquet } from "../../../lib/registry/predict-parquet";
import { exportOnnx, onnxInputName } from "../../../lib/registry/onnx-export";
import { DataError } from "../../../lib/data/errors";
import { validateThreshold } from "../../../lib/experiments/results/operating-thresholds";
import { resolveWorkspace } from "../../../lib/workspace";
import { buildScoringReport, saveScoringReport } from "../../../lib/monitoring/scoring-report";
import { versionScoringReference } from "../../../lib/registry/version-files";
import { CliError } from "../errors";
import { reportSummary, reportWarnings } from "../scoring-report-output";
import { jsonLines, textTable } from "../format";
import { progressBar, stagedProgress } from "../progress";

/** The CLI runs locally and is trusted: its actor is the OS user. */
function cliActor(): string {
  return `cli:${os.userInfo().username}`;
}

function parseThreshold(raw: string): number {
  try {
    return validateThreshold(raw);
  } catch (error) {
    throw new InvalidArgumentError(`--${(error as Error).message}.`);
  }
}

export function registerRegistryCommands(program: Command): void {
  program
    .command("select")
    .description("select an experiment as the model: evaluate it on the test split and write a new active registry version")
    .argument("<id>", "experiment id (see pushlab results)")
    .option("--threshold <t>", "operating threshold, stated from validation figures; only before the test days are first used (default: the one kept on the experiment page before the test days were first used, else the held-out rule: the best-F0.3 validation threshold)", parseThreshold)
    .option("--note <text>", "why this model")
    .option("--refit", "refit the same configuration on train + validation before saving")
    .option("--json", "print the new version as JSON")
    .action(async (id: string, options: { threshold?: number; note?: string; refit?: boolean; json?: boolean }) => {
      const ws = resolveWorkspace();
      const progress = stagedProgress();
      const data = await loadWorkspaceData(ws, progress.onProgress, { parallel: "auto" });
      progress.stop();
      const entry = await selectModel(ws.registryDir, ws.resultsDir, data, { experimentId: id, threshold: options.threshold, note: options.note ?? null, refit: options.refit, actor: cliActor() });
      const metadata = readVersionMetadata(ws.registryDir, entry.version);
      const use = testLooks(ws.registryDir, metadata.dataFingerprint, entry.version);
      const look = use.selections.find((l) => l.version === entry.version);
      const warning = look ? laterLookWarning(look, use) : null;
      if (warning) process.stderr.write(`pushlab: warning: ${warning}\n`);
      if (metadata.keptThresholdSetAside) {
        process.stderr.write(`pushlab: warning: the threshold ${metadata.keptThresholdSetAside.threshold.toPrecision(3)} kept on the experiment page after the test days were first used was set aside; the held-out rule chose ${entry.threshold.toPrecision(3)} (best F0.3 on validation)\n`);
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...entry, testLook: metadata.testLook, testIntervals: metadata.testIntervals, validationInSample: metadata.validationInSample }, null, 2)}\n`);
        return;
      }
      const iv = metadata.testIntervals;
      const range = (m: keyof typeof iv, digits: number) => `${iv[m].estimate.toFixed(digits)} [${iv[m].low.toFixed(digits)}, ${iv[m].high.toFixed(digits)}]`;
      const validationLine = metadata.refit
        ? `validation (in-sample after the refit): AP ${metadata.validation.averagePrecision.toFixed(4)}, F0.3 ${metadata.validation.f03.toFixed(4)}; ` +
          `held out (train-only fit): AP ${metadata.heldOutValidation.averagePrecision.toFixed(4)}, F0.3 ${metadata.heldOutValidation.f03.toFixed(4)}; threshold from the train-only fit\n`
        : "";
      process.stdout.write(
        `selected ${id} as ${entry.version} (active)${entry.refit ? ", refitted on train + validation" : ""}; test look ${metadata.testLook}\n` +
          validationLine +
          `${metadata.thresholdRule ?? `threshold ${entry.threshold.toPrecision(4)} (${metadata.thresholdSource})`}\n` +
          `threshold ${entry.threshold.toPrecision(4)} (${thresholdRuleLabel(metadata.thresholdSource)}); test with 95% intervals: AP ${range("averagePrecision", 4)}, ROC-AUC ${range("rocAuc", 4)}, ` +
          `precision ${range("precision", 3)}, recall ${range("recall", 3)}, F0.3 ${range("f03", 4)}\n` +
          `${testDaysStatement(use)}\n`,
      );
    });

  const registry = program.command("registry").description("list the registry's versions, show its history, its test looks or a version's model card, or activate (roll back to) a version");
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
          ["", "version", "experiment", "created", "by", "threshold", "val AP (held out)", "test AP", "test F0.3"],
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
        process.stdout.write(jsonLines(events));
        return;
      }
      process.stdout.write(
        events.length === 0
          ? "no history yet\n"
          : `${textTable(["time", "action", "version", "experiment", "by", "reason"], events.map((e) => [e.time.slice(0, 19).replace("T", " "), e.action, e.version, e.experimentId, e.actor, e.reason ?? ""]))}\n`,
      );
    });
  registry
    .command("looks")
    .description("the ledger of test looks: every selection evaluated on the test days and every page that showed test figures")
    .option("--json", "print the looks as JSON lines")
    .action((options: { json?: boolean }) => {
      const registryDir = resolveWorkspace().registryDir;
      const looks = readTestLooks(registryDir);
      if (options.json) {
        process.stdout.write(jsonLines(looks));
        return;
      }
      if (looks.length === 0) {
        process.stdout.write("the test days have not been used: no selection yet\n");
        return;
      }
      process.stdout.write(
        `${textTable(
          ["time", "kind", "look", "by", "experiment", "threshold", "from", "refit", "version", "page"],
          looks.map((l) => [l.time.slice(0, 19).replace("T", " "), l.kind, l.look === null ? "" : String(l.look), l.actor, l.experimentId, l.threshold.toPrecision(3), l.kind === "select" ? l.thresholdSource : "", l.refit ? "yes" : "", l.version, l.page ?? ""]),
        )}\n`,
      );
      const index = listVersions(registryDir);
      const active = index.versions.find((v) => v.version === index.active);
      if (active) {
        const fingerprint = readVersionMetadata(registryDir, active.version).dataFingerprint;
        process.stdout.write(`${testDaysStatement(testLooks(registryDir, fingerprint, active.version))}\n`);
      }
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

  registry
    .command("card")
    .description("the version's model card (model details, intended use, factors, metrics, data, analyses by week and product type, test looks, caveats)")
    .argument("<version>", "a version from `pushlab registry list`")
    .option("--md <file>", "write it as Markdown")
    .option("--html <file>", "write it as a standalone HTML page")
    .option("--json", "print its sections as JSON")
    .action((version: string, options: { md?: string; html?: string; json?: boolean }) => {
      if (options.md && options.html) throw new CliError("give at most one of --md or --html");
      const card = loadModelCard(resolveWorkspace(), version);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(card, null, 2)}\n`);
        return;
      }
      const target = options.md ?? options.html;
      const text = options.html ? renderCardHtml(card) : renderCardMarkdown(card);
      if (!target) {
        process.stdout.write(text);
        return;
      }
      fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
      writeFileAtomicSync(path.resolve(target), text);
      process.stdout.write(`wrote ${path.resolve(target)}\n`);
    });

  registry
    .command("check")
    .description("compare registry.json with the version folders and the active link; --repair fixes what it can")
    .option("--repair", "rebuild or complete registry.json from the version folders, re-point the active link, remove abandoned temps")
    .action(async (options: { repair?: boolean }) => {
      const result = await checkRegistry(resolveWorkspace().registryDir, options.repair === true);
      for (const line of result.problems) process.stdout.write(`${result.repaired ? "repaired" : "problem"}: ${line}\n`);
      for (const line of result.unrepairable) process.stdout.write(`cannot repair: ${line}\n`);
      if (result.problems.length === 0 && result.unrepairable.length === 0) process.stdout.write("the registry is consistent\n");
      if (result.unrepairable.length > 0) throw new CliError(`${result.unrepairable.length} problem(s) need a hand: see above`);
      if (result.problems.length > 0 && !result.repaired) throw new CliError(`${result.problems.length} problem(s): run \`pushlab registry check --repair\``);
    });

  program
    .command("predict")
    .description("score a feature-frame CSV or Parquet file (or folder of parts) with the active (or a given) model version")
    .argument("<input>", "CSV, .parquet file or folder of .parquet parts with the feature-frame columns (outcome optional)")
    .option("--out <file>", "output (default: INPUT_predictions.csv, or INPUT_predictions.parquet for Parquet input; a Parquet input's output is CSV when it ends in .csv)")
    .option("--version <version>", "registry version (default: the active one)")
    .option("--strict", "exit with status 1 when any population stability index exceeds 0.25 (the output is still written)")
    .action(async (input: string, options: { out?: string; version?: string; strict?: boolean }) => {
      const ws = resolveWorkspace();
      const model = loadModel(ws.registryDir, options.version);
      const reference = versionScoringReference(ws.registryDir, model.version);
      const parquet = isParquetInput(input);
      const bar = progressBar("scoring", parquet ? "items" : "bytes");
      const out = options.out ?? (parquet ? defaultParquetPredictionsPath(input) : defaultPredictionsPath(input));
      try {
        const onProgress = (done: number, total: number) => bar.update(done, total);
        const result = parquet ? await predictParquet(model, input, out, onProgress, { monitor: { reference } }) : await predictFile(model, input, out, onProgress, { monitor: { reference } });
        bar.stop();
        process.stdout.write(
          `wrote ${result.out}: ${result.rows.toLocaleString("en-US")} rows scored with ${model.version} (${model.experimentId}), ` +
            `${result.pushes.toLocaleString("en-US")} at or above threshold ${model.threshold.toPrecision(3)}; ` +
            (result.parallel
              ? `read, score and write ${(result.seconds.load + result.seconds.write).toFixed(1)} s, streamed by 2 worker threads (writing ${result.seconds.write.toFixed(1)} s of it)\n`
              : `load ${result.seconds.load.toFixed(1)} s, score ${result.seconds.score.toFixed(1)} s, write ${result.seconds.write.toFixed(1)} s\n`),
        );
        const report = buildScoringReport(result.profile!, reference, { command: "predict", input: path.resolve(input), output: result.out, version: model.version, experimentId: model.experimentId, threshold: model.threshold });
        const file = saveScoringReport(ws.scoringDir, report);
        process.stdout.write(reportSummary(report, file));
        process.stderr.write(reportWarnings(report));
        if (options.strict && report.alerts.length > 0) throw new CliError(`--strict: ${report.alerts.length} population stability ${report.alerts.length === 1 ? "index exceeds" : "indices exceed"} 0.25 (see ${file})`);
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
