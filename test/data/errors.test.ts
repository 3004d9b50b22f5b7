import { describe, expect, it } from "vitest";
import { DataError } from "../../lib/data/errors";

describe("DataError", () => {
  it("names the file, then the 1-based line and column of a CSV, like a compiler", () => {
    expect(new DataError("/data/f.csv", "file not found").message).toBe("/data/f.csv: file not found");
    expect(new DataError("/data/f.csv", "header row is empty", { line: 1 }).message).toBe("/data/f.csv:1: header row is empty");
    const e = new DataError("/data/f.csv", "not a number", { line: 12, column: { index: 16, name: "global_popularity" }, value: "abc" });
    expect(e.message).toBe(`/data/f.csv:12:16: not a number (column 'global_popularity', value "abc")`);
  });

  it("names the row of a Parquet file (which has no lines)", () => {
    expect(new DataError("/data/f.parquet", "negative", { row: 5, column: { index: 2, name: "order_id" }, value: "-1" }).message).toBe(
      `/data/f.parquet: row 5, column 2: negative (column 'order_id', value "-1")`,
    );
    expect(new DataError("/data/f.parquet", "unreadable", { row: 7 }).message).toBe("/data/f.parquet: row 7: unreadable");
  });

  it("keeps the message on one line and short: the value is quoted, escaped and cut at 80 characters", () => {
    const hostile = new DataError("f.csv", "bad value", { line: 3, column: { index: 1 }, value: 'a"b\nc\r\u0000' });
    expect(hostile.message).toBe(`f.csv:3:1: bad value (value "a\\"b\\nc\\r\\u0000")`);
    expect(hostile.message).not.toMatch(/[\n\r]/);
    const long = new DataError("f.csv", "too long", { line: 2, value: "x".repeat(200) });
    expect(long.message).toBe(`f.csv:2: too long (value "${"x".repeat(80)}…")`);
    expect(new DataError("f.csv", "exactly 80", { line: 2, value: "y".repeat(80) }).message).toBe(`f.csv:2: exactly 80 (value "${"y".repeat(80)}")`);
    // An empty value is still shown, so a reader sees the cell was empty.
    expect(new DataError("f.csv", "empty", { line: 4, value: "" }).message).toBe(`f.csv:4: empty (value "")`);
  });

  it("is an Error named DataError that keeps where it happened as fields", () => {
    const e = new DataError("f.csv", "bad", { line: 9, column: { index: 4, name: "vendor" }, value: "v" });
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(DataError);
    expect(e.name).toBe("DataError");
    expect({ file: e.file, line: e.line, row: e.row, column: e.column, value: e.value }).toEqual({ file: "f.csv", line: 9, row: undefined, column: { index: 4, name: "vendor" }, value: "v" });
    expect(String(e)).toBe(`DataError: f.csv:9:4: bad (column 'vendor', value "v")`);
  });
});
