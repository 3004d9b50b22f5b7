import fs from "node:fs";
import path from "node:path";
import { sqlString, withDuckDB } from "../../lib/data/duckdb-session";

/** `read_parquet` of `parquet` with its 0-based `file_row_number`, for the queries below. */
const source = (parquet: string) => `read_parquet(${sqlString(parquet)}, file_row_number = true)`;

/** Writes `dir/name` from a query over `parquet` (written `src` in `select`, with its file_row_number). */
export async function deriveParquet(dir: string, parquet: string, name: string, select: string): Promise<string> {
  const out = path.join(dir, name);
  await withDuckDB(async (db) => {
    await db.run(`COPY (${select.replaceAll("src", source(parquet))}) TO ${sqlString(out)} (FORMAT parquet)`);
  });
  return out;
}

/**
 * `parquet` cut into parts in a new folder: part `name` holds rows [from, to), written in the order
 * given (so a test can make the file system's order differ from the names'). Made once per folder.
 */
export async function writeParquetParts(folder: string, parquet: string, parts: { name: string; from: number; to: number }[]): Promise<string> {
  if (fs.existsSync(folder)) return folder;
  fs.mkdirSync(folder);
  await withDuckDB(async (db) => {
    for (const part of parts) {
      await db.run(
        `COPY (SELECT * EXCLUDE (file_row_number) FROM ${source(parquet)} WHERE file_row_number >= ${part.from} AND file_row_number < ${part.to}) TO ${sqlString(path.join(folder, part.name))} (FORMAT parquet)`,
      );
    }
  });
  return folder;
}
