import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlString, withDuckDB } from "../../lib/data/duckdb-session";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { convertCsvToParquet, writeFileThroughDuckDB, writeSyntheticFeatureFrameParquet } from "../../lib/data/parquet-writer";
import { COLUMN_NAMES } from "../../lib/data/schema";

let dir = "";
let csv = "";
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pushlab-parquet-writer-"));
  csv = path.join(dir, "frame.csv");
  await writeSyntheticFeatureFrame(csv, { orders: 20, seed: 3 });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Column names and DuckDB types of a Parquet file, and its rows as CSV-like strings, read by DuckDB. */
async function readParquet(file: string): Promise<{ columns: [string, string][]; rows: string[][] }> {
  return withDuckDB(async (db) => {
    const described = await (await db.run(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`)).getRowObjects();
    const columns = described.map((r) => [String(r.column_name), String(r.column_type)] as [string, string]);
    const select = COLUMN_NAMES.map((c) => `CAST("${c}" AS VARCHAR)`).join(", ");
    const rows = (await (await db.run(`SELECT ${select} FROM read_parquet(${sqlString(file)})`)).getRows()).map((r) => r.map(String));
    return { columns, rows };
  });
}

const csvRows = () => fs.readFileSync(csv, "utf8").trimEnd().split("\n").slice(1).map((line) => line.split(","));
const folderFiles = (folder: string) => fs.readdirSync(folder).sort();

describe("convertCsvToParquet", () => {
  it("writes the schema's 27 columns with warehouse types and the CSV's rows, values unchanged", async () => {
    const out = path.join(dir, "frame.parquet");
    const { bytes } = await convertCsvToParquet(csv, out);
    expect(bytes).toBe(fs.statSync(out).size);
    const { columns, rows } = await readParquet(out);
    expect(columns.map(([name]) => name)).toEqual(COLUMN_NAMES);
    const type = Object.fromEntries(columns);
    expect([type.variant_id, type.order_id, type.user_id, type.user_order_seq]).toEqual(["BIGINT", "BIGINT", "BIGINT", "BIGINT"]);
    expect([type.product_type, type.vendor]).toEqual(["VARCHAR", "VARCHAR"]);
    expect([type.created_at, type.order_date]).toEqual(["TIMESTAMP", "TIMESTAMP"]);
    expect([type.outcome, type.global_popularity, type.discount_pct]).toEqual(["DOUBLE", "DOUBLE", "DOUBLE"]);

    const expected = csvRows();
    expect(rows).toHaveLength(expected.length);
    // Cell by cell, as numbers for the numeric columns (DuckDB prints 1.0 as "1.0", ids without a point).
    const mismatches: string[] = [];
    expected.forEach((fields, i) => {
      fields.forEach((field, j) => {
        const got = rows[i][j];
        const same = type[COLUMN_NAMES[j]] === "DOUBLE" || type[COLUMN_NAMES[j]] === "BIGINT" ? Number(got) === Number(field) : got === field;
        if (!same) mismatches.push(`row ${i + 1} ${COLUMN_NAMES[j]}: ${field} → ${got}`);
      });
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(folderFiles(dir)).toEqual(["frame.csv", "frame.parquet"]); // no temp left beside it
  });

  it("fails on a CSV that does not fit the schema and leaves the target as it was, with no temp", async () => {
    const bad = path.join(dir, "bad.csv");
    const lines = fs.readFileSync(csv, "utf8").split("\n");
    const fields = lines[1].split(",");
    fields[COLUMN_NAMES.indexOf("global_popularity")] = "not-a-number";
    lines[1] = fields.join(",");
    fs.writeFileSync(bad, lines.join("\n"));
    const out = path.join(dir, "kept.parquet");
    fs.writeFileSync(out, "previous content");
    await expect(convertCsvToParquet(bad, out)).rejects.toThrow(/not-a-number|convert|DOUBLE/i);
    expect(fs.readFileSync(out, "utf8")).toBe("previous content");
    expect(folderFiles(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    fs.rmSync(bad);
    fs.rmSync(out);
  });
});

describe("writeFileThroughDuckDB", () => {
  it("renames what the writer wrote into place", async () => {
    const target = path.join(dir, "through.txt");
    let written = "";
    await writeFileThroughDuckDB(target, async (temp) => {
      written = temp;
      expect(path.dirname(temp)).toBe(dir); // beside the target, so the rename is atomic
      fs.writeFileSync(temp, "new");
    });
    expect(fs.readFileSync(target, "utf8")).toBe("new");
    expect(fs.existsSync(written)).toBe(false);
    fs.rmSync(target);
  });

  it("removes the temp and keeps the target when the writer fails or writes nothing", async () => {
    const target = path.join(dir, "untouched.txt");
    fs.writeFileSync(target, "old");
    await expect(
      writeFileThroughDuckDB(target, async (temp) => {
        fs.writeFileSync(temp, "half");
        throw new Error("writer failed");
      }),
    ).rejects.toThrow("writer failed");
    await expect(writeFileThroughDuckDB(target, async () => {})).rejects.toThrow(/ENOENT/);
    expect(fs.readFileSync(target, "utf8")).toBe("old");
    expect(folderFiles(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    fs.rmSync(target);
  });
});

describe("writeSyntheticFeatureFrameParquet", () => {
  it("holds the same rows as the CSV of the same seed, and leaves no CSV behind", async () => {
    const sub = fs.mkdtempSync(path.join(dir, "synthetic-"));
    const out = path.join(sub, "frame.parquet");
    const result = await writeSyntheticFeatureFrameParquet(out, { orders: 20, seed: 3 });
    expect(folderFiles(sub)).toEqual(["frame.parquet"]);
    expect(result.bytes).toBe(fs.statSync(out).size);
    const expected = csvRows();
    expect(result.rows).toBe(expected.length);
    expect(result.orders).toBe(20);
    const { rows } = await readParquet(out);
    const key = (r: string[]) => `${Number(r[0])}|${Number(r[2])}|${Number(r[7])}`; // variant, order, outcome
    expect(rows.map(key)).toEqual(expected.map(key));
  });
});
