import { describe, expect, it } from "vitest";
import { makeLogisticSpec } from "../../../lib/experiments/definitions/spec";
import type { ExperimentResult } from "../../../lib/experiments/results/result";
import { resultRow } from "../../../lib/experiments/results/results-table";

const validation = { averagePrecision: 0.2, rocAuc: 0.8, gini: 0.6, bestThreshold: 0.05, precision: 0.3, recall: 0.1, f03: 0.25, logLoss: 0.07, pushes: 99, rows: 1000 };

describe("resultRow", () => {
  it("flattens a model's spec, fit and validation figures", () => {
    const spec = makeLogisticSpec({ encoding: "frequency", penalty: "elasticnet", C: 0.1, l1Ratio: 0.5, classWeight: "balanced", features: ["ordered_before", "global_popularity"] });
    const result = { id: spec.id, spec, seconds: { fit: 1.5 }, fit: { iterations: 12, converged: false }, validation } as unknown as ExperimentResult;
    expect(resultRow(result)).toEqual({
      id: spec.id,
      kind: "logreg",
      encoding: "frequency",
      penalty: "elasticnet",
      C: 0.1,
      l1Ratio: 0.5,
      classWeight: "balanced",
      features: ["global_popularity", "ordered_before"],
      fitSeconds: 1.5,
      iterations: 12,
      converged: false,
      validation: { averagePrecision: 0.2, rocAuc: 0.8, gini: 0.6, bestThreshold: 0.05, precision: 0.3, recall: 0.1, f03: 0.25, logLoss: 0.07 },
    });
  });

  it("fills a baseline's model columns with their neutral values", () => {
    const result = { id: "baseline-global_popularity", spec: { kind: "baseline", id: "baseline-global_popularity", score: "global_popularity" }, seconds: { fit: 0 }, fit: null, validation: { ...validation, logLoss: null } } as unknown as ExperimentResult;
    expect(resultRow(result)).toMatchObject({ kind: "baseline", encoding: "none", penalty: "-", C: null, l1Ratio: null, classWeight: "none", features: null, iterations: null, converged: null });
    expect(resultRow(result).validation.logLoss).toBeNull();
  });
});
