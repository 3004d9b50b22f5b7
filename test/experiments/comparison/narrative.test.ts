import { describe, expect, it } from "vitest";
import { makeLogisticSpec, type ExperimentSpec } from "../../../lib/experiments/definitions/spec";
import { describeCoefficients, describeFit, describeOperatingPoint, describeSpec } from "../../../lib/experiments/comparison/narrative";
import type { ExperimentResult } from "../../../lib/experiments/results/result";

/** The fields of a stored result the sentences read; the rest is never touched. */
function result(spec: ExperimentSpec, overrides: Partial<ExperimentResult> = {}): ExperimentResult {
  return {
    id: spec.id,
    spec,
    fit: spec.kind === "logreg" ? { iterations: 42, converged: true, loss: 0.1, gradNorm: 1e-7, warning: null, tol: 1e-4, maxIter: 100 } : null,
    seconds: { features: 0.1, fit: 1.234, evaluate: 0.2 },
    data: { file: "f.csv", trainRows: 12345, trainPositives: 100, validationRows: 5000, validationPositives: 50 },
    validation: { averagePrecision: 0.12345, bestThreshold: 0.0123456, precision: 0.25, recall: 0.125, pushes: 1500, rows: 20000 },
    coefficients: [],
    ...overrides,
  } as unknown as ExperimentResult;
}

const popularity: ExperimentSpec = { kind: "baseline", id: "baseline-global_popularity", score: "global_popularity" };
const pastPurchase: ExperimentSpec = { kind: "baseline", id: "baseline-ordered_before_then_popularity", score: "ordered_before_then_popularity" };

describe("describeSpec", () => {
  it("names the encoding, the penalty with its C and the class weights", () => {
    const l2 = makeLogisticSpec({ encoding: "frequency", penalty: "l2", C: 0.01, l1Ratio: null, classWeight: "balanced", features: null });
    expect(describeSpec(result(l2))).toBe(
      "Logistic regression on standardized features with frequency encoding of product type and vendor, L2 regularization (C = 0.01), classes re-weighted to balance purchases and non-purchases.",
    );
    const none = makeLogisticSpec({ encoding: "none", penalty: "none", C: null, l1Ratio: null, classWeight: "none", features: null });
    expect(describeSpec(result(none))).toBe("Logistic regression on standardized features with no encoding of product type and vendor, no regularization.");
    const en = makeLogisticSpec({ encoding: "none", penalty: "elasticnet", C: 1, l1Ratio: 0.5, classWeight: "none", features: null });
    expect(describeSpec(result(en))).toContain("elastic-net regularization (C = 1, l1_ratio = 0.5)");
  });

  it("describes each baseline without a model", () => {
    expect(describeSpec(result(popularity))).toMatch(/^Baseline: customers are ranked by the product's global popularity alone/);
    expect(describeSpec(result(pastPurchase))).toMatch(/^Baseline: customers who ordered the product before come first/);
  });
});

describe("describeFit", () => {
  const spec = makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1, l1Ratio: null, classWeight: "none", features: null });

  it("says whether the solver converged, after how many iterations, how long and on how many rows", () => {
    expect(describeFit(result(spec))).toBe("The solver converged after 42 iterations in 1.23 s on 12,345 training rows.");
  });

  it("gives the solver's warning when it did not converge, the iteration limit when it has none", () => {
    const warned = result(spec, { fit: { iterations: 100, converged: false, loss: 0.1, gradNorm: 1, warning: "line search failed", tol: 1e-4, maxIter: 100 } });
    expect(describeFit(warned)).toBe("The solver did not converge (line search failed) after 100 iterations in 1.23 s on 12,345 training rows.");
    const capped = result(spec, { fit: { iterations: 100, converged: false, loss: 0.1, gradNorm: 1, warning: null, tol: 1e-4, maxIter: 100 } });
    expect(describeFit(capped)).toMatch(/^The solver did not converge \(iteration limit\)/);
  });

  it("says a baseline needs no fit", () => {
    expect(describeFit(result(popularity))).toBe("A baseline needs no fit.");
  });
});

describe("describeOperatingPoint", () => {
  const spec = makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1, l1Ratio: null, classWeight: "none", features: null });
  const model = result(spec);

  it("gives AP, the best-F0.3 threshold and what it means for pushes", () => {
    expect(describeOperatingPoint(model, [])).toBe(
      "Average precision on validation is 0.123. At the threshold that maximises F0.3 (0.0123), 25.0% of pushes reach a buyer and 12.5% of buyers are reached, with 1,500 pushes among 20,000 candidate rows.",
    );
  });

  it("names each other baseline's AP and leaves the experiment itself out", () => {
    const p = result(popularity, { validation: { averagePrecision: 0.05 } as ExperimentResult["validation"] });
    const b = result(pastPurchase, { validation: { averagePrecision: 0.0809 } as ExperimentResult["validation"] });
    expect(describeOperatingPoint(model, [p, b])).toMatch(
      /^Average precision on validation is 0\.123 \(popularity baseline 0\.050, past-purchase baseline 0\.081; the paired comparison with intervals is on the compare page\)\. /,
    );
    const self = result(popularity, { validation: model.validation });
    expect(describeOperatingPoint(self, [self, b])).toContain("(past-purchase baseline 0.081;");
  });
});

describe("describeCoefficients", () => {
  const spec = makeLogisticSpec({ encoding: "none", penalty: "l1", C: 1, l1Ratio: null, classWeight: "none", features: null });
  const label = (f: string) => f.toUpperCase();

  it("names the three largest coefficients by magnitude with their sign, and counts the zeros", () => {
    const r = result(spec, {
      coefficients: [
        { feature: "a", coef: 0.5 },
        { feature: "b", coef: -2 },
        { feature: "c", coef: 0 },
        { feature: "d", coef: 1 },
        { feature: "e", coef: -0.1 },
      ],
    });
    expect(describeCoefficients(r, label)).toBe("The strongest signals are B (lowers the score), D (raises the score), A (raises the score). 1 of 5 coefficients are exactly zero.");
  });

  it("says nothing about zeros when there are none", () => {
    const r = result(spec, { coefficients: [{ feature: "a", coef: 0.5 }] });
    expect(describeCoefficients(r, label)).toBe("The strongest signals are A (raises the score).");
  });

  it("says every customer gets the same score when every coefficient is zero", () => {
    const r = result(spec, { coefficients: [{ feature: "a", coef: 0 }] });
    expect(describeCoefficients(r, label)).toMatch(/^Every coefficient is zero/);
  });
});
