import { describe, expect, it } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { doubleItems, sqlIdentifier, sqlString, withDuckDB } from "../../lib/data/duckdb-session";

const HOSTILE = ["plain", "it's", "''", "a'); DROP TABLE t; --", 'say "hi"', '"', "", "naïve €", "back\\slash", "new\nline"];

describe("sqlString and sqlIdentifier", () => {
  it("quote by doubling the quote character, nothing else", () => {
    expect(sqlString("it's")).toBe("'it''s'");
    expect(sqlString("")).toBe("''");
    expect(sqlIdentifier('say "hi"')).toBe('"say ""hi"""');
    expect(sqlIdentifier("vendor")).toBe('"vendor"');
  });

  it("round-trip any text through DuckDB as a literal and as a column name", async () => {
    const back = await withDuckDB(async (db) => {
      const literals = await (await db.run(`SELECT ${HOSTILE.map((text, i) => `${sqlString(text)} AS c${i}`).join(", ")}`)).getRows();
      const named = (await db.run(`SELECT ${HOSTILE.filter((t) => t !== "").map((text, i) => `${i} AS ${sqlIdentifier(text)}`).join(", ")}`)).columnNames();
      return { literals: literals[0], named };
    });
    expect(back.literals).toEqual(HOSTILE);
    expect(back.named).toEqual(HOSTILE.filter((t) => t !== ""));
  });
});

describe("withDuckDB", () => {
  it("returns the task's value and closes the connection afterwards", async () => {
    let kept: DuckDBConnection | undefined;
    const value = await withDuckDB(async (db) => {
      kept = db;
      return (await (await db.run("SELECT 40 + 2 AS answer")).getRows())[0][0];
    });
    expect(value).toBe(42);
    await expect(kept!.run("SELECT 1")).rejects.toThrow();
  });

  it("passes a failing task's error on, after closing", async () => {
    let kept: DuckDBConnection | undefined;
    await expect(
      withDuckDB(async (db) => {
        kept = db;
        await db.run("SELECT * FROM no_such_table");
      }),
    ).rejects.toThrow(/no_such_table/);
    await expect(kept!.run("SELECT 1")).rejects.toThrow();
  });

  it("applies the memory limit it is given, 1 GB by default", async () => {
    const limit = (options?: { memoryLimit?: string }) =>
      withDuckDB(async (db) => (await (await db.run("SELECT current_setting('memory_limit')")).getRows())[0][0], options);
    // DuckDB reads MB/GB as powers of 10 and prints MiB: 256e6 / 2^20 = 244.14…, 1e9 / 2^20 = 953.67….
    expect(await limit({ memoryLimit: "256MB" })).toBe("244.1 MiB");
    expect(await limit()).toBe("953.6 MiB");
  });
});

describe("doubleItems", () => {
  it("views a DOUBLE vector's values, and refuses any other vector", async () => {
    await withDuckDB(async (db) => {
      const result = await db.run("SELECT x::DOUBLE AS d, x::VARCHAR AS s FROM (VALUES (0.1), (-2.5), (1e300)) t(x)");
      const chunk = (await result.fetchChunk())!;
      expect(Array.from(doubleItems(chunk.getColumnVector(0)))).toEqual([0.1, -2.5, 1e300]);
      expect(() => doubleItems(chunk.getColumnVector(1))).toThrow(/^internal: expected a DOUBLE vector, got /);
    });
  });
});
