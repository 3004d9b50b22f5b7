import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError } from "../../lib/data/errors";
import { ensureDataset, getDatasetSummary, loadWorkspaceData, readDatasetSummary, type DataProgress } from "../../lib/data/workspace-data";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { summarizeDataset } from "../../lib/data/summary";
import { resolveWorkspace, type Workspace } from "../../lib/workspace";

let root = "";
/** Two small frames generated once; workspaces get copies (a copy is a new file, as a user's would be). */
let frameA = "";
let frameB = "";
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-workspace-data-"));
  frameA = path.join(root, "a.csv");
  frameB = path.join(root, "b.csv");
  await writeSyntheticFeatureFrame(frameA, { orders: 40, seed: 5 });
  await writeSyntheticFeatureFrame(frameB, { orders: 30, seed: 6 });
});

/** A workspace whose default data file is already there (a copy of `frame`). */
function workspaceWith(name: string, frame: string): Workspace {
  const ws = workspace(name);
  fs.mkdirSync(ws.dataDir, { recursive: true });
  fs.copyFileSync(frame, ws.dataFile);
  return ws;
}

/** Replaces the workspace's data file by another one (write a temp, rename: a new inode). */
function replaceData(ws: Workspace, frame: string): void {
  fs.copyFileSync(frame, `${ws.dataFile}.new`);
  fs.renameSync(`${ws.dataFile}.new`, ws.dataFile);
}
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const workspace = (name: string, env: Record<string, string> = {}): Workspace =>
  resolveWorkspace({ NODE_ENV: "test", PUSHLAB_HOME: path.join(root, name), PUSHLAB_SYNTHETIC_ORDERS: "40", PUSHLAB_SYNTHETIC_SEED: "5", ...env });

/** Rows, orders and orders with ≥ 5 purchases, counted straight from the CSV text (it never needs quoting). */
function countCsv(file: string): { rows: number; orders: number; kept: number } {
  const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
  const header = lines[0].split(",");
  const order = header.indexOf("order_id");
  const outcome = header.indexOf("outcome");
  const items = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const fields = line.split(",");
    items.set(fields[order], (items.get(fields[order]) ?? 0) + Number(fields[outcome]));
  }
  return { rows: lines.length - 1, orders: items.size, kept: [...items.values()].filter((n) => n >= 5).length };
}

describe("ensureDataset", () => {
  it("generates the default synthetic file on first use, with progress, and leaves it alone afterwards", async () => {
    const ws = workspace("generated");
    const progress: DataProgress[] = [];
    expect(await ensureDataset(ws, (p) => progress.push(p))).toEqual({ generated: true });
    expect(fs.existsSync(ws.dataFile)).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.stage === "generate" && p.done <= p.total)).toBe(true);
    expect(countCsv(ws.dataFile).orders).toBe(40);
    // The workspace's synthetic settings are the generator's: the same bytes as generate(40, seed 5).
    expect(fs.readFileSync(ws.dataFile).equals(fs.readFileSync(frameA))).toBe(true);

    const before = fs.statSync(ws.dataFile, { bigint: true });
    expect(await ensureDataset(ws)).toEqual({ generated: false });
    expect(fs.statSync(ws.dataFile, { bigint: true }).mtimeNs).toBe(before.mtimeNs);
  });

  it("refuses a missing PUSHLAB_DATA file with a DataError naming it, and writes nothing", async () => {
    const missing = path.join(root, "nowhere", "frame.csv");
    const ws = workspace("pointed", { PUSHLAB_DATA: missing });
    const attempt = ensureDataset(ws);
    await expect(attempt).rejects.toBeInstanceOf(DataError);
    await expect(ensureDataset(ws)).rejects.toThrow(`${missing}: file not found (PUSHLAB_DATA points at it)`);
    expect(fs.existsSync(ws.home)).toBe(false);
    expect(fs.existsSync(missing)).toBe(false);
  });
});

