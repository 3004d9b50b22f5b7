import { describe, expect, it } from "vitest";
import type { DictionaryColumn } from "../../lib/data/feature-frame";
import { OTHER_CATEGORY, applyOneHotEncoder, fitOneHotEncoder, oneHotColumn, oneHotEncoder, oneHotFeatureNames, oneHotSlots } from "../../lib/features/one-hot-encoder";

function column(values: string[], dictionary: string[] = [...new Set(values)]): DictionaryColumn {
  return { dictionary, codes: Int32Array.from(values, (v) => dictionary.indexOf(v)) };
}
const range = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);
/** Row k of a row-major block, columns [offset, offset + width). */
const rowOf = (out: ArrayLike<number>, k: number, stride: number, offset: number, width: number) => Array.from({ length: width }, (_, j) => out[k * stride + offset + j]);

describe("fitOneHotEncoder: which categories get a column, in which order", () => {
  it("orders columns by training count, most frequent first, ties by category name", () => {
    // Counts: tea 3, beer 2, wine 2, cider 1 — first appearance order differs from both rules.
    const col = column(["wine", "cider", "tea", "beer", "wine", "tea", "beer", "tea"]);
    expect(fitOneHotEncoder("product_type", col, range(8), 10).categories).toEqual(["tea", "beer", "wine", "cider"]);
    expect(fitOneHotEncoder("product_type", col, range(8), 2).categories).toEqual(["tea", "beer"]);
  });

  it("counts only the training rows and skips dictionary entries with none", () => {
    const col = column(["a", "b", "b", "c", "c", "c"], ["z", "a", "b", "c"]);
    // Training rows 0, 1, 2: a 1, b 2; c (only outside training) and z (no rows) get no column.
    expect(fitOneHotEncoder("vendor", col, Uint32Array.from([0, 1, 2])).categories).toEqual(["b", "a"]);
    expect(fitOneHotEncoder("vendor", col, new Uint32Array(0)).categories).toEqual([]);
  });

  it("names its columns column=value, with (other) last", () => {
    const state = fitOneHotEncoder("vendor", column(["x", "y", "y"]), range(3));
    expect(state).toEqual({ kind: "onehot", column: "vendor", categories: ["y", "x"] });
    expect(oneHotFeatureNames(state)).toEqual(["vendor=y", "vendor=x", `vendor=${OTHER_CATEGORY}`]);
    expect(OTHER_CATEGORY).toBe("(other)");
  });

  it.each([0, -1, 2.5, Number.NaN])("rejects topN = %s", (topN) => {
    expect(() => fitOneHotEncoder("vendor", column(["a"]), range(1), topN)).toThrow(`topN must be an integer ≥ 1, got ${topN}`);
  });
});

describe("applyOneHotEncoder", () => {
  const train = column(["a", "b", "a", "c", "b", "a"]);
  const state = fitOneHotEncoder("product_type", train, range(6), 2); // columns a, b, (other)

  it("sets exactly one indicator per row: its category's, or (other) for the rest and for unseen ones", () => {
    // A scoring file with its own dictionary order and categories never seen in training.
    const scoring = column(["new", "b", "c", "a", "", "__proto__"]);
    const out = new Float64Array(6 * 3);
    applyOneHotEncoder(state, scoring, range(6), out, 3, 0);
    expect(Array.from({ length: 6 }, (_, k) => rowOf(out, k, 3, 0, 3))).toEqual([
      [0, 0, 1],
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
      [0, 0, 1],
      [0, 0, 1],
    ]);
    expect(Array.from(oneHotSlots(state, scoring))).toEqual([2, 1, 2, 0, 2, 2]);
  });

  it("writes only its own columns of the chosen rows into a wider block (Float32 too)", () => {
    const out = new Float32Array(2 * 5).fill(0);
    out[0] = 9; // a column before the encoder's
    out[9] = 7; // a column after it
    applyOneHotEncoder(state, train, Uint32Array.from([3, 4]), out, 5, 1);
    expect(Array.from(out)).toEqual([9, 0, 0, 1, 0, 0, 0, 1, 0, 7]);
  });

  it("oneHotColumn writes one indicator column alone: apply's column j, for chosen rows and unseen categories", () => {
    const scoring = column(["new", "b", "c", "a", "", "__proto__", "a"]);
    const rows = Uint32Array.from([6, 0, 1, 3, 5]);
    const block = new Float64Array(rows.length * 3);
    applyOneHotEncoder(state, scoring, rows, block, 3, 0);
    const expected = [
      [1, 0, 0, 1, 0], // a
      [0, 0, 1, 0, 0], // b
      [0, 1, 0, 0, 1], // (other)
    ];
    for (let j = 0; j < 3; j++) {
      const out = new Float64Array(rows.length).fill(7);
      oneHotColumn(state, scoring, rows, j, out);
      expect(Array.from(out)).toEqual(expected[j]);
      expect(Array.from(out)).toEqual(Array.from({ length: rows.length }, (_, k) => block[k * 3 + j]));
    }
    expect(oneHotEncoder.column).toBe(oneHotColumn);
  });

  it("leaves the block untouched for no rows", () => {
    const out = new Float64Array(3);
    applyOneHotEncoder(state, train, new Uint32Array(0), out, 3, 0);
    expect(Array.from(out)).toEqual([0, 0, 0]);
  });
});

describe("oneHotEncoder (the registered CategoricalEncoder)", () => {
  const values = Array.from({ length: 30 }, (_, i) => `v${String(i % 15).padStart(2, "0")}`); // 15 categories, 2 rows each
  const col = column(values);
  const context = (options: { oneHotTopN?: number }) => ({ trainRows: range(30), target: new Float64Array(30), orderIds: range(30), options, settings: undefined });

  it("keeps the top 10 by default and reads oneHotTopN from the pipeline options", () => {
    const byDefault = oneHotEncoder.fit("vendor", col, context({})).state;
    expect(byDefault.categories).toEqual(Array.from({ length: 10 }, (_, i) => `v${String(i).padStart(2, "0")}`)); // all tied: by name
    expect(oneHotEncoder.featureNames(byDefault)).toHaveLength(11);
    expect(oneHotEncoder.fit("vendor", col, context({ oneHotTopN: 3 })).state.categories).toEqual(["v00", "v01", "v02"]);
    expect(oneHotEncoder.fit("vendor", col, context({})).trainColumns).toBeUndefined(); // train rows are encoded by apply
    expect(oneHotEncoder.kind).toBe("onehot");
  });
});
