import path from "node:path";
import type { DuckDBAppender } from "@duckdb/node-api";
import { describeDataFile } from "../data/dataset";
import { importDuckDB, sqlString, withDuckDB, type DuckDB } from "../data/duckdb-session";
import { DataError } from "../data/errors";
import { statSource } from "../data/fingerprint";
import { loadFeatureFrameParquet, parquetParts } from "../data/parquet-loader";
import { writeFileThroughDuckDB } from "../data/parquet-writer";
import { MatrixArena } from "../features/pipeline";
import { profileFrame, type ScoringProfile } from "../monitoring/scoring-profile";
import type { ModelFile } from "./model-file";
import { CHUNK_ROWS, commitPredictions, type PredictFileResult, type PredictOptions } from "./predict-file";
import { SCORING_COLUMNS, addProfile, modelColumns, scoreRows } from "./predict-slice";

/**
 * `pushlab predict` of a Parquet input (a file or a folder of parts): every input row and column
 * plus `purchase_probability` (DOUBLE) and `predicted_purchase` (INTEGER 0/1), written as Parquet
 * (or as CSV when the output name ends in .csv). Streamed like the CSV path: the loader hands the
 * checked rows over in chunks, each is scored at once (predict-slice's scoreRows) and its two
 * columns appended to a DuckDB table, so pushlab holds one chunk, not the file. Only once the last
 * row is validated does DuckDB write the input joined row by row with the scores, out of core, to a
 * hidden temp beside the target, renamed into place when complete: an error in any chunk leaves
 * nothing written. What grows with the file is the scores table inside DuckDB (12 bytes a row).
 */

/** Rows per DuckDB data chunk appended (DuckDB's standard vector size). */
const APPEND_ROWS = 2048;

export function defaultParquetPredictionsPath(input: string): string {
  const resolved = path.resolve(input);
  const parsed = path.parse(resolved);
  return path.join(parsed.dir, `${parsed.ext.toLowerCase() === ".parquet" ? parsed.name : parsed.base}_predictions.parquet`);
}

/** Appends the probabilities and their decisions (1 at or above the threshold) to the scores table; returns the decisions' sum. */
function appendScores(duckdb: DuckDB, appender: DuckDBAppender, probabilities: Float64Array, threshold: number): number {
  const { DuckDBDataChunk, DOUBLE, INTEGER } = duckdb;
  let pushes = 0;
  for (let first = 0; first < probabilities.length; first += APPEND_ROWS) {
    const n = Math.min(APPEND_ROWS, probabilities.length - first);
    const p = Array.from(probabilities.subarray(first, first + n));
    const decisions = p.map((v) => (v >= threshold ? 1 : 0));
    for (const d of decisions) pushes += d;
    const chunk = DuckDBDataChunk.create([DOUBLE, INTEGER], n);
    chunk.setColumnValues(0, p);
    chunk.setColumnValues(1, decisions);
    appender.appendDataChunk(chunk);
  }
  return pushes;
}

/** The files' identities (device, inode, size, times), to see that the input was not replaced between scoring and writing. */
function partsIdentity(parts: readonly string[]): string {
  return parts.map((part) => `${part}\n${statSource(part).identity}`).join("\n");
}

export async function predictParquet(
  model: ModelFile,
  input: string,
  out: string,
  onProgress?: (done: number, total: number) => void,
  options: Pick<PredictOptions, "chunkRows" | "monitor"> = {},
): Promise<PredictFileResult> {
  const started = performance.now();
  const source = describeDataFile(input);
  const target = path.resolve(out);
  const parts = parquetParts(input);
  const duckdb = await importDuckDB();
  const identity = partsIdentity(parts);
  const monitor = options.monitor;
  let rows = 0;
  let pushes = 0;
  let profile: ScoringProfile | null = null;
  let scoreSeconds = 0;
  let appendSeconds = 0;
  let written = 0; // when the scores were complete and the output's writing began
  const format = target.toLowerCase().endsWith(".csv") ? "csv, HEADER true" : "parquet, COMPRESSION zstd";
  await commitPredictions(target, [source.path, ...parts], () =>
    writeFileThroughDuckDB(target, (temp) =>
      withDuckDB(
        async (db) => {
          await db.run("CREATE TABLE scores (purchase_probability DOUBLE, predicted_purchase INTEGER)");
          const appender = await db.createAppender("scores");
          const arena = new MatrixArena(false);
          const read = await loadFeatureFrameParquet(input, source, {
            requiredColumns: SCORING_COLUMNS,
            keepColumns: modelColumns(model.pipeline),
            onProgress,
            stream: {
              chunkRows: options.chunkRows ?? CHUNK_ROWS,
              onChunk: (chunk) => {
                const t0 = performance.now();
                const probabilities = scoreRows(model, chunk, arena);
                if (monitor) profile = addProfile(profile, profileFrame(chunk, probabilities, model.threshold, monitor.reference));
                const t1 = performance.now();
                pushes += appendScores(duckdb, appender, probabilities, model.threshold);
                scoreSeconds += (t1 - t0) / 1000;
                appendSeconds += (performance.now() - t1) / 1000;
              },
            },
          });
          appender.closeSync();
          rows = read.rowCount;
          written = performance.now();
          // Rows keep the input's order (parts in name order), so the n-th score joins the n-th row.
          const inputs = `read_parquet([${parts.map(sqlString).join(", ")}])`;
          const copied = await db.runAndReadAll(`COPY (SELECT * FROM ${inputs} POSITIONAL JOIN scores) TO ${sqlString(temp)} (FORMAT ${format})`);
          const copiedRows = Number(copied.getRows()[0]?.[0]);
          if (copiedRows !== rows || partsIdentity(parquetParts(input)) !== identity) {
            throw new DataError(source.path, "the input changed while it was scored (replaced or written to): nothing written; score it again once it is complete");
          }
        },
        { memoryLimit: "2GB" },
      ),
    ),
  );
  const total = (performance.now() - started) / 1000;
  const write = appendSeconds + (performance.now() - written) / 1000;
  return { rows, pushes, out: target, seconds: { load: total - scoreSeconds - write, score: scoreSeconds, write }, parallel: false, profile };
}
