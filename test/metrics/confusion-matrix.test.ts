import { describe, expect, it } from "vitest";
import { confusionMatrixAt } from "../../lib/metrics/confusion-matrix";
import { MetricInputError } from "../../lib/metrics/errors";
import { cases } from "./fixtures";

describe("confusionMatrixAt", () => {
  for (const c of cases) {
    it(`matches scikit-learn's confusion_matrix on ${c.name}`, () => {
      for (const expected of c.confusion) {
        const { threshold, ...counts } = expected;
        expect(confusionMatrixAt(c.yTrue, c.yScore, threshold), `threshold ${threshold}`).toEqual(counts);
      }
    });
  }

  it("predicts positive when score >= threshold", () => {
    const y = [0, 0, 1, 1];
    const s = [0.1, 0.4, 0.35, 0.8];
    expect(confusionMatrixAt(y, s, 0.35)).toEqual({ tp: 2, fp: 1, tn: 1, fn: 0 });
    expect(confusionMatrixAt(y, s, 0.36)).toEqual({ tp: 1, fp: 1, tn: 1, fn: 1 });
    expect(confusionMatrixAt(y, s, Infinity)).toEqual({ tp: 0, fp: 0, tn: 2, fn: 2 });
    expect(confusionMatrixAt(y, s, -Infinity)).toEqual({ tp: 2, fp: 2, tn: 0, fn: 0 });
  });

  it("agrees with the PR curve at every threshold", async () => {
    const { precisionRecallCurve } = await import("../../lib/metrics/pr-curve");
    const c = cases[1];
    const pr = precisionRecallCurve(c.yTrue, c.yScore);
    for (let i = 0; i < pr.thresholds.length; i++) {
      const m = confusionMatrixAt(c.yTrue, c.yScore, pr.thresholds[i]);
      expect(m.tp / (m.tp + m.fp)).toBe(pr.precision[i]);
      expect(m.tp / (m.tp + m.fn)).toBe(pr.recall[i]);
    }
  });

  it("rejects a NaN threshold and bad input", () => {
    expect(() => confusionMatrixAt([0, 1], [0.1, 0.2], NaN)).toThrow(MetricInputError);
    expect(() => confusionMatrixAt([0, 1], [0.1, 0.2], NaN)).toThrow(/threshold must be a number, got NaN/);
    expect(() => confusionMatrixAt([0, 1], [0.1], 0.5)).toThrow(/same length/);
  });
});
