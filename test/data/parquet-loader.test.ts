import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadFeatureFrameCsv } from "../../lib/data/csv-loader";
import { describeDataFile, loadDataset, prepareData } from "../../lib/data/dataset";
import { DataError } from "../../lib/data/errors";
import type { FeatureFrame } from "../../lib/data/feature-frame";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { loadFeatureFrameParquet } from "../../lib/data/parquet-loader";
import { writeSyntheticFeatureFrameParquet } from "../../lib/data/parquet-writer";
import { COLUMN_NAMES } from "../../lib/data/schema";
import { deriveParquet, writeParquetParts } from "../helpers/parquet-files";
import { tempDir } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-parquet-");
const csv = path.join(dir, "frame.csv");
const parquet = path.join(dir, "frame.parquet");
let csvFrame: FeatureFrame;

beforeAll(async () => {
  await writeSyntheticFeatureFrame(csv, { orders: 30, seed: 11 });
  await writeSyntheticFeatureFrameParquet(parquet, { orders: 30, seed: 11 });
  csvFrame = loadFeatureFrameCsv(csv, describeDataFile(csv));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const derive = (name: string, select: string) => deriveParquet(dir, parquet, name, select);

/** `frame.parquet` as a folder of two parts (rows 10,000– first in the file system, 0–9,999 named first) and a file that is not a part. */
async function writeParts(): Promise<string> {
  const parts = path.join(dir, "parts");
  if (fs.existsSync(parts)) return parts;
  await writeParquetParts(parts, parquet, [
    { name: "part-1.parquet", from: 10000, to: Number.MAX_SAFE_INTEGER },
    { name: "part-0.parquet", from: 0, to: 10000 },
  ]);
  fs.writeFileSync(path.join(parts, "README.txt"), "not a part");
  return parts;
}

async function loadError(file: string): Promise<DataError> {
  try {
    await loadFeatureFrameParquet(file, describeDataFile(file));
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error("expected a DataError");
}

function expectSameFrame(actual: FeatureFrame, expected: FeatureFrame): void {
  expect(actual.rowCount).toBe(expected.rowCount);
  expect(Object.keys(actual.numbers).sort()).toEqual(Object.keys(expected.numbers).sort());
  for (const [name, values] of Object.entries(expected.numbers)) {
    const got = actual.numbers[name];
    let differing = 0;
    for (let i = 0; i < values.length; i++) if (!Object.is(got[i], values[i])) differing++;
    expect(differing, name).toBe(0);
  }
  for (const [name, column] of Object.entries(expected.categories)) {
    expect(actual.categories[name].dictionary, name).toEqual(column.dictionary);
    expect(Array.from(actual.categories[name].codes)).toEqual(Array.from(column.codes));
  }
}

describe("Parquet feature frames", () => {
  it("the generator's Parquet holds exactly the values of its CSV (same frame, bit for bit)", async () => {
    expect(fs.readFileSync(parquet).subarray(0, 4).toString()).toBe("PAR1");
    const frame = await loadFeatureFrameParquet(parquet, describeDataFile(parquet));
    expect(frame.rowCount).toBeGreaterThan(15_000);
    expectSameFrame(frame, csvFrame);
    const a = prepareData(frame);
    const b = prepareData(csvFrame);
    expect(Array.from(a.split.rows.validation)).toEqual(Array.from(b.split.rows.validation));
  });

  it("reads a folder of parts in name order as one table, with its own stable fingerprint", async () => {
    const parts = await writeParts();
    const source = describeDataFile(parts);
    expect(describeDataFile(parts).fingerprint).toBe(source.fingerprint);
    expect(source.fingerprint).not.toBe(describeDataFile(parquet).fingerprint);
    expectSameFrame(await loadFeatureFrameParquet(parts, source), csvFrame);
  });

  it("loadDataset caches a Parquet frame like a CSV one and reuses it", async () => {
    const cacheDir = path.join(dir, "cache");
    const first = await loadDataset(parquet, { cacheDir });
    const second = await loadDataset(parquet, { cacheDir });
    expect([first.fromCache, second.fromCache]).toEqual([false, true]);
    expectSameFrame(second.frame, csvFrame);
  });

  it("a column of the wrong type names the file, the column and both types", async () => {
    const file = await derive("wrong-type.parquet", "SELECT * EXCLUDE (file_row_number) REPLACE (CAST(outcome AS VARCHAR) AS outcome) FROM src");
    const error = await loadError(file);
    expect(error.message).toBe(`${file}: column ${COLUMN_NAMES.indexOf("outcome") + 1} 'outcome' has the wrong type VARCHAR; expected a number (integer, float, double or decimal)`);
  });

  it("a missing column names the file and the column", async () => {
    const file = await derive("missing.parquet", "SELECT * EXCLUDE (file_row_number, vendor) FROM src");
    const error = await loadError(file);
    expect(error.message.startsWith(`${file}: missing required column 'vendor'; the file has: variant_id BIGINT, product_type VARCHAR`)).toBe(true);
  });

  it("a null names the file, its 1-based row and the column", async () => {
    const file = await derive(
      "null.parquet",
      "SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 1233 THEN NULL ELSE normalised_price END AS normalised_price) FROM src",
    );
    const error = await loadError(file);
    expect(error.message).toBe(`${file}: row 1234, column 13: null value; expected a number (column 'normalised_price')`);
    expect(error.row).toBe(1234);
  });

  it("a null category and a null timestamp are refused too", async () => {
    const vendor = await derive("null-vendor.parquet", "SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 7 THEN NULL ELSE vendor END AS vendor) FROM src");
    expect((await loadError(vendor)).message).toBe(`${vendor}: row 8, column 15: null value; expected a category name (column 'vendor')`);
    const created = await derive("null-created.parquet", "SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 0 THEN NULL ELSE created_at END AS created_at) FROM src");
    expect((await loadError(created)).message).toBe(`${created}: row 1, column 5: null value; expected a date-time (column 'created_at')`);
  });

  it("applies the CSV's value rules: outcome 0/1, finite numbers, category values, one date per order", async () => {
    const outcome = await derive("outcome.parquet", "SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 99 THEN 2.0 ELSE outcome END AS outcome) FROM src");
    expect((await loadError(outcome)).message).toBe(`${outcome}: row 100, column 8: outcome must be 0 or 1 (column 'outcome', value "2")`);
    const nan = await derive("nan.parquet", "SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 5 THEN 'NaN'::DOUBLE ELSE discount_pct END AS discount_pct) FROM src");
    expect((await loadError(nan)).message).toBe(`${nan}: row 6, column 14: not a finite number (column 'discount_pct', value "NaN")`);
    const formula = await derive("formula.parquet", "SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 300 THEN '=HYPERLINK(1)' ELSE vendor END AS vendor) FROM src");
    expect((await loadError(formula)).message).toMatch(new RegExp(`^${formula.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: row 301, column 15: category value starts with = \\+ - @`));
    const dates = await derive(
      "dates.parquet",
      "SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 40 THEN created_at + INTERVAL 1 SECOND ELSE created_at END AS created_at) FROM src",
    );
    expect((await loadError(dates)).message).toMatch(/: row (41, column 5: order \d+ has two dates: this row differs from row \d+|\d+, column 5: order \d+ has two dates: this row differs from row 41) \(column 'created_at'\)$/);
  });

  it("a file that is not Parquet is refused with its name", async () => {
    const file = path.join(dir, "not.parquet");
    fs.writeFileSync(file, "variant_id,product_type\n1,a\n");
    expect((await loadError(file)).message.startsWith(`${file}: cannot read as Parquet:`)).toBe(true);
  });

  it("streamed, hands over chunks of chunkRows whose rows are the whole frame's, across parts, with the whole input's dictionaries", async () => {
    const parts = await writeParts();
    for (const [input, chunkRows] of [[parquet, 1000], [parquet, 2048], [parts, 2049], [parts, 1 << 20]] as const) {
      const sizes: number[] = [];
      const numbers = new Map<string, number[]>();
      const codes = new Map<string, number[]>();
      const frame = await loadFeatureFrameParquet(input, describeDataFile(input), {
        stream: {
          chunkRows,
          onChunk: (chunk) => {
            sizes.push(chunk.rowCount);
            for (const [name, values] of Object.entries(chunk.numbers)) {
              expect(values.length).toBe(chunk.rowCount);
              if (!numbers.has(name)) numbers.set(name, []);
              numbers.get(name)!.push(...values);
            }
            for (const [name, column] of Object.entries(chunk.categories)) {
              expect(column.dictionary, name).toEqual(csvFrame.categories[name].dictionary);
              if (!codes.has(name)) codes.set(name, []);
              codes.get(name)!.push(...column.codes);
            }
          },
        },
      });
      const label = `${path.basename(input)} by ${chunkRows}`;
      expect(frame.rowCount, label).toBe(csvFrame.rowCount);
      expect(Object.keys(frame.numbers), label).toEqual([]);
      expect(sizes.slice(0, -1).every((n) => n === chunkRows), label).toBe(true);
      expect(sizes.reduce((a, b) => a + b, 0), label).toBe(csvFrame.rowCount);
      expect([...numbers.keys()].sort(), label).toEqual(Object.keys(csvFrame.numbers).sort());
      for (const [name, values] of Object.entries(csvFrame.numbers)) {
        const got = numbers.get(name)!;
        let differing = 0;
        for (let i = 0; i < values.length; i++) if (!Object.is(got[i], values[i])) differing++;
        expect(differing, `${label}: ${name}`).toBe(0);
      }
      for (const [name, column] of Object.entries(csvFrame.categories)) expect(codes.get(name), `${label}: ${name}`).toEqual(Array.from(column.codes));
    }
  });

  it("streamed, a problem in a late row is still thrown after the earlier chunks were handed over", async () => {
    const last = csvFrame.rowCount - 3; // 0-based row in the last chunk
    const file = await derive("late-null.parquet", `SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = ${last} THEN NULL ELSE discount_pct END AS discount_pct) FROM src`);
    let handed = 0;
    const streamed = loadFeatureFrameParquet(file, describeDataFile(file), { stream: { chunkRows: 1000, onChunk: (chunk) => void (handed += chunk.rowCount) } });
    await expect(streamed).rejects.toThrow(`${file}: row ${last + 1}, column 14: null value; expected a number (column 'discount_pct')`);
    // Whole chunks only, and all those complete before the DuckDB result chunk (≤ 2,048 rows) holding the bad row.
    expect(handed % 1000).toBe(0);
    expect(handed).toBeLessThanOrEqual(last);
    expect(handed).toBeGreaterThan(last - 2048 - 1000);
    await expect(loadFeatureFrameParquet(parquet, describeDataFile(parquet), { stream: { chunkRows: 0, onChunk: () => undefined } })).rejects.toThrow(RangeError);
  });
});
