/**
 * The preparation's stages one by one on a loaded frame, with the CPU and wall seconds of each:
 * order codes, the ≥ 5-items filter, the temporal split, the summary of every row, the rows read
 * after preparation and the compaction (what `prepareData(frame, { compact: true })` runs, in order).
 *
 *   node --import tsx bench/prepare-stages.ts --file F --cache DIR     # DIR: the Arrow cache (fast reloads)
 */
import os from "node:os";
import { loadDataset } from "../lib/data/dataset";
import { compactFrameInPlace, rowsReadAfterPreparation } from "../lib/data/compact-frame";
import { orderCodes } from "../lib/data/order-codes";
import { filterOrdersByItems } from "../lib/data/order-filter";
import { summarizeFrame } from "../lib/data/summary";
import { temporalSplit } from "../lib/data/temporal-split";
import { fileArguments } from "./harness";

const { file, cacheDir } = fileArguments("node --import tsx bench/prepare-stages.ts --file F --cache DIR");
const { frame } = await loadDataset(file, cacheDir === "-" ? {} : { cacheDir });
const rows = frame.rowCount;
const stages: Record<string, { wall: number; cpu: number }> = {};
function stage<T>(name: string, run: () => T): T {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = run();
  const used = process.cpuUsage(cpu);
  stages[name] = { wall: Number(((performance.now() - started) / 1000).toFixed(2)), cpu: Number(((used.user + used.system) / 1e6).toFixed(2)) };
  return result;
}
const orders = stage("order codes", () => orderCodes(frame));
const filter = stage("filter", () => filterOrdersByItems(frame, undefined, orders));
const split = stage("split", () => temporalSplit(frame, filter.rows, undefined, undefined, orders));
stage("summary", () => summarizeFrame(frame, filter, split, orders));
const read = stage("rows read after preparation", () => rowsReadAfterPreparation(frame, filter.rows, split));
stage("compaction", () => compactFrameInPlace(frame, read));
process.stdout.write(`${JSON.stringify({ rows, compactedRows: frame.rowCount, stages, loadAverage: os.loadavg() })}\n`);
