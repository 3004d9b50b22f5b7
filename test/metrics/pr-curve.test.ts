import { describe, expect, it } from "vitest";
import { MetricInputError } from "../../lib/metrics/errors";
import { precisionRecallCurve } from "../../lib/metrics/pr-curve";
import { cases, expectArrayClose } from "./fixtures";

describe("precisionRecallCurve", () => {
  for (const c of cases) {
    it(`matches scikit-learn on ${c.name}`, () => {
      const pr = precisionRecallCurve(c.yTrue, c.yScore);
      expectArrayClose(pr.precision, c.pr.precision, 1e-12, "precision");
      expectArrayClose(pr.recall, c.pr.recall, 1e-12, "recall");
      expectArrayClose(pr.thresholds, c.pr.thresholds, 0, "thresholds");
    });
  }

  it("matches the hand-computed scikit-learn docstring example", () => {
    const pr = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(pr.thresholds)).toEqual([0.1, 0.35, 0.4, 0.8]);
    expect(Array.from(pr.precision)).toEqual([0.5, 2 / 3, 0.5, 1, 1]);
    expect(Array.from(pr.recall)).toEqual([1, 1, 0.5, 0.5, 0]);
  });

  it("keeps thresholds below the one reaching full recall (scikit-learn 1.2 does not truncate)", () => {
    const pr = precisionRecallCurve([1, 0, 0, 1, 0], [0.9, 0.8, 0.1, 0.5, 0.05]);
    expect(Array.from(pr.thresholds)).toEqual([0.05, 0.1, 0.5, 0.8, 0.9]);
    expect(Array.from(pr.recall)).toEqual([1, 1, 1, 0.5, 0.5, 0]);
    expect(Array.from(pr.precision)).toEqual([0.4, 0.5, 2 / 3, 0.5, 1, 1]);
  });

  it("gives one threshold for constant scores", () => {
    const pr = precisionRecallCurve([1, 0, 0, 0], [0.2, 0.2, 0.2, 0.2]);
    expect(Array.from(pr.thresholds)).toEqual([0.2]);
    expect(Array.from(pr.precision)).toEqual([0.25, 1]);
    expect(Array.from(pr.recall)).toEqual([1, 0]);
  });

  it("throws when there are no positives", () => {
    expect(() => precisionRecallCurve([0, 0], [0.1, 0.2])).toThrow(MetricInputError);
    expect(() => precisionRecallCurve([0, 0], [0.1, 0.2])).toThrow(/no positive/);
  });

  it("works when every row is positive", () => {
    const pr = precisionRecallCurve([1, 1], [0.1, 0.2]);
    expect(Array.from(pr.precision)).toEqual([1, 1, 1]);
    expect(Array.from(pr.recall)).toEqual([1, 0.5, 0]);
  });
});
