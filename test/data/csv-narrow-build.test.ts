import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadFeatureFrameCsv } from "../../lib/data/csv-loader";
import { describeDataFile, loadDataset, prepareData } from "../../lib/data/dataset";
import type { FeatureFrame } from "../../lib/data/feature-frame";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { narrowColumn } from "../../lib/data/narrow-columns";
import { baseRow, csvText, tempDir, writeTemp } from "../helpers/feature-frame-csv";

/**
 * The CSV loader's `narrow` read (each numeric column built narrow while parsing, allocated for the file's line count)
 * against the float64 read narrowed afterwards (narrowColumn: what the frame was before): the same
 * array type and the same double in every cell, the same category codes.
 */
function expectSameFrame(narrowRead: FeatureFrame, float64Read: FeatureFrame) {
  expect(narrowRead.rowCount).toBe(float64Read.rowCount);
  expect(Object.keys(narrowRead.numbers)).toEqual(Object.keys(float64Read.numbers));
  for (const [name, values] of Object.entries(float64Read.numbers)) {
    expect(values).toBeInstanceOf(Float64Array); // the old path's column, before narrowing
    const expected = narrowColumn(values);
    const got = narrowRead.numbers[name];
    expect(got.constructor.name, name).toBe(expected.constructor.name);
    expect(got.length, name).toBe(values.length);
    expect(got.buffer.byteLength, name).toBe(got.byteLength); // exact-size, its own buffer
    for (let i = 0; i < values.length; i++) {
      if (!Object.is(got[i], values[i])) throw new Error(`${name}[${i}]: ${got[i]} instead of ${values[i]}`);
    }
  }
  expect(Object.keys(narrowRead.categories)).toEqual(Object.keys(float64Read.categories));
  for (const [name, column] of Object.entries(float64Read.categories)) {
    expect(narrowRead.categories[name].dictionary).toEqual(column.dictionary);
    expect(Array.from(narrowRead.categories[name].codes)).toEqual(Array.from(column.codes));
  }
}

let dir: string;
beforeAll(() => {
  dir = tempDir("pushlab-narrow-build-");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("narrow CSV read", () => {
  it("gives the float64 read's types and values on a generated file", async () => {
    const file = path.join(dir, "generated.csv");
    await writeSyntheticFeatureFrame(file, { orders: 70, seed: 8 });
    const source = describeDataFile(file);
    const float64Read = loadFeatureFrameCsv(file, source);
    expect(float64Read.rowCount).toBeGreaterThan(10_000);
    expectSameFrame(loadFeatureFrameCsv(file, source, { narrow: true }), float64Read);
    // The loader the app uses (frame-loader: narrow) gives the same filter and split rows.
    const loaded = (await loadDataset(file)).frame;
    expectSameFrame(loaded, float64Read);
    const a = prepareData(loaded);
    const b = prepareData(float64Read);
    expect(Array.from(a.filter.rows)).toEqual(Array.from(b.filter.rows));
    for (const part of ["train", "validation", "test"] as const) expect(Array.from(a.split.rows[part])).toEqual(Array.from(b.split.rows[part]));
  });

  it("widens a column mid-file: a large count after many small ones, a negative, a fraction, -0; CRLF, quoted and multi-line records on the general path", () => {
    const rows: Record<string, string>[] = [];
    for (let k = 0; k < 500; k++) {
      rows.push(
        baseRow({
          count_pets: String(k % 3), // uint8 … then 70,000 at row 400 → uint32
          count_children: k === 450 ? "-1" : "1", // uint8 … then -1 → int8
          count_adults: k === 300 ? "2.5" : "2", // whole … then 2.5 → float32
          people_ex_baby: k === 250 ? "0.1" : "3", // whole … then 0.1 → float64
          count_babies: k === 499 ? "-0" : "0", // -0 on the last row → float32
          vendor: k === 123 ? '"quoted, vendor"' : k === 321 ? '"two\nlines"' : "clearspring",
          user_order_seq: String(k + 1), // uint8 until 255, then uint16
        }),
      );
    }
    rows[400].count_pets = "70000";
    const text = csvText(rows).split("\n");
    text[200] += "\r"; // one CRLF record: the fast path gives up, the general path re-reads it
    // With and without a final line feed; the multi-line record makes the line count one more than the rows.
    for (const [name, content] of [["widen.csv", text.join("\n")], ["widen-no-final-lf.csv", text.join("\n").replace(/\n$/, "")]]) {
      const file = writeTemp(dir, name, content);
      const source = describeDataFile(file);
      const float64Read = loadFeatureFrameCsv(file, source);
      expect(float64Read.rowCount).toBe(500);
      const frame = loadFeatureFrameCsv(file, source, { narrow: true });
      expectSameFrame(frame, float64Read);
      // Independently of narrowColumn: the types these values need.
      expect(frame.numbers.count_pets).toBeInstanceOf(Uint32Array);
      expect(frame.numbers.count_pets[400]).toBe(70_000);
      expect(frame.numbers.count_children).toBeInstanceOf(Int8Array);
      expect(frame.numbers.count_children[450]).toBe(-1);
      expect(frame.numbers.count_adults).toBeInstanceOf(Float32Array);
      expect(frame.numbers.count_adults[300]).toBe(2.5);
      expect(frame.numbers.people_ex_baby).toBeInstanceOf(Float64Array);
      expect(frame.numbers.people_ex_baby[250]).toBe(0.1);
      expect(frame.numbers.count_babies).toBeInstanceOf(Float32Array);
      expect(Object.is(frame.numbers.count_babies[499], -0)).toBe(true);
      expect(frame.numbers.user_order_seq).toBeInstanceOf(Uint16Array);
      expect(frame.numbers.user_order_seq[499]).toBe(500);
      expect(frame.numbers.outcome).toBeInstanceOf(Uint8Array);
      expect(frame.categories.vendor.dictionary).toEqual(["clearspring", "quoted, vendor", "two\nlines"]);
    }
  });

  it("reports a bad value with the same file:line:column message as the float64 read", () => {
    const rows = Array.from({ length: 50 }, (_, k) => baseRow({ count_pets: String(k) }));
    rows[37].normalised_price = "0.1x3";
    const file = writeTemp(dir, "bad.csv", csvText(rows));
    const source = describeDataFile(file);
    const message = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("expected a DataError");
    };
    const expected = message(() => loadFeatureFrameCsv(file, source));
    expect(expected).toMatch(/bad\.csv:39:13: not a finite number \(column 'normalised_price', value "0\.1x3"\)/);
    expect(message(() => loadFeatureFrameCsv(file, source, { narrow: true }))).toBe(expected);
  });
});
