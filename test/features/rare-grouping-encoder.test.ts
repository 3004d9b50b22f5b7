import { describe, expect, it } from "vitest";
import type { DictionaryColumn } from "../../lib/data/feature-frame";
import { applyRareGrouping, fitRareGrouping, rareGroupingFeatureNames } from "../../lib/features/rare-grouping-encoder";

function column(values: string[], dictionaryExtra: string[] = []): DictionaryColumn {
  const dictionary = [...new Set([...values, ...dictionaryExtra])];
  return { dictionary, codes: Int32Array.from(values, (v) => dictionary.indexOf(v)) };
}
const range = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe("rare-category grouping encoder", () => {
  // 10 training rows: a ×5, b ×3, c ×1, d ×1; row 10 is "e", never seen in training.
  const col = column(["a", "a", "b", "a", "c", "b", "a", "d", "b", "a", "e"]);

  it("gives every category with at least minShare of the training rows a column and groups the rest", () => {
    const state = fitRareGrouping("vendor", col, range(10), 0.2);
    expect(state).toEqual({ kind: "rare-grouping", column: "vendor", minShare: 0.2, categories: ["a", "b"] });
    expect(rareGroupingFeatureNames(state)).toEqual(["vendor=a", "vendor=b", "vendor=(rare)"]);
    const out = new Float64Array(11 * 5);
    applyRareGrouping(state, col, range(11), out, 5, 2);
    const rows = Array.from({ length: 11 }, (_, k) => [...out.slice(k * 5 + 2, k * 5 + 5)]);
    // c and d are rare (10% < 20%), e is unseen: all three land in (rare).
    expect(rows).toEqual([[1, 0, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0], [0, 0, 1]]);
    // Columns before the offset are untouched.
    for (let k = 0; k < 11; k++) expect([out[k * 5], out[k * 5 + 1]]).toEqual([0, 0]);
  });

  it("counts a category at exactly minShare as frequent, and its state survives JSON", () => {
    const state = fitRareGrouping("vendor", col, range(10), 0.1);
    expect(state.categories).toEqual(["a", "b", "c", "d"]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it("keeps only (rare) when no category is frequent enough, and rejects a share outside (0, 1]", () => {
    const state = fitRareGrouping("vendor", col, range(10), 0.9);
    expect(rareGroupingFeatureNames(state)).toEqual(["vendor=(rare)"]);
    for (const bad of [0, -0.1, 1.5, NaN]) expect(() => fitRareGrouping("vendor", col, range(10), bad)).toThrow(/minShare must be in \(0, 1\]/);
  });

  it("orders equally frequent categories by name, whatever the dictionary order", () => {
    const tied = column(["y", "x", "y", "x", "z"]);
    expect(fitRareGrouping("product_type", tied, range(5), 0.3).categories).toEqual(["x", "y"]);
  });
});
