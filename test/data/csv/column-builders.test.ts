import { describe, expect, it } from "vitest";
import { ChunkedInt32, DictionaryBuilder, GrowableFloat64, GrowableInt32, NarrowNumberBuilder, RecordCapture } from "../../../lib/data/csv/column-builders";

const bytes = (text: string) => new TextEncoder().encode(text);

function built(values: number[], chunkRows: number) {
  const builder = new NarrowNumberBuilder(chunkRows);
  for (const v of values) builder.push(v);
  return builder.finish();
}

describe("NarrowNumberBuilder", () => {
  it("stores 0/1 flags as uint8, whatever the chunk size", () => {
    for (const chunkRows of [1, 2, 3, 1000]) {
      const column = built([0, 1, 1, 0, 1], chunkRows);
      expect(column).toBeInstanceOf(Uint8Array);
      expect(Array.from(column)).toEqual([0, 1, 1, 0, 1]);
    }
  });

  it("widens the whole column when a later chunk holds a value the earlier ones' type cannot", () => {
    // 9 small counts (3 chunks of uint8) then 70,000: the column becomes uint32, every value kept.
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 70_000, 8];
    const column = built(values, 3);
    expect(column).toBeInstanceOf(Uint32Array);
    expect(Array.from(column)).toEqual(values);
  });

  it("goes to a signed type on a negative value after unsigned ones", () => {
    expect(built([0, 200, 7, -1], 2)).toBeInstanceOf(Int16Array); // 200 and -1 fit no one-byte type
    expect(built([0, 100, 7, -1], 2)).toBeInstanceOf(Int8Array);
    expect(Array.from(built([0, 200, 7, -1], 2))).toEqual([0, 200, 7, -1]);
  });

  it("goes to float32 on a fraction that is a float32 number, to float64 on one that is not", () => {
    const half = built([1, 2, 3, 4, 2.5], 2);
    expect(half).toBeInstanceOf(Float32Array);
    expect(Array.from(half)).toEqual([1, 2, 3, 4, 2.5]);
    const tenth = built([1, 2, 3, 4, 0.1], 2);
    expect(tenth).toBeInstanceOf(Float64Array);
    expect(tenth[4]).toBe(0.1);
  });

  it("keeps -0 (a float array) and 14-digit ids (float64)", () => {
    const zero = built([0, 5, -0], 2);
    expect(zero).toBeInstanceOf(Float32Array);
    expect(Object.is(zero[2], -0)).toBe(true);
    const ids = built([33_826_472_919_172, 33_826_472_919_173], 1);
    expect(ids).toBeInstanceOf(Float64Array);
    expect(Array.from(ids)).toEqual([33_826_472_919_172, 33_826_472_919_173]);
  });

  it("truncate undoes the values of a half-read record, also right after a chunk filled", () => {
    const builder = new NarrowNumberBuilder(2);
    builder.push(1);
    builder.push(2);
    builder.push(70_000); // starts the second chunk (the first is stored now)
    builder.truncate(2);
    builder.push(3);
    expect(builder.length).toBe(3);
    const column = builder.finish();
    // 70,000 was undone, so it never widened the column.
    expect(column).toBeInstanceOf(Uint8Array);
    expect(Array.from(column)).toEqual([1, 2, 3]);
  });

  it("refuses to truncate into a stored chunk or past its length", () => {
    const builder = new NarrowNumberBuilder(2);
    for (const v of [1, 2, 3]) builder.push(v);
    expect(() => builder.truncate(1)).toThrow(RangeError);
    expect(() => builder.truncate(4)).toThrow(RangeError);
  });

  it("gives an empty float64 column when nothing was pushed", () => {
    const column = new NarrowNumberBuilder(4).finish();
    expect(column).toBeInstanceOf(Float64Array);
    expect(column.length).toBe(0);
  });
});

describe("ChunkedInt32", () => {
  it("concatenates its chunks into one exact-size array", () => {
    const codes = new ChunkedInt32(3);
    for (let k = 0; k < 10; k++) codes.push(k * 7);
    codes.truncate(9);
    const out = codes.finish();
    expect(out).toBeInstanceOf(Int32Array);
    expect(out.buffer.byteLength).toBe(9 * 4);
    expect(Array.from(out)).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56]);
  });
});

describe("GrowableFloat64 and GrowableInt32", () => {
  it("grow past their capacity and finish exact-size, or as a view", () => {
    const numbers = new GrowableFloat64(1); // capacity is at least 16
    for (let k = 0; k < 40; k++) numbers.push(k / 4);
    numbers.truncate(39);
    const copy = numbers.finish();
    expect(copy.length).toBe(39);
    expect(copy.buffer.byteLength).toBe(39 * 8);
    expect(copy[38]).toBe(9.5);
    const view = numbers.finish(true);
    expect(view.length).toBe(39);
    expect(view.buffer.byteLength).toBeGreaterThan(39 * 8);
    const ints = new GrowableInt32(16);
    for (let k = 0; k < 17; k++) ints.push(-k);
    expect(Array.from(ints.finish())).toEqual(Array.from({ length: 17 }, (_, k) => -k || 0));
  });
});

describe("DictionaryBuilder", () => {
  for (const chunked of [false, true]) {
    it(`codes values in order of first appearance (${chunked ? "chunked" : "growable"} codes)`, () => {
      const line = bytes("milk,bread,milk,milk,\"a\"\"b\",bread");
      const fields: [number, number, boolean][] = [[0, 4, false], [5, 10, false], [11, 15, false], [16, 20, false], [22, 26, true], [28, 33, false]];
      const builder = new DictionaryBuilder(2, chunked);
      for (const [s, e, esc] of fields) expect(builder.push(line, s, e, esc)).toBeNull();
      const column = builder.finish();
      expect(column.dictionary).toEqual(["milk", "bread", 'a"b']);
      expect(Array.from(column.codes)).toEqual([0, 1, 0, 0, 2, 1]);
    });
  }
  it("refuses bytes that are not UTF-8", () => {
    const builder = new DictionaryBuilder(4, true);
    expect(builder.push(new Uint8Array([0x61, 0xff]), 0, 2, false)).toBe("not valid UTF-8 text");
  });
});

describe("RecordCapture", () => {
  it("keeps records back to back with their ends, growing as needed", () => {
    const capture = new RecordCapture(1); // at least 1 KiB
    const long = Buffer.from("x".repeat(1500) + "\n");
    capture.add(Buffer.from("ab,c\n"), 0, 4);
    capture.add(long, 0, 1500);
    expect(capture.count).toBe(2);
    expect(Array.from(capture.ends.subarray(0, 2))).toEqual([4, 1504]);
    expect(capture.bytes.subarray(0, 4).toString()).toBe("ab,c");
    capture.clear();
    expect(capture.count).toBe(0);
    expect(capture.used).toBe(0);
  });
});
