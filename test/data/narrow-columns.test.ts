import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadFeatureFrameCsv } from "../../lib/data/csv-loader";
import { describeDataFile, loadDataset, prepareData } from "../../lib/data/dataset";
import type { FeatureFrame } from "../../lib/data/feature-frame";
import { frameCachePath, readFrameCache, writeFrameCache } from "../../lib/data/frame-cache";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { narrowColumn, narrowestType, rangeOf } from "../../lib/data/narrow-columns";
import { writeSyntheticFeatureFrameParquet } from "../../lib/data/parquet-writer";
import { tempDir } from "../helpers/feature-frame-csv";

describe("narrowestType", () => {
  const type = (values: number[]) => narrowestType(rangeOf(values)).name;
  it("picks the smallest integer array holding the range", async () => {
    expect(type([0, 1, 1, 0])).toBe("Uint8Array");
    expect(type([0, 255])).toBe("Uint8Array");
    expect(type([-1, 127])).toBe("Int8Array");
    expect(type([0, 256])).toBe("Uint16Array");
    expect(type([-129, 5])).toBe("Int16Array");
    expect(type([18_500, 65_535])).toBe("Uint16Array");
    expect(type([1_600_000_000, 1_700_000_000])).toBe("Uint32Array");
    expect(type([-40_000, 2_000_000_000])).toBe("Int32Array");
  });
  it("keeps float64 for integers beyond 32 bits and for values that are not float32 numbers", async () => {
    expect(type([33_826_472_919_172, 1])).toBe("Float64Array");
    expect(type([0.1, 2])).toBe("Float64Array");
    expect(type([Math.fround(0.1), 2.5, -3.75])).toBe("Float32Array");
    expect(type([0, 2 ** 40 + 0.5])).toBe("Float64Array");
  });
  it("does not store -0 in an integer array (it would read back as +0)", async () => {
    expect(type([0, -0, 3])).toBe("Float32Array");
  });
});

describe("narrowColumn", () => {
  it("returns a copy whose every element reads back as the same double, or the column itself", async () => {
    const cases = [
      Float64Array.from([0, 1, 1, 0, 1]),
      Float64Array.from([17_000, 18_200, 18_600]),
      Float64Array.from([1_601_510_400, 1_614_556_799]),
      Float64Array.from([2.5, 0.25, -1.125]),
      Float64Array.from([0.07429670593892762, 0.16181229773462785]),
      Float64Array.from([2_807_988_734_016, 2_808_314_913_060]),
    ];
    const expected = ["Uint8Array", "Uint16Array", "Uint32Array", "Float32Array", "Float64Array", "Float64Array"];
    cases.forEach((values, k) => {
      const narrow = narrowColumn(values);
      expect(narrow.constructor.name).toBe(expected[k]);
      expect(Array.from(narrow)).toEqual(Array.from(values));
      if (expected[k] === "Float64Array") expect(narrow).toBe(values);
    });
  });
});

describe("narrow frames from CSV, Parquet and the cache", () => {
  const dir = tempDir("pushlab-narrow-");
  const csv = path.join(dir, "frame.csv");
  const parquet = path.join(dir, "frame.parquet");
  let wide: FeatureFrame;
  let fromCsv: FeatureFrame;
  let fromParquet: FeatureFrame;
  beforeAll(async () => {
    await writeSyntheticFeatureFrame(csv, { orders: 40, seed: 23 });
    await writeSyntheticFeatureFrameParquet(parquet, { orders: 40, seed: 23 });
    wide = loadFeatureFrameCsv(csv, describeDataFile(csv));
    fromCsv = (await loadDataset(csv)).frame;
    fromParquet = (await loadDataset(parquet)).frame;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const bytes = (frame: FeatureFrame) => Object.values(frame.numbers).reduce((sum, c) => sum + c.byteLength, 0);

  it("holds every value of the float64 frame exactly, in narrower arrays", async () => {
    expect(Object.keys(fromCsv.numbers).sort()).toEqual(Object.keys(wide.numbers).sort());
    for (const [name, values] of Object.entries(wide.numbers)) {
      expect(values).toBeInstanceOf(Float64Array);
      expect(Array.from(fromCsv.numbers[name]), name).toEqual(Array.from(values));
    }
    for (const name of ["outcome", "ordered_before", "abandoned_before", "active_snoozed", "set_as_regular"]) {
      expect(fromCsv.numbers[name], name).toBeInstanceOf(Uint8Array);
    }
    expect(fromCsv.numbers.order_date).toBeInstanceOf(Uint16Array);
    expect(fromCsv.numbers.created_at).toBeInstanceOf(Uint32Array);
    // Ids beyond 2^32 and 16-digit prices stay float64.
    expect(fromCsv.numbers.order_id).toBeInstanceOf(Float64Array);
    expect(fromCsv.numbers.normalised_price).toBeInstanceOf(Float64Array);
    expect(bytes(fromCsv)).toBeLessThan(0.7 * bytes(wide));
  });

  it("gives the Parquet frame the same types (chosen from DuckDB's aggregates) and the same values", async () => {
    for (const [name, values] of Object.entries(fromCsv.numbers)) {
      expect(fromParquet.numbers[name].constructor.name, name).toBe(values.constructor.name);
      expect(Array.from(fromParquet.numbers[name]), name).toEqual(Array.from(values));
    }
  });

  it("filters and splits the narrow frame into exactly the float64 frame's rows", async () => {
    const a = prepareData(wide);
    const b = prepareData(fromCsv);
    expect(b.filter.rows).toEqual(a.filter.rows);
    for (const split of ["train", "validation", "test"] as const) expect(b.split.rows[split]).toEqual(a.split.rows[split]);
    expect(b.split.stats).toEqual(a.split.stats);
  });

  it("keeps types and values through the Arrow cache", async () => {
    const file = frameCachePath(path.join(dir, "cache"), fromCsv.source);
    await writeFrameCache(file, fromCsv);
    const cached = (await readFrameCache(file))!;
    expect(cached).not.toBeNull();
    for (const [name, values] of Object.entries(fromCsv.numbers)) {
      expect(cached.numbers[name].constructor.name, name).toBe(values.constructor.name);
      expect(Array.from(cached.numbers[name]), name).toEqual(Array.from(values));
    }
  });
});
