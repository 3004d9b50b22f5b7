import { describe, expect, it } from "vitest";
import { mergeCategories, mergeNumbers } from "../../../lib/data/csv/frame-slice";
import { narrowColumn, rangeOf } from "../../../lib/data/narrow-columns";

/*
 * The merge of a two-worker read's halves: the column a one-thread read narrows the concatenation to,
 * built in the first half's array when that one already has the type and the room (no second copy).
 */

/** A first half as the worker sends it: `values` at the front of an array allocated for `capacity` rows. */
function allocated<T extends Uint8Array | Uint16Array | Float32Array | Float64Array | Int8Array>(Type: new (n: number) => T, values: number[], capacity: number): T {
  const out = new Type(capacity);
  out.set(values);
  return out;
}

describe("mergeNumbers", () => {
  const cases: [string, number[], number[]][] = [
    ["flags in both halves", [0, 1, 1], [1, 0]],
    ["a count only in the second half", [0, 1], [300, 2]],
    ["wider in the first half", [70000, 3], [1, 2, 3]],
    ["negatives in the second half", [1, 2], [-5, 3]],
    ["-0 in the second half", [1, 2], [-0, 4]],
    ["float32 then float64", [0.5, 0.25], [0.1]],
    ["float64 then integers", [0.1], [1, 2]],
  ];
  for (const [name, first, second] of cases) {
    it(`${name}: the narrowed concatenation, values and type`, () => {
      const a = narrowColumn(Float64Array.from(first));
      const b = narrowColumn(Float64Array.from(second));
      const roomy = new (a.constructor as new (n: number) => typeof a)(first.length + second.length);
      roomy.set(a);
      const merged = mergeNumbers(roomy, rangeOf(first), first.length, b, rangeOf(second), second.length);
      const expected = narrowColumn(Float64Array.from([...first, ...second]));
      expect(merged.constructor).toBe(expected.constructor);
      expect(Array.from(merged).map((v) => Object.is(v, -0) ? "-0" : v)).toEqual(Array.from(expected).map((v) => Object.is(v, -0) ? "-0" : v));
      // In place exactly when the first half's type is the merged one.
      expect(merged === roomy).toBe(roomy.constructor === expected.constructor);
    });
  }

  it("a first half allocated for more rows than were read (records spanning lines) is cut to the rows", () => {
    const a = allocated(Uint8Array, [1, 2], 6);
    const merged = mergeNumbers(a, rangeOf([1, 2]), 2, Uint8Array.from([3]), rangeOf([3]), 1);
    expect(Array.from(merged)).toEqual([1, 2, 3]);
    expect(merged.length).toBe(3);
    expect(merged.buffer.byteLength).toBe(3);
  });

  it("an empty half takes the other's type", () => {
    const merged = mergeNumbers(allocated(Uint16Array, [300], 1), rangeOf([300]), 1, new Float64Array(0), null, 0);
    expect(merged).toBeInstanceOf(Uint16Array);
    expect(Array.from(merged)).toEqual([300]);
  });
});

describe("mergeCategories", () => {
  it("appends the second half's new names in first-seen order and re-maps its codes, in the first half's array", () => {
    const codes = new Int32Array(6);
    codes.set([0, 1, 0]);
    const merged = mergeCategories({ codes, dictionary: ["a", "b"] }, 3, { codes: Int32Array.from([0, 1, 2]), dictionary: ["c", "a", "d"] }, 3);
    expect(merged.dictionary).toEqual(["a", "b", "c", "d"]);
    expect(Array.from(merged.codes)).toEqual([0, 1, 0, 2, 0, 3]);
    expect(merged.codes).toBe(codes);
  });

  it("copies into a new array when the first half's has no room", () => {
    const codes = Int32Array.from([0]);
    const merged = mergeCategories({ codes, dictionary: ["a"] }, 1, { codes: Int32Array.from([0, 0]), dictionary: ["a"] }, 2);
    expect(Array.from(merged.codes)).toEqual([0, 0, 0]);
    expect(merged.codes).not.toBe(codes);
    expect(codes.length).toBe(1);
  });
});
