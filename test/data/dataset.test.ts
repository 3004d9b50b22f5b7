import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { describeDataFile, loadDataset, prepareData } from "../../lib/data/dataset";
import { DataError } from "../../lib/data/errors";
import { generateFeatureFrameCsv } from "../../lib/data/generate";
import { tempDir, writeTemp } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-dataset-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("describeDataFile", () => {
  it("a CSV: its absolute path and size, no fingerprint until it is read", () => {
    const file = writeTemp(dir, "small.csv", generateFeatureFrameCsv({ orders: 3, seed: 1 }));
    const source = describeDataFile(file);
    expect(source.path).toBe(path.resolve(file));
    expect(source.size).toBe(fs.statSync(file).size);
    expect(source.fingerprint).toBe("");
  });

  it("names the file when it is missing or not a regular file", () => {
    const missing = thrown(() => describeDataFile(path.join(dir, "nope.csv")));
    expect(missing).toBeInstanceOf(DataError);
    expect(missing.message).toContain("nope.csv");
    expect(missing.message).toContain("file not found");
    const folder = path.join(dir, "a-folder.csv");
    fs.mkdirSync(folder);
    const notFile = thrown(() => describeDataFile(folder));
    expect(notFile).toBeInstanceOf(DataError);
    expect(notFile.message).toContain("not a regular file");
  });
});

describe("loadDataset", () => {
  it("reads through the Arrow cache once the file has been parsed, with the same frame", async () => {
    const file = writeTemp(dir, "cached.csv", generateFeatureFrameCsv({ orders: 12, seed: 4 }));
    const cacheDir = path.join(dir, "cache");
    const first = await loadDataset(file, { cacheDir });
    expect(first.fromCache).toBe(false);
    // The file's content digest, computed while parsing: SHA-256 of a versioned prefix and every byte, 16 hex digits.
    const crypto = await import("node:crypto");
    const digest = crypto.createHash("sha256").update("pushlab-content-sha256-v1\n").update(fs.readFileSync(file)).digest("hex").slice(0, 16);
    expect(first.frame.source.fingerprint).toBe(digest);
    const second = await loadDataset(file, { cacheDir });
    expect(second.fromCache).toBe(true);
    expect(second.frame.rowCount).toBe(first.frame.rowCount);
    for (const [name, column] of Object.entries(first.frame.numbers)) expect(Array.from(second.frame.numbers[name])).toEqual(Array.from(column));
    for (const [name, column] of Object.entries(first.frame.categories)) {
      const values = (c: typeof column) => Array.from(c.codes, (code) => c.dictionary[code]);
      expect(values(second.frame.categories[name])).toEqual(values(column));
    }
    // Without a cache folder nothing is cached and the file is parsed again.
    expect((await loadDataset(file)).fromCache).toBe(false);
  });

  it("a file replaced at the same path is parsed again, not read from the old cache", async () => {
    const file = writeTemp(dir, "replaced.csv", generateFeatureFrameCsv({ orders: 12, seed: 5 }));
    const cacheDir = path.join(dir, "cache-replaced");
    const before = await loadDataset(file, { cacheDir });
    fs.writeFileSync(`${file}.new`, generateFeatureFrameCsv({ orders: 14, seed: 6 }));
    fs.renameSync(`${file}.new`, file);
    const after = await loadDataset(file, { cacheDir });
    expect(after.fromCache).toBe(false);
    expect(after.frame.source.fingerprint).not.toBe(before.frame.source.fingerprint);
  });

  it("a file that fails validation is never cached", async () => {
    const text = generateFeatureFrameCsv({ orders: 3, seed: 2 });
    const lines = text.split("\n");
    const fields = lines[2].split(",");
    fields[fields.length - 1] = "x";
    lines[2] = fields.join(",");
    const file = writeTemp(dir, "bad.csv", lines.join("\n"));
    const cacheDir = path.join(dir, "cache-bad");
    await expect(loadDataset(file, { cacheDir })).rejects.toThrow(/bad\.csv:3:/);
    const cached = fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((name) => name.endsWith(".arrow")) : [];
    expect(cached).toEqual([]);
  });
});

describe("prepareData", () => {
  it("keeps orders with at least 5 purchased items and splits only those rows, each once", async () => {
    const file = writeTemp(dir, "prepare.csv", generateFeatureFrameCsv({ orders: 30, seed: 8 }));
    const { frame } = await loadDataset(file);
    const data = prepareData(frame);
    const outcome = frame.numbers.outcome;
    const orders = frame.numbers.order_id;
    const items = new Map<number, number>();
    for (let i = 0; i < frame.rowCount; i++) items.set(orders[i], (items.get(orders[i]) ?? 0) + outcome[i]);
    const kept = [];
    for (let i = 0; i < frame.rowCount; i++) if (items.get(orders[i])! >= 5) kept.push(i);
    expect(Array.from(data.filter.rows)).toEqual(kept);
    const split = [...data.split.rows.train, ...data.split.rows.validation, ...data.split.rows.test].sort((a, b) => a - b);
    expect(split).toEqual(kept);
  });

  it("refuses a frame in which no order has 5 purchased items, naming the file", async () => {
    const lines = generateFeatureFrameCsv({ orders: 4, seed: 3 }).split("\n");
    const header = lines[0].split(",");
    const target = header.indexOf("outcome");
    const zeroed = lines.map((line, k) => {
      if (k === 0 || line === "") return line;
      const fields = line.split(",");
      fields[target] = "0";
      return fields.join(",");
    });
    const file = writeTemp(dir, "no-buyers.csv", zeroed.join("\n"));
    const { frame } = await loadDataset(file);
    const error = thrown(() => prepareData(frame));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toContain("no-buyers.csv");
    expect(error.message).toContain("no order has at least 5 purchased items");
  });
});
