import { describe, expect, it } from "vitest";
import { MetricInputError } from "../../lib/metrics/errors";
import { rocCurve } from "../../lib/metrics/roc-curve";
import { cases, expectArrayClose } from "./fixtures";

describe("rocCurve", () => {
  for (const c of cases) {
    it(`matches scikit-learn on ${c.name} (drop_intermediate true and false)`, () => {
      const dropped = rocCurve(c.yTrue, c.yScore);
      expectArrayClose(dropped.fpr, c.roc.fpr, 1e-12, "fpr");
      expectArrayClose(dropped.tpr, c.roc.tpr, 1e-12, "tpr");
      expectArrayClose(dropped.thresholds, c.roc.thresholds, 1e-12, "thresholds");
      const all = rocCurve(c.yTrue, c.yScore, { dropIntermediate: false });
      expectArrayClose(all.fpr, c.rocAll.fpr, 1e-12, "fpr");
      expectArrayClose(all.tpr, c.rocAll.tpr, 1e-12, "tpr");
      expectArrayClose(all.thresholds, c.rocAll.thresholds, 1e-12, "thresholds");
    });
  }

  it("starts at (0, 0) with threshold max + 1 and ends at (1, 1)", () => {
    const roc = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(roc.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(roc.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(roc.thresholds)).toEqual([1.8, 0.8, 0.4, 0.35, 0.1]);
  });

  it("drops collinear points", () => {
    // Four negatives in a row below every positive: the points in between are collinear.
    const y = [1, 1, 0, 0, 0, 0];
    const s = [0.9, 0.8, 0.4, 0.3, 0.2, 0.1];
    expect(rocCurve(y, s, { dropIntermediate: false }).fpr.length).toBe(7);
    const roc = rocCurve(y, s);
    expect(Array.from(roc.fpr)).toEqual([0, 0, 0, 1]);
    expect(Array.from(roc.tpr)).toEqual([0, 0.5, 1, 1]);
    expect(Array.from(roc.thresholds)).toEqual([1.9, 0.9, 0.8, 0.1]);
  });

  it("gives the diagonal for constant scores", () => {
    const roc = rocCurve([1, 0, 0], [0.4, 0.4, 0.4]);
    expect(Array.from(roc.fpr)).toEqual([0, 1]);
    expect(Array.from(roc.tpr)).toEqual([0, 1]);
  });

  it("throws for a single class instead of returning NaN", () => {
    expect(() => rocCurve([1, 1], [0.1, 0.2])).toThrow(MetricInputError);
    expect(() => rocCurve([0, 0], [0.1, 0.2])).toThrow(/only one class present in yTrue \(every label is 0\)/);
  });
});
