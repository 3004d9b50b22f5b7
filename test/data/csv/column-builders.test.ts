import { describe, expect, it } from "vitest";
import { DictionaryBuilder, GrowableFloat64, GrowableInt32, NarrowNumberBuilder, RecordCapture } from "../../../lib/data/csv/column-builders";

const bytes = (text: string) => new TextEncoder().encode(text);

function built(values: number[], capacity: number, chunkRows?: number) {
  const builder = new NarrowNumberBuilder(capacity, chunkRows);
  for (const v of values) builder.push(v);
  return builder.finish();
}

describe("NarrowNumberBuilder", () => {
  it("stores 0/1 flags as uint8, exact-size whatever the capacity it was given (growing past it)", () => {
    for (const [capacity, chunkRows] of [[0, 1], [1, 1], [2, 2], [5, 3], [5, undefined], [1000, 4]]) {
      const column = built([0, 1, 1, 0, 1], capacity!, chunkRows);
      expect(column).toBeInstanceOf(Uint8Array);
      expect(Array.from(column)).toEqual([0, 1, 1, 0, 1]);
      expect(column.buffer.byteLength).toBe(5);
    }
  });

  it("returns its array itself when the capacity was the row count", () => {
    const builder = new NarrowNumberBuilder(3);
    for (const v of [7, 8, 9]) builder.push(v);
    const column = builder.finish();
    expect(column.buffer.byteLength).toBe(3);
    expect(Array.from(column)).toEqual([7, 8, 9]);
  });

  it("widens the whole column when a late value does not fit the type so far", () => {
    // 9 small counts (uint8) then 70,000: the column becomes uint32, every value kept.
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 70_000, 8];
    const column = built(values, values.length, 3); // three uint8 chunks stored before 70,000's
    expect(column.buffer.byteLength).toBe(values.length * 4);
    expect(column).toBeInstanceOf(Uint32Array);
    expect(Array.from(column)).toEqual(values);
  });

  it("goes to a signed type on a negative value after unsigned ones", () => {
    expect(built([0, 200, 7, -1], 4, 2)).toBeInstanceOf(Int16Array); // 200 and -1 fit no one-byte type
    expect(built([0, 100, 7, -1], 4, 2)).toBeInstanceOf(Int8Array);
    expect(Array.from(built([0, 200, 7, -1], 4, 2))).toEqual([0, 200, 7, -1]);
  });

  it("goes to float32 on a fraction that is a float32 number, to float64 on one that is not", () => {
    const half = built([1, 2, 3, 4, 2.5], 5, 2);
    expect(half).toBeInstanceOf(Float32Array);
    expect(Array.from(half)).toEqual([1, 2, 3, 4, 2.5]);
    const tenth = built([1, 2, 3, 4, 0.1], 5, 2);
    expect(tenth).toBeInstanceOf(Float64Array);
    expect(tenth[4]).toBe(0.1);
  });

  it("keeps -0 (a float array) and 14-digit ids (float64)", () => {
    const zero = built([0, 5, -0], 3, 2);
    expect(zero).toBeInstanceOf(Float32Array);
    expect(Object.is(zero[2], -0)).toBe(true);
    const ids = built([33_826_472_919_172, 33_826_472_919_173], 2, 1);
    expect(ids).toBeInstanceOf(Float64Array);
    expect(Array.from(ids)).toEqual([33_826_472_919_172, 33_826_472_919_173]);
  });

  it("truncate forgets a half-read record's value; pushed again (what the loader does), the column is as if read once", () => {
    const builder = new NarrowNumberBuilder(3);
    builder.push(1);
    builder.push(2);
    builder.push(70_000);
    builder.truncate(2);
    expect(builder.length).toBe(2);
    builder.push(70_000);
    const column = builder.finish();
    expect(column).toBeInstanceOf(Uint32Array);
    expect(Array.from(column)).toEqual([1, 2, 70_000]);
  });

  it("refuses to truncate past its length or into a stored chunk", () => {
    const builder = new NarrowNumberBuilder(2, 2);
    for (const v of [1, 2, 3]) builder.push(v); // the third value stored the first chunk
    expect(() => builder.truncate(1)).toThrow(RangeError);
    expect(() => builder.truncate(4)).toThrow(RangeError);
    expect(() => builder.truncate(-1)).toThrow(RangeError);
  });

  it("gives an empty float64 column when nothing was pushed", () => {
    const column = new NarrowNumberBuilder(4).finish();
    expect(column).toBeInstanceOf(Float64Array);
    expect(column.length).toBe(0);
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
  for (const capacity of [2, 6]) {
    it(`codes values in order of first appearance (capacity ${capacity})`, () => {
      const line = bytes("milk,bread,milk,milk,\"a\"\"b\",bread");
      const fields: [number, number, boolean][] = [[0, 4, false], [5, 10, false], [11, 15, false], [16, 20, false], [22, 26, true], [28, 33, false]];
      const builder = new DictionaryBuilder(capacity);
      for (const [s, e, esc] of fields) expect(builder.push(line, s, e, esc)).toBeNull();
      const column = builder.finish();
      expect(column.dictionary).toEqual(["milk", "bread", 'a"b']);
      expect(Array.from(column.codes)).toEqual([0, 1, 0, 0, 2, 1]);
    });
  }
  it("refuses bytes that are not UTF-8", () => {
    const builder = new DictionaryBuilder(4);
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
