import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadDataset, prepareData, type PreparedData } from "../../lib/data/dataset";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { compactFrameInPlace, remapRows } from "../../lib/data/compact-frame";
import type { FeatureFrame } from "../../lib/data/feature-frame";
import { summarizeDataset, summarizeFrame } from "../../lib/data/summary";
import { SPLIT_NAMES } from "../../lib/data/temporal-split";
import { tempDir } from "../helpers/feature-frame-csv";

/*
 * prepareData(frame, { compact: true }) against the uncompacted preparation of the same file (a
 * second load): the same summary (computed over every row before the compaction), the same split,
 * the same values at every split row, and the same rows on the validation days, in the same order.
 */
const dir = tempDir("pushlab-compact-frame-");
let full: PreparedData;
let compact: PreparedData;
let loadedRows: number;

beforeAll(async () => {
  const file = path.join(dir, "frame.csv");
  await writeSyntheticFeatureFrame(file, { orders: 60, seed: 29 });
  full = prepareData((await loadDataset(file)).frame);
  const frame = (await loadDataset(file)).frame;
  loadedRows = frame.rowCount;
  compact = prepareData(frame, { compact: true });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cell(data: PreparedData, column: string, row: number): number | string {
  if (Object.hasOwn(data.frame.numbers, column)) return data.frame.numbers[column][row];
  const { codes, dictionary } = data.frame.categories[column];
  return dictionary[codes[row]];
}
/** The first position where the two lists differ (Object.is), or -1 (one assertion per column, not per value). */
function firstDifference(a: readonly unknown[], b: readonly unknown[]): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return k;
  return -1;
}
const columns = () => [...Object.keys(full.frame.numbers), ...Object.keys(full.frame.categories)];

describe("prepareData with compaction", () => {
  it("drops rows: the filter drops orders and some of their rows fall outside the validation days", () => {
    expect(full.filter.ordersKept).toBeLessThan(full.filter.ordersBefore);
    expect(compact.frame.rowCount).toBeLessThan(loadedRows);
    expect(compact.frame.rowCount).toBeGreaterThanOrEqual(compact.filter.rows.length);
    expect(full.frame.rowCount).toBe(loadedRows);
  });

  it("gives the summary of every loaded row, computed before the compaction", () => {
    expect(compact.summary).toBeDefined();
    expect(summarizeDataset(compact)).toEqual(summarizeDataset(full));
    expect(summarizeDataset(compact).rows).toBe(loadedRows);
    // …and not what the compacted frame alone would give.
    expect(summarizeFrame(compact.frame, compact.filter, compact.split).rows).toBe(compact.frame.rowCount);
  });

  it("gives the same filter figures and split (days, orders, rows, positives)", () => {
    expect({ ...compact.filter, rows: null }).toEqual({ ...full.filter, rows: null });
    expect(compact.split.stats).toEqual(full.split.stats);
    expect(compact.split.ordersPerDay).toEqual(full.split.ordersPerDay);
    for (const name of SPLIT_NAMES) expect(compact.split.rows[name].length).toBe(full.split.rows[name].length);
  });

  it("holds the same values at every kept and split row, in the same order", () => {
    for (const column of columns()) {
      for (const name of SPLIT_NAMES) {
        const a = Array.from(full.split.rows[name], (i) => cell(full, column, i));
        const b = Array.from(compact.split.rows[name], (i) => cell(compact, column, i));
        expect(firstDifference(a, b), `${column} on ${name}`).toBe(-1);
      }
      const kept = firstDifference(Array.from(full.filter.rows, (i) => cell(full, column, i)), Array.from(compact.filter.rows, (i) => cell(compact, column, i)));
      expect(kept, `${column} on the kept rows`).toBe(-1);
    }
  });

  it("keeps every row of the validation days, kept or dropped by the filter, in file order", () => {
    const validation = full.split.stats.find((s) => s.name === "validation")!;
    const onValidationDays = (data: PreparedData) => {
      const days = data.frame.numbers.order_date;
      const rows: number[] = [];
      for (let i = 0; i < data.frame.rowCount; i++) if (days[i] >= validation.firstDay && days[i] <= validation.lastDay) rows.push(i);
      return rows;
    };
    const a = onValidationDays(full);
    const b = onValidationDays(compact);
    expect(a.length).toBeGreaterThan(full.split.rows.validation.length); // dropped orders on those days exist
    expect(b.length).toBe(a.length);
    for (const column of columns()) expect(firstDifference(a.map((i) => cell(full, column, i)), b.map((i) => cell(compact, column, i))), column).toBe(-1);
  });

  it("keeps the array type of every column", () => {
    for (const [name, values] of Object.entries(full.frame.numbers)) expect(compact.frame.numbers[name].constructor, name).toBe(values.constructor);
  });
});

describe("remapRows", () => {
  it("maps rows of the old frame to their position among the kept rows", () => {
    expect(Array.from(remapRows(Uint32Array.from([2, 5, 9]), Uint32Array.from([0, 2, 3, 5, 9])))).toEqual([1, 3, 4]);
  });
  it("refuses a row that was not kept", () => {
    expect(() => remapRows(Uint32Array.from([4]), Uint32Array.from([0, 2, 5]))).toThrow(/row 4/);
  });
});

describe("compactFrameInPlace: category codes in the narrowest array of their dictionary", () => {
  const frameWith = (dictionarySize: number, codes: number[]): FeatureFrame => ({
    source: { path: "x.csv", size: 0, mtimeMs: 0, fingerprint: "" },
    rowCount: codes.length,
    numbers: { outcome: Uint8Array.from(codes, (c) => c % 2) },
    categories: { vendor: { codes: Int32Array.from(codes), dictionary: Array.from({ length: dictionarySize }, (_, i) => `v${i}`) } },
    extraColumns: [],
  });

  it.each([
    [2, Uint8Array],
    [256, Uint8Array],
    [257, Uint16Array],
    [65536, Uint16Array],
    [65537, Int32Array],
  ])("a dictionary of %i values: %o, the same categories at the kept rows", (size, type) => {
    const codes = [0, size - 1, 1, size - 2, Math.floor(size / 2), 0];
    const frame = frameWith(size, codes);
    compactFrameInPlace(frame, Uint32Array.from([1, 3, 4, 5]));
    const { codes: kept, dictionary } = frame.categories.vendor;
    expect(kept).toBeInstanceOf(type);
    expect(Array.from(kept, (c) => dictionary[c])).toEqual([1, 3, 4, 5].map((row) => `v${codes[row]}`));
    expect(Array.from(frame.numbers.outcome)).toEqual([1, 3, 4, 5].map((row) => codes[row] % 2));
    expect(frame.rowCount).toBe(4);
  });

  it("the compacted frame of a generated file: product_type and vendor codes in one and two bytes", () => {
    expect(compact.frame.categories.product_type.codes.BYTES_PER_ELEMENT).toBe(compact.frame.categories.product_type.dictionary.length <= 256 ? 1 : 2);
    expect(compact.frame.categories.vendor.codes.BYTES_PER_ELEMENT).toBeLessThanOrEqual(2);
    expect(full.frame.categories.vendor.codes).toBeInstanceOf(Int32Array); // uncompacted: as loaded
  });
});
