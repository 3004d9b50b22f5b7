import fs from "node:fs";
import path from "node:path";
import { DuckDBDataChunk, DOUBLE, INTEGER } from "@duckdb/node-api";
import { describeDataFile } from "../data/dataset";
import { sqlString, withDuckDB } from "../data/duckdb-session";
import { DataError } from "../data/errors";
import { loadFeatureFrameParquet, parquetParts } from "../data/parquet-loader";
import { writeFileThroughDuckDB } from "../data/parquet-writer";
import type { ModelFile } from "./model-file";
import { scoreFrame } from "./model-file";
import { sequentialResult, type PredictFileResult } from "./predict-file";
import { SCORING_COLUMNS, modelColumns } from "./predict-slice";

/**
 * `pushlab predict` of a Parquet input (a file or a folder of parts): every input row and column
 * plus `purchase_probability` (DOUBLE) and `predicted_purchase` (INTEGER 0/1), written as Parquet
 * (or as CSV when the output name ends in .csv). The input is validated completely first, rows are
 * scored in blocks (so the design matrix never holds the whole file), and DuckDB writes the output
 * beside its target, renamed into place when complete.
 */

/** Rows per scoring block: a block's design matrix is ≈ 1M × (features) doubles. */
const SCORE_BLOCK_ROWS = 1 << 20;

export function defaultParquetPredictionsPath(input: string): string {
  const resolved = path.resolve(input);
  const parsed = path.parse(resolved);
  return path.join(parsed.dir, `${parsed.ext.toLowerCase() === ".parquet" ? parsed.name : parsed.base}_predictions.parquet`);
}

export async function predictParquet(
  model: ModelFile,
  input: string,
  out: string,
  onProgress?: (done: number, total: number) => void,
): Promise<PredictFileResult> {
  const started = performance.now();
  const source = describeDataFile(input);
  const target = path.resolve(out);
  const parts = parquetParts(input);
  if (target === source.path || parts.includes(target)) throw new DataError(target, "refusing to overwrite the input with its predictions: choose another output file");
  if (fs.existsSync(target) && !fs.statSync(target).isFile()) throw new DataError(target, "the output path exists and is not a regular file");

  const frame = await loadFeatureFrameParquet(input, source, { requiredColumns: SCORING_COLUMNS, keepColumns: modelColumns(model.pipeline), onProgress });
  const loaded = performance.now();
  const probabilities = new Float64Array(frame.rowCount);
  for (let first = 0; first < frame.rowCount; first += SCORE_BLOCK_ROWS) {
    const rows = new Uint32Array(Math.min(SCORE_BLOCK_ROWS, frame.rowCount - first));
    for (let k = 0; k < rows.length; k++) rows[k] = first + k;
    probabilities.set(scoreFrame(model, frame, rows), first);
  }
  const scored = performance.now();

  let pushes = 0;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const format = target.toLowerCase().endsWith(".csv") ? "csv, HEADER true" : "parquet, COMPRESSION zstd";
  try {
    await writeFileThroughDuckDB(target, (temp) =>
      withDuckDB(
        async (db) => {
          await db.run("CREATE TABLE scores (purchase_probability DOUBLE, predicted_purchase INTEGER)");
          const appender = await db.createAppender("scores");
          const block = 2048;
          for (let first = 0; first < probabilities.length; first += block) {
            const n = Math.min(block, probabilities.length - first);
            const p = Array.from(probabilities.subarray(first, first + n));
            const decisions = p.map((v) => (v >= model.threshold ? 1 : 0));
            for (const d of decisions) pushes += d;
            const chunk = DuckDBDataChunk.create([DOUBLE, INTEGER], n);
            chunk.setColumnValues(0, p);
            chunk.setColumnValues(1, decisions);
            appender.appendDataChunk(chunk);
          }
          appender.closeSync();
          // Rows keep the input's order (parts in name order), so the n-th score joins the n-th row.
          const inputs = `read_parquet([${parts.map(sqlString).join(", ")}])`;
          await db.run(`COPY (SELECT * FROM ${inputs} POSITIONAL JOIN scores) TO ${sqlString(temp)} (FORMAT ${format})`);
        },
        { memoryLimit: "2GB" },
      ),
    );
  } catch (error) {
    if (!(error instanceof DataError) && typeof (error as NodeJS.ErrnoException).code === "string") {
      throw new DataError(target, `cannot write the predictions: ${(error as Error).message}`);
    }
    throw error;
  }
  // The scoring report is computed for CSV input only.
  return sequentialResult({ rows: frame.rowCount, pushes, out: target }, { started, loaded, scored }, () => null);
}
