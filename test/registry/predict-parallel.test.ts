import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadFeatureFrameCsv, readFeatureFrameCsv } from "../../lib/data/csv-loader";
import { describeDataFile, loadDataset, prepareData } from "../../lib/data/dataset";
import { generateFeatureFrameCsv } from "../../lib/data/generate";
import { fitPipeline } from "../../lib/features/pipeline";
import { fitLogisticRegression } from "../../lib/model/logistic-regression";
import type { ModelFile } from "../../lib/registry/model-file";
import { predictFile } from "../../lib/registry/predict-file";
import { planSlices } from "../../lib/registry/predict-parallel";
import { formatSuffixes } from "../../lib/registry/predict-slice";
import { tempDir, writeTemp } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-predict-parallel-");
let model: ModelFile;
let csv: string;
let input: string;

beforeAll(async () => {
  csv = generateFeatureFrameCsv({ orders: 30, seed: 7 });
  input = writeTemp(dir, "frame.csv", csv);
  const data = prepareData((await loadDataset(input)).frame);
  const { state, train } = fitPipeline(data.frame, data.split.rows.train, { encoding: "frequency" });
  const y = Float64Array.from(data.split.rows.train, (i) => data.frame.numbers.outcome[i]);
  const fit = fitLogisticRegression(train, y, { penalty: "l2", C: 0.01 });
  model = { format: "pushlab-model-v1", version: "v_20260101_000000", experimentId: "x", pushlabVersion: "test", createdAt: "", featureNames: state.featureNames, pipeline: state, coef: Array.from(fit.coef), intercept: fit.intercept, threshold: 0.05, refit: false };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function temps(): string[] {
  return fs.readdirSync(dir).filter((n) => n.endsWith(".tmp"));
}

/** A range size that cuts the file's data into two ranges near its middle. */
function halfOfData(file: string): number {
  const bytes = fs.readFileSync(file);
  return Math.floor((bytes.length - bytes.indexOf(10) - 1) / 2);
}

describe("planSlices", () => {
  it("cuts the data into two slices at a newline and builds the output header", () => {
    const file = writeTemp(dir, "bom-crlf.csv", `\ufeff${csv.replaceAll("\n", "\r\n")}`);
    const plan = planSlices(describeDataFile(file), true, halfOfData(file))!;
    expect(plan.slices).toHaveLength(2);
    const bytes = fs.readFileSync(file);
    const headerLine = csv.slice(0, csv.indexOf("\n"));
    expect(plan.header.toString()).toBe(`${headerLine},purchase_probability,predicted_purchase\n`);
    const [a, b] = plan.slices;
    expect(a.start).toBe(3 + Buffer.byteLength(headerLine) + 2);
    expect(a.end).toBe(b.start);
    expect(b.end).toBe(bytes.length);
    expect(bytes[b.start - 1]).toBe(10);
    expect(Math.abs(b.start - (a.start + bytes.length) / 2)).toBeLessThan(1000);
  });

  it("leaves small files to the sequential read unless forced", () => {
    expect(planSlices(describeDataFile(input))).toBeNull();
  });
});

describe("formatSuffixes", () => {
  it("prints probabilities as String(p) and the decision against the threshold", () => {
    const { suffixes, suffixEnds, pushes } = formatSuffixes(Float64Array.from([0.5, 1e-7, 0.049999999999999996, 0.05]), 0.05);
    expect(suffixes.toString()).toBe(",0.5,1\n,1e-7,0\n,0.049999999999999996,0\n,0.05,1\n");
    expect(Array.from(suffixEnds)).toEqual([7, 15, 39, 47]);
    expect(pushes).toBe(2);
  });
});

describe("predictFile, parallel and sequential", () => {
  async function both(file: string, name: string) {
    const parallelOut = path.join(dir, `${name}-parallel.csv`);
    const sequentialOut = path.join(dir, `${name}-sequential.csv`);
    const parallel = await predictFile(model, file, parallelOut, undefined, { parallel: "always", rangeBytes: halfOfData(file) });
    const sequential = await predictFile(model, file, sequentialOut, undefined, { parallel: "never" });
    return { parallel, sequential, parallelBytes: fs.readFileSync(parallelOut), sequentialBytes: fs.readFileSync(sequentialOut) };
  }

  it("write byte-identical output on a generated file (LF, and CRLF with a BOM)", async () => {
    for (const [name, text] of [
      ["lf", csv],
      ["crlf", `\ufeff${csv.replaceAll("\n", "\r\n")}`],
      ["no-final-newline", csv.trimEnd()],
    ] as const) {
      const file = writeTemp(dir, `${name}.csv`, text);
      const r = await both(file, name);
      expect(r.parallel.parallel).toBe(true);
      expect(r.sequential.parallel).toBe(false);
      expect(r.parallel.rows).toBe(r.sequential.rows);
      expect(r.parallel.pushes).toBe(r.sequential.pushes);
      expect(r.parallelBytes.equals(r.sequentialBytes)).toBe(true);
    }
    expect(temps()).toEqual([]);
  }, 60_000);

  it("falls back to the sequential read when the file holds a quote, with the same output", async () => {
    const lines = csv.split("\n");
    const k = Math.floor(lines.length * 0.75);
    lines[k] = lines[k].replace(/^(\d+),([a-z]+),/, '$1,"$2",'); // a quoted product_type in the second half
    const file = writeTemp(dir, "quoted.csv", lines.join("\n"));
    const r = await both(file, "quoted");
    expect(r.parallel.parallel).toBe(false);
    expect(r.parallelBytes.equals(r.sequentialBytes)).toBe(true);
    expect(r.parallelBytes.toString()).toContain('"');
  }, 60_000);

  it("reports the sequential read's exact error for a bad value in the second half, and writes nothing", async () => {
    const lines = csv.split("\n");
    const k = Math.floor(lines.length * 0.8);
    lines[k] = lines[k].replace(/^(\d+),([a-z]+),\d+,/, "$1,$2,x13,");
    const file = writeTemp(dir, "bad-second-half.csv", lines.join("\n"));
    const out = path.join(dir, "bad-out.csv");
    await expect(predictFile(model, file, out, undefined, { parallel: "always", rangeBytes: halfOfData(file) })).rejects.toThrow(
      new RegExp(`bad-second-half\\.csv:${k + 1}:3: not a finite number \\(column 'order_id', value "x13"\\)`),
    );
    expect(fs.existsSync(out)).toBe(false);
    expect(temps()).toEqual([]);
  }, 60_000);

  it("catches an order whose date differs between the two halves", async () => {
    const lines = csv.trimEnd().split("\n");
    // Copy the first data row to the end with another created_at (same day): a single read rejects it.
    const fields = lines[1].split(",");
    fields[4] = fields[4].slice(0, 11) + (fields[4].slice(11, 13) === "23" ? "22" : "23") + fields[4].slice(13);
    lines.push(fields.join(","));
    const file = writeTemp(dir, "two-dates.csv", `${lines.join("\n")}\n`);
    const sequential = await predictFile(model, file, path.join(dir, "two-dates-seq.csv"), undefined, { parallel: "never" }).catch((e: Error) => e.message);
    expect(sequential).toMatch(/has two dates/);
    await expect(predictFile(model, file, path.join(dir, "two-dates-par.csv"), undefined, { parallel: "always", rangeBytes: halfOfData(file) })).rejects.toThrow(sequential as string);
  }, 60_000);

  it("catches a blank line just before the cut", async () => {
    const plan = planSlices(describeDataFile(input), true, halfOfData(input))!;
    const bytes = fs.readFileSync(input);
    const file = writeTemp(dir, "blank.csv", Buffer.concat([bytes.subarray(0, plan.slices[1].start), Buffer.from("\n"), bytes.subarray(plan.slices[1].start)]));
    await expect(predictFile(model, file, path.join(dir, "blank-out.csv"), undefined, { parallel: "always", rangeBytes: halfOfData(input) })).rejects.toThrow(/empty line/);
  }, 60_000);
});

describe("a range read", () => {
  it("reports progress in bytes of its range, not counting the header read before it", () => {
    const plan = planSlices(describeDataFile(input), true, halfOfData(input))!;
    const range = plan.slices[1];
    const reported: number[] = [];
    const read = readFeatureFrameCsv(input, describeDataFile(input), { range, onProgress: (bytes) => reported.push(bytes) });
    expect(read.frame.rowCount).toBeGreaterThan(0);
    expect(reported.at(-1)).toBe(range.end - range.start);
    expect(reported.every((bytes, k) => k === 0 || bytes >= reported[k - 1])).toBe(true);
  });
});

describe("columnViews", () => {
  it("gives the same columns as views instead of exact-size copies", () => {
    const source = describeDataFile(input);
    const copies = loadFeatureFrameCsv(input, source);
    const views = loadFeatureFrameCsv(input, source, { columnViews: true });
    expect(views.rowCount).toBe(copies.rowCount);
    for (const name of Object.keys(copies.numbers)) {
      expect(views.numbers[name].length).toBe(copies.rowCount);
      expect(Array.from(views.numbers[name])).toEqual(Array.from(copies.numbers[name]));
    }
    for (const name of Object.keys(copies.categories)) {
      expect(Array.from(views.categories[name].codes)).toEqual(Array.from(copies.categories[name].codes));
      expect(views.categories[name].dictionary).toEqual(copies.categories[name].dictionary);
    }
    // The loader over-allocates (200 bytes a row), so a view's buffer is larger than its column.
    expect(views.numbers.outcome.buffer.byteLength).toBeGreaterThan(views.rowCount * 8);
    expect(copies.numbers.outcome.buffer.byteLength).toBe(copies.rowCount * 8);
  });
});

describe("the loader's fast path", () => {
  it("gives the same frame as the general path (CRLF sends every record through the general path)", () => {
    const lf = writeTemp(dir, "fast.csv", csv);
    const crlf = writeTemp(dir, "general.csv", csv.replaceAll("\n", "\r\n"));
    const a = loadFeatureFrameCsv(lf, describeDataFile(lf));
    const b = loadFeatureFrameCsv(crlf, describeDataFile(crlf));
    expect(a.rowCount).toBe(b.rowCount);
    for (const name of Object.keys(b.numbers)) expect(Buffer.from(a.numbers[name].buffer).equals(Buffer.from(b.numbers[name].buffer))).toBe(true);
    expect(a.categories).toEqual(b.categories);
  });
});
