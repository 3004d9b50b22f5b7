import { describe, expect, it } from "vitest";
import { decisionFunction, fitLogisticRegressionFrom, type LogisticOptions } from "../../lib/model/logistic-regression";
import type { DesignMatrix } from "../../lib/model/design-matrix";
import { logisticData } from "./helpers";

/**
 * A fit hands back the margins of its solver's last pass over X when that pass was at the solution
 * (FitFrom.margins), so the runner's training scores need no pass of their own: when given, they are
 * decisionFunction's margins bit for bit; when the last pass was elsewhere, or there was none, null.
 */
function float32(X: DesignMatrix): DesignMatrix {
  return { ...X, data: Float32Array.from(X.data) };
}

const data = logisticData(6_003, [0.8, -0.5, 0.3, 0, 0.2, -0.1], -2.5, 7); // 6,003 rows: the four-row blocks leave a tail of 3
const cases: [string, DesignMatrix, LogisticOptions][] = [
  ["L2, float64", data.X, { penalty: "l2", C: 1e-2 }],
  ["L2, float32, from a subsample", float32(data.X), { penalty: "l2", C: 1, subsampleStart: { minRows: 0, minSubsampleRows: 1_000 } }],
  ["L1 (OWL-QN), float32", float32(data.X), { penalty: "l1", C: 1e-2 }],
  ["none, balanced class weights", data.X, { penalty: "none", classWeight: "balanced" }],
];

describe("a fit's margins at its solution", () => {
  for (const [name, X, options] of cases) {
    it(`equal decisionFunction's bit for bit when given (${name})`, () => {
      const { fit, margins } = fitLogisticRegressionFrom(X, data.y, options, null);
      expect(fit.converged).toBe(true);
      // The line searches here end on the step they accept: the last pass is at the solution.
      expect(margins).not.toBeNull();
      expect(Array.from(margins!)).toEqual(Array.from(decisionFunction(X, fit.coef, fit.intercept)));
    });
  }

  it("are null when the fit made no pass at its solution (a continuation that already meets its tolerance)", () => {
    const first = fitLogisticRegressionFrom(data.X, data.y, { penalty: "l2", C: 100 }, null);
    const next = fitLogisticRegressionFrom(data.X, data.y, { penalty: "l2", C: 100 }, first.continuation);
    expect(next.fit.evaluations).toBe(0);
    expect(next.margins).toBeNull();
  });
});
