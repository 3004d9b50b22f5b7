import { describe, expect, it } from "vitest";
import { brierScore } from "../../lib/metrics/brier-score";
import { MetricInputError } from "../../lib/metrics/errors";
import { expectNumberClose, probabilityCases } from "./fixtures";

describe("brierScore", () => {
  for (const c of probabilityCases) {
    it(`matches scikit-learn on ${c.name}`, () => {
      expectNumberClose(brierScore(c.yTrue, c.yScore), c.brier as number);
    });
  }

  it("gives hand-computed values", () => {
    // scikit-learn docstring: y = [0, 1, 1, 0], p = [0.1, 0.9, 0.8, 0.3] → 0.0375
    expectNumberClose(brierScore([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]), 0.0375, 1e-15);
    expect(brierScore([0, 1], [0, 1])).toBe(0);
    expect(brierScore([0, 1], [1, 0])).toBe(1);
    expect(brierScore([0, 0], [0.5, 0.5])).toBe(0.25);
  });

  it("rejects probabilities outside [0, 1]", () => {
    expect(() => brierScore([0, 1], [-0.1, 0.5])).toThrow(MetricInputError);
    expect(() => brierScore([0, 1], [-0.1, 0.5])).toThrow(/yProb\[0\] must be a probability in \[0, 1\], got -0.1/);
    expect(() => brierScore([0, 2], [0.1, 0.5])).toThrow(/yTrue\[1\]/);
  });
});
