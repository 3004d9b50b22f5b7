import { describe, expect, it } from "vitest";
import {
  averagePrecision,
  averagePrecisionFromCounts,
  averagePrecisionFromPrCurve,
} from "../../lib/metrics/average-precision";
import { binaryClfCurve } from "../../lib/metrics/binary-clf-curve";
import { MetricInputError } from "../../lib/metrics/errors";
import { precisionRecallCurve } from "../../lib/metrics/pr-curve";
import { cases, expectNumberClose, rng } from "./fixtures";

describe("averagePrecision", () => {
  for (const c of cases) {
    it(`matches scikit-learn on ${c.name}`, () => {
      expectNumberClose(averagePrecision(c.yTrue, c.yScore), c.averagePrecision);
      expectNumberClose(averagePrecisionFromCounts(binaryClfCurve(c.yTrue, c.yScore)), c.averagePrecision);
      expectNumberClose(averagePrecisionFromPrCurve(precisionRecallCurve(c.yTrue, c.yScore)), c.averagePrecision);
    });
  }

  it("is the step-wise sum Σ (R_n − R_{n−1}) P_n, not the trapezoid", () => {
    // Thresholds 0.8, 0.4, 0.35, 0.1: (R, P) = (0.5, 1), (0.5, 0.5), (1, 2/3), (1, 0.5).
    expectNumberClose(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.5 * 1 + 0.5 * (2 / 3));
  });

  it("is the positive rate for constant scores", () => {
    expect(averagePrecision([1, 0, 0, 0, 1], [0.5, 0.5, 0.5, 0.5, 0.5])).toBe(0.4);
  });

  it("is 1 under perfect separation and for all-positive input", () => {
    expect(averagePrecision([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8])).toBe(1);
    expect(averagePrecision([1, 1], [0.1, 0.9])).toBe(1);
  });

  it("lies in [0, 1] on random data", () => {
    const r = rng(9);
    const y = Array.from({ length: 500 }, () => (r() < 0.1 ? 1 : 0));
    y[0] = 1;
    const s = y.map(() => r());
    const ap = averagePrecision(y, s);
    expect(ap).toBeGreaterThan(0);
    expect(ap).toBeLessThanOrEqual(1);
  });

  it("throws when there are no positives", () => {
    expect(() => averagePrecision([0, 0, 0], [0.1, 0.2, 0.3])).toThrow(MetricInputError);
    expect(() => averagePrecision([0, 0, 0], [0.1, 0.2, 0.3])).toThrow(/no positive \(1\) labels/);
  });
});
