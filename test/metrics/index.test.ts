import { describe, expect, it } from "vitest";
import * as metrics from "../../lib/metrics";

describe("lib/metrics index", () => {
  it("re-exports the public functions", () => {
    for (const name of [
      "MetricInputError",
      "binaryClfCurve",
      "precisionRecallCurve",
      "averagePrecision",
      "rocCurve",
      "rocAuc",
      "gini",
      "logLoss",
      "brierScore",
      "fBeta",
      "fBetaCurve",
      "bestFBetaThreshold",
      "confusionMatrixAt",
      "precisionAtK",
      "recallAtK",
      "topKCounts",
      "calibrationCurve",
    ]) {
      expect(typeof (metrics as Record<string, unknown>)[name], name).toBe("function");
    }
  });

  it("shares one curve between metrics", () => {
    const y = [0, 1, 1, 0, 1];
    const s = [0.2, 0.8, 0.4, 0.5, 0.9];
    const curve = metrics.binaryClfCurve(y, s);
    expect(metrics.averagePrecisionFromCounts(curve)).toBe(metrics.averagePrecision(y, s));
    expect(metrics.rocAucFromCounts(curve)).toBe(metrics.rocAuc(y, s));
    expect(metrics.topKCountsFromCounts(curve, { count: 2 })).toEqual(metrics.topKCounts(y, s, { count: 2 }));
  });
});