describe("loadWorkspaceData", () => {
  it("loads, filters and splits the workspace's file, once per process while the file is unchanged", async () => {
    const ws = workspace("loaded");
    const progress: DataProgress[] = [];
    const data = await loadWorkspaceData(ws, (p) => progress.push(p));
    const counted = countCsv(ws.dataFile);
    // Every row was read (the summary's count); the frame is then compacted (dataset.ts), never below the kept rows.
    expect(summarizeDataset(data).rows).toBe(counted.rows);
    expect(data.frame.rowCount).toBeGreaterThanOrEqual(data.filter.rows.length);
    expect(data.filter.ordersKept).toBe(counted.kept);
    expect(counted.kept).toBeGreaterThan(0);
    expect(new Set(progress.map((p) => p.stage))).toEqual(new Set(["generate", "parse"]));
    expect(await loadWorkspaceData(ws)).toBe(data);

    // Another file at the same path (another seed): loaded afresh.
    replaceData(ws, frameB);
    const reloaded = await loadWorkspaceData(ws);
    expect(reloaded).not.toBe(data);
    expect(summarizeDataset(reloaded).rows).toBe(countCsv(ws.dataFile).rows);
  });

  it("reads a user's file through PUSHLAB_DATA without generating anything", async () => {
    const file = path.join(root, "users-frame.csv");
    fs.copyFileSync(frameB, file);
    const ws = workspace("users", { PUSHLAB_DATA: file });
    const data = await loadWorkspaceData(ws);
    expect(data.frame.source.path).toBe(file);
    expect(summarizeDataset(data).rows).toBe(countCsv(file).rows);
    expect(fs.existsSync(ws.dataDir)).toBe(false);
  });
});

describe("getDatasetSummary and readDatasetSummary", () => {
  it("computes the summary once, caches it beside the frame cache, and reads it back without loading", async () => {
    expect(readDatasetSummary(workspace("no-data-yet"))).toBeNull();
    const ws = workspaceWith("summary", frameA);
    expect(readDatasetSummary(ws)).toBeNull(); // not computed yet
    const summary = await getDatasetSummary(ws);
    const counted = countCsv(ws.dataFile);
    expect(summary.rows).toBe(counted.rows);
    expect(summary.orders).toBe(counted.orders);
    expect(summary.filter.ordersKept).toBe(counted.kept);
    expect(fs.readdirSync(ws.cacheDir).filter((f) => f.endsWith(".summary.json"))).toHaveLength(1);
    expect(readDatasetSummary(ws)).toEqual(summary);
    // The cached copy is what a second call returns (a marked copy shows it was read, not recomputed).
    const [cacheFile] = fs.readdirSync(ws.cacheDir).filter((f) => f.endsWith(".summary.json"));
    fs.writeFileSync(path.join(ws.cacheDir, cacheFile), JSON.stringify({ ...summary, extraColumns: ["marked"] }));
    expect(await getDatasetSummary(ws)).toEqual({ ...summary, extraColumns: ["marked"] });
  });

  it("treats a summary as stale once the file changes", async () => {
    const ws = workspaceWith("stale", frameA);
    const first = await getDatasetSummary(ws);
    replaceData(ws, frameB);
    expect(readDatasetSummary(ws)).toBeNull();
    const second = await getDatasetSummary(ws);
    expect(second.rows).toBe(countCsv(ws.dataFile).rows);
    expect(second.rows).not.toBe(first.rows);
  });

  it("reads a torn summary cache as absent", async () => {
    const ws = workspaceWith("torn", frameB);
    await getDatasetSummary(ws);
    const [file] = fs.readdirSync(ws.cacheDir).filter((f) => f.endsWith(".summary.json"));
    fs.writeFileSync(path.join(ws.cacheDir, file), '{"rows": ');
    expect(readDatasetSummary(ws)).toBeNull();
  });
});
