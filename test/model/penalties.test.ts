import { describe, expect, it } from "vitest";
import { designMatrixFromRows } from "../../lib/model/design-matrix";
import { fitLogisticRegression, ParameterError } from "../../lib/model/logistic-regression";
import { NAMED_CLASS_WEIGHTS, PENALTIES } from "../../lib/model/penalties";
import { mulberry32 } from "../helpers/random";

/** 30 rows, two features, 9 positives: unbalanced, so "balanced" weights differ from none. */
const random = mulberry32(3);
const rows = Array.from({ length: 30 }, () => [random() * 2 - 1, random() * 2 - 1]);
const X = designMatrixFromRows(rows);
const y = Float64Array.from(rows, ([a], i) => (i % 10 < 3 ? 1 : a > 0.8 ? 1 : 0));

describe("PENALTIES", () => {
  it("are scikit-learn's LogisticRegression penalties (None written 'none'), and the solver accepts each", () => {
    expect([...PENALTIES].sort()).toEqual(["elasticnet", "l1", "l2", "none"]);
    for (const penalty of PENALTIES) {
      const fit = fitLogisticRegression(X, y, { penalty, C: 1, ...(penalty === "elasticnet" ? { l1Ratio: 0.5 } : {}) });
      expect(fit.coef, penalty).toHaveLength(2);
    }
  });

  it("is the whole list: another penalty is refused", () => {
    expect(() => fitLogisticRegression(X, y, { penalty: "l3" as never, C: 1 })).toThrow(ParameterError);
  });
});

describe("NAMED_CLASS_WEIGHTS", () => {
  it("are 'none' and 'balanced'; another name is refused", () => {
    expect([...NAMED_CLASS_WEIGHTS]).toEqual(["none", "balanced"]);
    expect(() => fitLogisticRegression(X, y, { penalty: "l2", C: 1, classWeight: "heavy" as never })).toThrow(ParameterError);
  });

  it("'balanced' weighs class c by n / (2·count_c), as scikit-learn's class_weight='balanced'", () => {
    const n = y.length;
    const positives = y.reduce((s, v) => s + v, 0);
    const explicit = { 0: n / (2 * (n - positives)), 1: n / (2 * positives) };
    const balanced = fitLogisticRegression(X, y, { penalty: "l2", C: 1, classWeight: "balanced", tol: 1e-10 });
    const byHand = fitLogisticRegression(X, y, { penalty: "l2", C: 1, classWeight: explicit, tol: 1e-10 });
    balanced.coef.forEach((c, j) => expect(c).toBeCloseTo(byHand.coef[j], 8));
    expect(balanced.intercept).toBeCloseTo(byHand.intercept, 8);
    const unweighted = fitLogisticRegression(X, y, { penalty: "l2", C: 1, classWeight: "none", tol: 1e-10 });
    expect(Math.abs(unweighted.intercept - balanced.intercept)).toBeGreaterThan(0.1);
  });
});
