import fs from "node:fs";
import type { LoadOptions } from "./csv-loader";
import { DataError } from "./errors";
import type { DataSource, FeatureFrame } from "./feature-frame";
import { rememberFingerprint, statSource } from "./fingerprint";
import { frameCachePath, importArrow, readFrameCache, writeFrameCache } from "./frame-cache";
import { loadFeatureFrameFile, type FrameLoadOptions } from "./frame-loader";
import { describeParquetSource, isParquetInput } from "./parquet-loader";
import { orderCodes } from "./order-codes";
import { filterOrdersByItems, type OrderFilterResult } from "./order-filter";
import { compactFrameInPlace, remapRows, rowsReadAfterPreparation } from "./compact-frame";
import { summarizeFrame, type DatasetSummary } from "./summary";
import { temporalSplit, type TemporalSplit } from "./temporal-split";

export interface LoadedFrame {
  frame: FeatureFrame;
  fromCache: boolean;
  seconds: number;
}

export interface LoadDatasetOptions extends Pick<LoadOptions, "onProgress">, Pick<FrameLoadOptions, "parallel"> {
  /** Folder for the Arrow cache; no caching when omitted. */
  cacheDir?: string;
}

/** The file's path, size and identity (no byte read yet: the loader computes the fingerprint). */
export function describeDataFile(file: string): DataSource {
  if (!fs.existsSync(file)) throw new DataError(file, "file not found");
  if (isParquetInput(file)) return describeParquetSource(file);
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new DataError(file, "not a regular file");
  return statSource(file);
}

/**
 * Loads and validates the feature frame (a CSV, a `.parquet` file or a folder of Parquet parts),
 * through the Arrow cache when one is current for the file (same path and identity: device, inode,
 * size, mtime, ctime; a Parquet folder: its parts' fingerprints). A file that fails validation is
 * never cached; a parsed CSV leaves its full-content fingerprint beside the cache (fingerprint.ts).
 */
export async function loadDataset(file: string, options: LoadDatasetOptions = {}): Promise<LoadedFrame> {
  const started = performance.now();
  const source = describeDataFile(file);
  const cacheFile = options.cacheDir ? frameCachePath(options.cacheDir, source) : null;
  if (cacheFile) {
    const cached = await readFrameCache(cacheFile);
    if (cached) return { frame: cached, fromCache: true, seconds: (performance.now() - started) / 1000 };
    // The cache is written after the parse: its codec loads meanwhile (a failed import fails the write).
    importArrow().catch(() => {});
  }
  const frame = await loadFeatureFrameFile(source.path, source, { onProgress: options.onProgress, parallel: options.parallel });
  if (options.cacheDir) {
    // Under the key of the identity actually read (the path may have been replaced since the stat).
    await writeFrameCache(frameCachePath(options.cacheDir, frame.source), frame);
    if (!isParquetInput(source.path)) rememberFingerprint(options.cacheDir, frame.source);
  }
  return { frame, fromCache: false, seconds: (performance.now() - started) / 1000 };
}

export interface PreparedData {
  frame: FeatureFrame;
  /** Row indices into `frame` (after compaction: into the compacted frame). */
  filter: OrderFilterResult;
  split: TemporalSplit;
  /**
   * Set when the frame was compacted: the dataset summary over every loaded row, computed before
   * (summarizeDataset returns it). Without compaction the summary is computed from the frame.
   */
  summary?: DatasetSummary;
}

export interface PrepareOptions {
  /**
   * Compact the frame, in place, to the rows read after preparation (compact-frame.ts: the kept
   * orders' rows and every row of the validation days), once the summary of every row is computed.
   * At 10× the real size this frees ≈ 20% of the frame (bench/README.md, "Scale"). The caller must
   * own the frame: its columns and rowCount change, and the split's row indices are of the compacted
   * frame (the same rows, in the same order).
   */
  compact?: boolean;
}

/** The business filter (orders with ≥ 5 purchased items) then the temporal 70/20/10 split. */
export function prepareData(frame: FeatureFrame, options: PrepareOptions = {}): PreparedData {
  const orders = orderCodes(frame);
  const filter = filterOrdersByItems(frame, undefined, orders);
  if (filter.rows.length === 0) {
    throw new DataError(frame.source.path, `no order has at least ${filter.minItems} purchased items; nothing to train on`);
  }
  const split = temporalSplit(frame, filter.rows, undefined, undefined, orders);
  if (!options.compact) return { frame, filter, split };
  const summary = summarizeFrame(frame, filter, split, orders);
  const read = rowsReadAfterPreparation(frame, filter.rows, split);
  if (read.length === frame.rowCount) return { frame, filter, split, summary };
  compactFrameInPlace(frame, read);
  const rows = {
    train: remapRows(split.rows.train, read),
    validation: remapRows(split.rows.validation, read),
    test: remapRows(split.rows.test, read),
  };
  return { frame, filter: { ...filter, rows: remapRows(filter.rows, read) }, split: { ...split, rows }, summary };
}
