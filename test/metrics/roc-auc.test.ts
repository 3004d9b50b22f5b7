import { describe, expect, it } from "vitest";
import { binaryClfCurve } from "../../lib/metrics/binary-clf-curve";
import { MetricInputError } from "../../lib/metrics/errors";
import { gini, giniFromCounts, rocAuc, rocAucFromCounts } from "../../lib/metrics/roc-auc";
import { cases, expectNumberClose, rng } from "./fixtures";

/** Mann–Whitney: P(score of a random positive > random negative) + ½ P(tie). */
function pairwiseAuc(y: number[], s: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      if (s[i] > s[j]) wins += 1;
      else if (s[i] === s[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

describe("rocAuc", () => {
  for (const c of cases) {
    it(`matches scikit-learn on ${c.name}`, () => {
      expectNumberClose(rocAuc(c.yTrue, c.yScore), c.rocAuc);
      expectNumberClose(gini(c.yTrue, c.yScore), c.gini);
      const curve = binaryClfCurve(c.yTrue, c.yScore);
      expectNumberClose(rocAucFromCounts(curve), c.rocAuc);
      expectNumberClose(giniFromCounts(curve), c.gini);
    });
  }

  it("equals the Mann–Whitney statistic with ties counted ½", () => {
    const r = rng(17);
    const y = Array.from({ length: 300 }, () => (r() < 0.3 ? 1 : 0));
    y[0] = 1;
    y[1] = 0;
    const s = y.map((v) => Math.round((v + r() * 3) * 4) / 4);
    expectNumberClose(rocAuc(y, s), pairwiseAuc(y, s), 1e-15);
  });

  it("gives hand-computed values", () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(rocAuc([0, 1], [0.2, 0.9])).toBe(1);
    expect(rocAuc([0, 1], [0.9, 0.2])).toBe(0);
    expect(gini([0, 1], [0.9, 0.2])).toBe(-1);
  });

  it("is 0.5 for constant scores (Gini 0)", () => {
    expect(rocAuc([1, 0, 0, 1, 0], [3, 3, 3, 3, 3])).toBe(0.5);
    expect(gini([1, 0, 0, 1, 0], [3, 3, 3, 3, 3])).toBe(0);
  });

  it("throws for a single class, as scikit-learn raises", () => {
    expect(() => rocAuc([1, 1, 1], [0.1, 0.2, 0.3])).toThrow(MetricInputError);
    expect(() => rocAuc([1, 1, 1], [0.1, 0.2, 0.3])).toThrow(/ROC-AUC is undefined: only one class present/);
    expect(() => gini([0], [0.1])).toThrow(MetricInputError);
  });

  it("runs on 600k rows", () => {
    const n = 600_000;
    const r = rng(1);
    const y = new Float64Array(n);
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = r() < 0.02 ? 1 : 0;
      s[i] = Math.round(1000 / (1 + Math.exp(-(2 * y[i] + 3 * r() - 5)))) / 1000;
    }
    const auc = rocAuc(y, s);
    expect(auc).toBeGreaterThan(0.5);
    expect(auc).toBeLessThan(1);
  });
});
