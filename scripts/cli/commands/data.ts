import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { describeDataFile } from "../../../lib/data/dataset";
import { loadFeatureFrameFile } from "../../../lib/data/frame-loader";
import { writeSyntheticFeatureFrame } from "../../../lib/data/generate";
import { isParquetInput } from "../../../lib/data/parquet-loader";
import { writeSyntheticFeatureFrameParquet } from "../../../lib/data/parquet-writer";
import { COLUMN_NAMES, TARGET_COLUMN } from "../../../lib/data/schema";
import { getDatasetSummary } from "../../../lib/data/workspace-data";
import { DEFAULT_SYNTHETIC_ORDERS, DEFAULT_SYNTHETIC_SEED, ensureDir, resolveWorkspace } from "../../../lib/workspace";
import { formatNumber } from "../../../lib/format";
import { formatDatasetSummary } from "../format";
import { progressBar, stagedProgress } from "../progress";
import { parseFormat, parsePositiveInt } from "../options";

export function registerDataCommands(program: Command): void {
  program
    .command("generate")
    .description("write a deterministic synthetic feature frame with the real file's schema")
    .option("--orders <n>", "number of orders (3446 ≈ 2.9M rows, like the real file)", parsePositiveInt("--orders"), DEFAULT_SYNTHETIC_ORDERS)
    .option("--seed <n>", "random seed; the same seed gives a byte-identical file", parsePositiveInt("--seed"), DEFAULT_SYNTHETIC_SEED)
    .option("--format <format>", "csv, or parquet (ids and counts BIGINT, numbers DOUBLE, strings VARCHAR, times TIMESTAMP)", parseFormat, "csv")
    .option("--out <file>", "output file (default: the workspace's default data file)")
    .action(async (options: { orders: number; seed: number; format: "csv" | "parquet"; out?: string }) => {
      if (options.format === "parquet" && !options.out) throw new InvalidArgumentError("--format parquet needs --out FILE.parquet.");
      const out = path.resolve(options.out ?? resolveWorkspace().dataFile);
      ensureDir(path.dirname(out));
      const bar = progressBar("generating");
      const started = performance.now();
      const write = options.format === "parquet" ? writeSyntheticFeatureFrameParquet : writeSyntheticFeatureFrame;
      const result = await write(out, { orders: options.orders, seed: options.seed }, (done, total) => bar.update(done, total));
      bar.stop();
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `wrote ${out}: ${formatNumber(result.rows)} rows, ${formatNumber(result.orders)} orders, ${(result.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s\n`,
      );
    });

  program
    .command("validate")
    .description("check that a CSV or Parquet file (or folder of parts) is a valid feature frame; prints the first problem with file, line (CSV) or row (Parquet) and column")
    .argument("<file>", "CSV file, .parquet file or folder of .parquet parts to check")
    .option("--allow-missing-outcome", "accept a file without the outcome column (a file to score)")
    .action(async (file: string, options: { allowMissingOutcome?: boolean }) => {
      const source = describeDataFile(file);
      const bar = progressBar("validating", isParquetInput(file) ? "items" : "bytes");
      const required = options.allowMissingOutcome ? COLUMN_NAMES.filter((c) => c !== TARGET_COLUMN) : COLUMN_NAMES;
      try {
        const frame = await loadFeatureFrameFile(source.path, source, { requiredColumns: required, onProgress: (d, t) => bar.update(d, t) });
        bar.stop();
        process.stdout.write(
          `${source.path}: valid feature frame, ${formatNumber(frame.rowCount)} rows, ${Object.keys(frame.numbers).length + Object.keys(frame.categories).length} columns` +
            (frame.extraColumns.length ? `; ignored extra columns: ${frame.extraColumns.join(", ")}` : "") +
            "\n",
        );
      } finally {
        bar.stop();
      }
    });

  program
    .command("data")
    .description("print the dataset summary: rows, orders, the ≥ 5-items filter, the temporal split, every column")
    .option("--json", "print the summary as JSON")
    .action(async (options: { json?: boolean }) => {
      const ws = resolveWorkspace();
      const progress = stagedProgress();
      const summary = await getDatasetSummary(ws, progress.onProgress);
      progress.stop();
      process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatDatasetSummary(summary)}\n`);
    });
}
