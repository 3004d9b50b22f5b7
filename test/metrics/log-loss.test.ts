import { describe, expect, it } from "vitest";
import { MetricInputError } from "../../lib/metrics/errors";
import { logLoss } from "../../lib/metrics/log-loss";
import { expectNumberClose, probabilityCases } from "./fixtures";

describe("logLoss", () => {
  for (const c of probabilityCases) {
    it(`matches scikit-learn on ${c.name}`, () => {
      expectNumberClose(logLoss(c.yTrue, c.yScore), c.logLoss as number);
    });
  }

  it("gives hand-computed values", () => {
    expectNumberClose(logLoss([1, 0], [0.8, 0.4]), -(Math.log(0.8) + Math.log(0.6)) / 2, 1e-15);
    expectNumberClose(logLoss([1, 1, 1], [0.5, 0.5, 0.5]), Math.LN2, 1e-15);
  });

  it("clips probabilities of exactly 0 and 1 to [eps, 1 − eps]", () => {
    expectNumberClose(logLoss([1], [0]), -Math.log(Number.EPSILON), 1e-12);
    expect(logLoss([0, 1], [0, 1])).toBeLessThan(1e-15);
    expectNumberClose(logLoss([1], [0], { eps: 1e-15 }), -Math.log(1e-15), 1e-12);
    expectNumberClose(logLoss([1], [0.01], { eps: 0.1 }), -Math.log(0.1), 1e-12);
  });

  it("scores single-class input (labels are always {0, 1})", () => {
    expectNumberClose(logLoss([0, 0], [0.2, 0.2]), -Math.log(0.8), 1e-15);
  });

  it("rejects bad input", () => {
    expect(() => logLoss([1, 0], [1.2, 0.1])).toThrow(MetricInputError);
    expect(() => logLoss([1, 0], [1.2, 0.1])).toThrow(/yProb\[0\] must be a probability in \[0, 1\], got 1.2/);
    expect(() => logLoss([1, 0], [0.5, NaN])).toThrow(/yProb\[1\]/);
    expect(() => logLoss([1, 3], [0.5, 0.5])).toThrow(/yTrue\[1\] must be 0 or 1/);
    expect(() => logLoss([1], [0.5, 0.5])).toThrow(/same length/);
    expect(() => logLoss([], [])).toThrow(/must not be empty/);
    expect(() => logLoss([1], [0.5], { eps: -1 })).toThrow(/eps must be in/);
  });
});
