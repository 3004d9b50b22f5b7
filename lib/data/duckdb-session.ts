import type { DuckDBConnection, DuckDBVector } from "@duckdb/node-api";

export type DuckDB = typeof import("@duckdb/node-api");
let duckdbImport: Promise<DuckDB> | null = null;

/** The DuckDB binding, imported on first use: only Parquet inputs and outputs need it, and it slows every start. */
export function importDuckDB(): Promise<DuckDB> {
  return (duckdbImport ??= import("@duckdb/node-api"));
}

/**
 * An in-memory DuckDB for one task (read a Parquet input, write one), closed when the task ends.
 * Threads follow the machine's cores; the memory limit keeps DuckDB's own buffers small next to the
 * typed arrays pushlab builds from its results.
 */
export async function withDuckDB<T>(task: (connection: DuckDBConnection) => Promise<T>, options: { memoryLimit?: string } = {}): Promise<T> {
  const { DuckDBInstance } = await importDuckDB();
  const instance = await DuckDBInstance.create(":memory:", { memory_limit: options.memoryLimit ?? "1GB" });
  const connection = await instance.connect();
  try {
    return await task(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A SQL identifier. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The values of a DOUBLE result vector as a Float64Array view. The package's DuckDBDoubleVector keeps
 * them in a Float64Array over DuckDB's own memory (`items`, not part of its typed API); reading it
 * avoids one N-API call per value (`getItem`), which is most of the cost at tens of millions of rows.
 */
export function doubleItems(vector: DuckDBVector): Float64Array {
  const items = (vector as unknown as { items?: unknown }).items;
  if (items instanceof Float64Array) return items;
  throw new Error(`internal: expected a DOUBLE vector, got ${vector.constructor.name}`);
}
