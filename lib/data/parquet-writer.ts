import fs from "node:fs";
import path from "node:path";
import { tempPathFor } from "../fs-atomic";
import { sqlString, withDuckDB } from "./duckdb-session";
import { writeSyntheticFeatureFrame, type ProgressCallback, type SyntheticFrameOptions, type WriteResult } from "./generate";
import { FEATURE_FRAME_COLUMNS, type ColumnSpec } from "./schema";

/**
 * Feature frames as Parquet, the way a warehouse or lake exports them: ids and counts BIGINT, the
 * other numbers DOUBLE, strings VARCHAR, `created_at` and `order_date` TIMESTAMP. Written by DuckDB
 * from the CSV (its float parsing is correctly rounded, like pushlab's, so both files hold the same
 * values), to a hidden temp beside the target that is renamed into place.
 */

function parquetType(spec: ColumnSpec): string {
  if (spec.kind === "string") return "VARCHAR";
  if (spec.kind === "datetime" || spec.kind === "date") return "TIMESTAMP";
  return spec.integer ? "BIGINT" : "DOUBLE";
}

/**
 * Runs `write(temp)`, which makes DuckDB write a file at `temp` (a hidden temp beside `target`), then
 * fsyncs and renames it into place; on any failure the temp is removed and `target` is untouched.
 */
export async function writeFileThroughDuckDB(target: string, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = tempPathFor(target);
  try {
    await write(temp);
    const handle = fs.openSync(temp, "r");
    try {
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Converts a feature-frame CSV (the schema's 27 columns) to one Parquet file, atomically. */
export async function convertCsvToParquet(csv: string, out: string, options: { rowGroupSize?: number } = {}): Promise<{ bytes: number }> {
  const target = path.resolve(out);
  const columns = FEATURE_FRAME_COLUMNS.map((c) => `${sqlString(c.name)}: ${sqlString(parquetType(c))}`).join(", ");
  await writeFileThroughDuckDB(target, (temp) =>
    withDuckDB(async (db) => {
      await db.run(
        `COPY (SELECT * FROM read_csv(${sqlString(path.resolve(csv))}, header = true, delim = ',', quote = '"', columns = {${columns}}, timestampformat = '%Y-%m-%d %H:%M:%S'))` +
          ` TO ${sqlString(temp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${options.rowGroupSize ?? 122880})`,
      );
    }),
  );
  return { bytes: fs.statSync(target).size };
}

/** `pushlab generate --format parquet`: the synthetic CSV (same seed → same values), then converted. */
export async function writeSyntheticFeatureFrameParquet(
  out: string,
  options: Partial<SyntheticFrameOptions> = {},
  onProgress?: ProgressCallback,
): Promise<WriteResult> {
  const target = path.resolve(out);
  const csv = tempPathFor(`${target}.csv`);
  try {
    const written = await writeSyntheticFeatureFrame(csv, options, onProgress);
    const { bytes } = await convertCsvToParquet(csv, target);
    return { ...written, bytes };
  } finally {
    fs.rmSync(csv, { force: true });
  }
}
