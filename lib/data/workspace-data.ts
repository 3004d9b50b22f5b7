import fs from "node:fs";
import path from "node:path";
import { writeJsonAtomicSync } from "../fs-atomic";
import { ensureDir, type Workspace } from "../workspace";
import { describeDataFile, loadDataset, prepareData, type LoadDatasetOptions, type PreparedData } from "./dataset";
import { DataError } from "./errors";
import { frameCachePath } from "./frame-cache";
import { writeSyntheticFeatureFrame } from "./generate";
import { summarizeDataset, type DatasetSummary } from "./summary";

/**
 * The workspace's dataset as the CLI and the pages see it: generated on first use when it is the
 * default synthetic file, loaded through the Arrow cache, filtered and split once per process.
 */

export interface DataProgress {
  stage: "generate" | "parse";
  done: number;
  total: number;
}

export async function ensureDataset(ws: Workspace, onProgress?: (p: DataProgress) => void): Promise<{ generated: boolean }> {
  if (fs.existsSync(ws.dataFile)) return { generated: false };
  if (!ws.synthetic) throw new DataError(ws.dataFile, "file not found (PUSHLAB_DATA points at it)");
  ensureDir(ws.dataDir);
  await writeSyntheticFeatureFrame(
    ws.dataFile,
    { orders: ws.syntheticOrders, seed: ws.syntheticSeed },
    (done, total) => onProgress?.({ stage: "generate", done, total }),
  );
  return { generated: true };
}

const prepared = new Map<string, PreparedData>();

/**
 * Loads (or reuses, within this process) the filtered and split dataset of the workspace. `parallel`:
 * the CSV read on two worker threads (frame-loader.ts; the CLI passes "auto", the app's server cannot).
 */
export async function loadWorkspaceData(ws: Workspace, onProgress?: (p: DataProgress) => void, { parallel }: Pick<LoadDatasetOptions, "parallel"> = {}): Promise<PreparedData> {
  await ensureDataset(ws, onProgress);
  const key = frameCachePath(ws.cacheDir, describeDataFile(ws.dataFile));
  const hit = prepared.get(key);
  if (hit) return hit;
  const { frame } = await loadDataset(ws.dataFile, {
    cacheDir: ws.cacheDir, // created only when something is written into it
    onProgress: (done, total) => onProgress?.({ stage: "parse", done, total }),
    parallel,
  });
  // The frame is this function's own: compacted to the rows read after preparation (dataset.ts).
  const data = prepareData(frame, { compact: true });
  prepared.clear(); // one dataset per process: keep memory bounded when the file changes
  prepared.set(key, data);
  return data;
}

function summaryCacheFile(ws: Workspace): string {
  const source = describeDataFile(ws.dataFile);
  return path.join(ws.cacheDir, `${path.basename(frameCachePath(ws.cacheDir, source), ".arrow")}.summary.json`);
}

/** The dataset summary if it is already cached for the current data file; null otherwise (never loads the data). */
export function readDatasetSummary(ws: Workspace): DatasetSummary | null {
  try {
    return JSON.parse(fs.readFileSync(summaryCacheFile(ws), "utf8")) as DatasetSummary;
  } catch {
    return null; // no data file yet, or no summary: computed by whoever loads the data
  }
}

/** The dataset summary, read from its JSON cache when current, computed (and cached) otherwise. */
export async function getDatasetSummary(ws: Workspace, onProgress?: (p: DataProgress) => void): Promise<DatasetSummary> {
  await ensureDataset(ws, onProgress);
  const cached = readDatasetSummary(ws);
  if (cached) return cached;
  const file = summaryCacheFile(ws);
  const summary = summarizeDataset(await loadWorkspaceData(ws, onProgress));
  ensureDir(ws.cacheDir);
  writeJsonAtomicSync(file, summary);
  return summary;
}
