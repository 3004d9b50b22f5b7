import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadDataset, prepareData } from "../../lib/data/dataset";
import { filterAndSplitInDuckDB } from "../../lib/data/duckdb-split";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { writeSyntheticFeatureFrameParquet } from "../../lib/data/parquet-writer";
import { tempDir } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-duckdb-split-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("out-of-core filter and split (DuckDB)", () => {
  it.each([
    [70, 21],
    [130, 5],
  ])("gives the in-memory filter and split's orders and rows (%i orders, seed %i), from CSV and from Parquet", async (orders, seed) => {
    const csv = path.join(dir, `frame-${orders}.csv`);
    const parquet = path.join(dir, `frame-${orders}.parquet`);
    await writeSyntheticFeatureFrame(csv, { orders, seed });
    await writeSyntheticFeatureFrameParquet(parquet, { orders, seed });
    const data = prepareData((await loadDataset(csv)).frame);
    const ids = data.frame.numbers.order_id;
    for (const file of [csv, parquet]) {
      const sql = await filterAndSplitInDuckDB(file);
      for (const name of ["train", "validation", "test"] as const) {
        const rows = data.split.rows[name];
        const expected = [...new Set(Array.from(rows, (i) => ids[i]))].sort((a, b) => a - b);
        expect(sql[name].orders, `${file} ${name}`).toEqual(expected);
        expect(sql[name].rows).toBe(rows.length);
      }
      expect(sql.train.rows).toBeGreaterThan(0);
      expect(sql.validation.rows).toBeGreaterThan(0);
    }
  });
});
