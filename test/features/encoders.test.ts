import { describe, expect, it } from "vitest";
import type { DictionaryColumn } from "../../lib/data/feature-frame";
import { applyFrequencyEncoder, fitFrequencyEncoder } from "../../lib/features/frequency-encoder";
import { applyOneHotEncoder, fitOneHotEncoder, oneHotFeatureNames } from "../../lib/features/one-hot-encoder";
import { applyTargetEncoder, fitTransformTargetEncoder, orderFold } from "../../lib/features/target-encoder";

function column(values: string[], dictionaryExtra: string[] = []): DictionaryColumn {
  const dictionary = [...new Set([...values, ...dictionaryExtra])];
  return { dictionary, codes: Int32Array.from(values, (v) => dictionary.indexOf(v)) };
}
const range = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe("frequency encoder", () => {
  it("maps a category to its share of training rows and unseen ones to 0", () => {
    const col = column(["a", "a", "b", "a", "c"], []);
    const state = fitFrequencyEncoder("vendor", col, Uint32Array.from([0, 1, 2, 3]));
    expect(state.frequencies).toEqual({ a: 0.75, b: 0.25 });
    const out = new Float64Array(5);
    applyFrequencyEncoder(state, col, range(5), out);
    expect([...out]).toEqual([0.75, 0.75, 0.25, 0.75, 0]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe("one-hot encoder", () => {
  it("keeps the top-N training categories and sends the rest and unseen ones to (other)", () => {
    const col = column(["a", "b", "a", "c", "b", "a", "d"]);
    const state = fitOneHotEncoder("product_type", col, range(6), 2);
    expect(state.categories).toEqual(["a", "b"]);
    expect(oneHotFeatureNames(state)).toEqual(["product_type=a", "product_type=b", "product_type=(other)"]);
    const out = new Float64Array(7 * 4);
    applyOneHotEncoder(state, col, range(7), out, 4, 1);
    const rows = Array.from({ length: 7 }, (_, k) => [...out.slice(k * 4 + 1, k * 4 + 4)]);
    expect(rows).toEqual([[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0], [0, 0, 1]]);
  });
});

describe("target encoder", () => {
  // 8 training rows: category a has y = 1,1,0,0 ; b has y = 1,0,0,0. Prior = 3/8.
  const col = column(["a", "a", "a", "a", "b", "b", "b", "b", "z"]);
  const y = [1, 1, 0, 0, 1, 0, 0, 0, 1];
  const orders = [10, 11, 12, 13, 14, 15, 16, 17, 18];
  const train = range(8);

  it("leaky variant: smoothed full-training means, computed by hand", () => {
    const { state, trainValues } = fitTransformTargetEncoder("vendor", col, y, orders, train, { crossFit: false, smoothing: 2 });
    const prior = 3 / 8;
    const a = (2 + 2 * prior) / (4 + 2); // 0.4583…
    const b = (1 + 2 * prior) / (4 + 2); // 0.2916…
    expect(state.prior).toBeCloseTo(prior, 15);
    expect(state.means.a).toBeCloseTo(a, 15);
    expect(state.means.b).toBeCloseTo(b, 15);
    expect([...trainValues]).toEqual([a, a, a, a, b, b, b, b].map((v) => expect.closeTo(v, 15)) as unknown as number[]);
    const out = new Float64Array(1);
    applyTargetEncoder(state, col, Uint32Array.from([8]), out);
    expect(out[0]).toBeCloseTo(prior, 15); // unseen category → prior
  });

  it("cross-fitted variant: each training row gets the means of the other folds (recomputed naively)", () => {
    const folds = 3;
    const smoothing = 1.5;
    const { state, trainValues } = fitTransformTargetEncoder("vendor", col, y, orders, train, { crossFit: true, folds, smoothing });
    for (let i = 0; i < 8; i++) {
      const others = [...train].filter((j) => orderFold(orders[j], folds) !== orderFold(orders[i], folds));
      const prior = others.reduce((s, j) => s + y[j], 0) / others.length;
      const same = others.filter((j) => col.codes[j] === col.codes[i]);
      const expected = (same.reduce((s, j) => s + y[j], 0) + smoothing * prior) / (same.length + smoothing);
      expect(trainValues[i]).toBeCloseTo(expected, 14);
    }
    // Other splits use the full-training means, as the leaky variant does.
    expect(state.means.a).toBeCloseTo((2 + 1.5 * (3 / 8)) / 5.5, 15);
  });

  it("groups folds by order: rows of one order share a fold", () => {
    for (const id of [2807985930372, 3482464092292, 1, 2 ** 52 + 7]) {
      const fold = orderFold(id, 5);
      expect(fold).toBeGreaterThanOrEqual(0);
      expect(fold).toBeLessThan(5);
      expect(orderFold(id, 5)).toBe(fold);
    }
    const counts = new Array(5).fill(0);
    for (let id = 2807985930000; id < 2807985940000; id++) counts[orderFold(id, 5)]++;
    for (const c of counts) expect(c).toBeGreaterThan(1800);
  });

  it("cross-fitting removes the label leak that makes the leaky encoding look predictive on train", () => {
    // Many rare categories and a label independent of them: the leaky encoding correlates with y on
    // train (each row sees its own label); the cross-fitted one does not.
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const n = 4000;
    const values = Array.from({ length: n }, () => `c${Math.floor(rand() * 800)}`);
    const labels: number[] = Array.from({ length: n }, () => (rand() < 0.1 ? 1 : 0));
    const ids = Array.from({ length: n }, (_, i) => 1000 + i);
    const col2 = column(values);
    const corr = (x: Float64Array) => {
      const mx = x.reduce((s, v) => s + v, 0) / n;
      const my = labels.reduce((s, v) => s + v, 0) / n;
      let sxy = 0, sxx = 0, syy = 0;
      for (let i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (labels[i] - my);
        sxx += (x[i] - mx) ** 2;
        syy += (labels[i] - my) ** 2;
      }
      return sxy / Math.sqrt(sxx * syy);
    };
    const leaky = fitTransformTargetEncoder("vendor", col2, labels, ids, range(n), { crossFit: false, smoothing: 1 }).trainValues;
    const crossFitted = fitTransformTargetEncoder("vendor", col2, labels, ids, range(n), { crossFit: true, smoothing: 1 }).trainValues;
    expect(corr(leaky)).toBeGreaterThan(0.2);
    expect(Math.abs(corr(crossFitted))).toBeLessThan(0.06);
  });
});
