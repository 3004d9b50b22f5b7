import { describe, expect, it } from "vitest";
import { calibrationCurve } from "../../lib/metrics/calibration";
import { MetricInputError } from "../../lib/metrics/errors";
import { expectArrayClose, probabilityCases } from "./fixtures";

describe("calibrationCurve, quantile bins", () => {
  for (const c of probabilityCases) {
    it(`matches scikit-learn's strategy="quantile" on ${c.name}`, () => {
      const expected = c.calibrationQuantile!;
      const curve = calibrationCurve(c.yTrue, c.yScore, expected.nBins, "quantile");
      expect(Array.from(curve.edges)).toEqual(expected.edges); // numpy.percentile, bit for bit
      expectArrayClose(curve.probTrue, expected.probTrue, 1e-12, "probTrue");
      expectArrayClose(curve.probPred, expected.probPred, 1e-12, "probPred");
      expect(Array.from(curve.counts)).toEqual(expected.counts);
      expect(Array.from(curve.bins)).toEqual(expected.bins);
    });
  }

  it("spreads skewed probabilities over all bins where uniform bins put almost every row in the first", () => {
    const c = probabilityCases.find((x) => x.name === "skewed2000")!;
    const uniform = calibrationCurve(c.yTrue, c.yScore, 10);
    const quantile = calibrationCurve(c.yTrue, c.yScore, 10, "quantile");
    expect(uniform.counts[0] / c.yTrue.length).toBeGreaterThan(0.95);
    expect(Array.from(quantile.counts)).toEqual(new Array(10).fill(200));
  });

  it("leaves bins between equal edges empty (tied scores) and needs at least one row", () => {
    const curve = calibrationCurve([0, 1, 0, 1, 1], [0.2, 0.2, 0.2, 0.2, 0.9], 4, "quantile");
    expect(Array.from(curve.edges)).toEqual([0.2, 0.2, 0.2, 0.2, 0.9]);
    expect(Array.from(curve.bins)).toEqual([0, 3]);
    expect(Array.from(curve.counts)).toEqual([4, 1]);
    expect(() => calibrationCurve([], [], 4, "quantile")).toThrow();
  });
});

describe("calibrationCurve", () => {
  for (const c of probabilityCases) {
    it(`matches scikit-learn on ${c.name}`, () => {
      const expected = c.calibration!;
      const curve = calibrationCurve(c.yTrue, c.yScore, expected.nBins);
      expectArrayClose(curve.probTrue, expected.probTrue, 1e-12, "probTrue");
      expectArrayClose(curve.probPred, expected.probPred, 1e-12, "probPred");
      expect(Array.from(curve.counts)).toEqual(expected.counts);
      expect(Array.from(curve.bins)).toEqual(expected.bins);
    });
  }

  it("puts a probability on an inner edge into the bin below, 0 and 1 into the end bins", () => {
    const curve = calibrationCurve([0, 1, 1, 0, 1], [0, 0.5, 0.5000001, 1, 0.25], 2);
    expect(Array.from(curve.edges)).toEqual([0, 0.5, 1]);
    expect(Array.from(curve.bins)).toEqual([0, 1]);
    expect(Array.from(curve.counts)).toEqual([3, 2]);
    expect(Array.from(curve.probTrue)).toEqual([2 / 3, 0.5]);
    expect(curve.probPred[0]).toBe((0 + 0.5 + 0.25) / 3);
  });

  it("builds edges as numpy.linspace does", () => {
    const curve = calibrationCurve([0], [0.3], 10);
    expect(curve.edges[3]).toBe(3 * 0.1); // 0.30000000000000004, so 0.3 falls in bin 2
    expect(Array.from(curve.bins)).toEqual([2]);
  });

  it("defaults to 5 bins and leaves empty bins out", () => {
    const curve = calibrationCurve([0, 1, 1], [0.05, 0.95, 0.9]);
    expect(curve.edges.length).toBe(6);
    expect(Array.from(curve.bins)).toEqual([0, 4]);
    expect(Array.from(curve.probTrue)).toEqual([0, 1]);
  });

  it("rejects bad input", () => {
    expect(() => calibrationCurve([0, 1], [0.5, 1.5])).toThrow(MetricInputError);
    expect(() => calibrationCurve([0, 1], [0.5, 1.5])).toThrow(/yProb\[1\] must be a probability/);
    expect(() => calibrationCurve([0, 1], [0.5, 0.5], 0)).toThrow(/nBins must be an integer >= 1, got 0/);
    expect(() => calibrationCurve([0, 1], [0.5, 0.5], 2.5)).toThrow(/nBins/);
  });
});
