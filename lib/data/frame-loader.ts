import { loadFeatureFrameCsv } from "./csv-loader";
import type { ParallelReadOptions } from "./csv/parallel-read";
import type { DataSource, FeatureFrame } from "./feature-frame";
import { isParquetInput, loadFeatureFrameParquet } from "./parquet-loader";

export interface FrameLoadOptions {
  requiredColumns?: readonly string[];
  keepColumns?: readonly string[];
  /** Bytes (CSV) or rows (Parquet) done of the total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * A CSV's read on two worker threads (csv/parallel-read.ts): "auto" by size and cores, "always",
   * "never". Default: one thread, because its worker threads need tsx, which the app's server bundle
   * cannot hold; the CLI (under tsx) asks for "auto": on a quiet machine 8.8 s against 12.6 s on one
   * thread at full size (bench/README.md, "Cold CSV load on two cores").
   */
  parallel?: ParallelReadOptions["parallel"];
}

/**
 * Reads and validates a feature frame from a CSV file, a `.parquet` file or a folder of Parquet parts,
 * its numeric columns in their narrowest exact types (the Parquet loader allocates them narrow; the
 * CSV loader builds them narrow chunk by chunk as it parses; on two worker threads when asked:
 * csv/parallel-read.ts).
 */
export async function loadFeatureFrameFile(file: string, source: DataSource, options: FrameLoadOptions = {}): Promise<FeatureFrame> {
  if (isParquetInput(file)) return loadFeatureFrameParquet(file, source, options);
  if (options.parallel === undefined || options.parallel === "never") return loadFeatureFrameCsv(file, source, { requiredColumns: options.requiredColumns, keepColumns: options.keepColumns, onProgress: options.onProgress, narrow: true });
  // Loaded only when asked for (the CLI and the benches, under tsx), so the app's bundle never reaches it.
  const { readFeatureFrameCsvParallel } = await import(/* turbopackIgnore: true */ "./csv/parallel-read");
  return readFeatureFrameCsvParallel(file, source, options);
}
