import { describe, expect, it } from "vitest";
import { makeLogisticSpec, type ExperimentSpec } from "../../lib/experiments/definitions/spec";
import type { ExperimentResult } from "../../lib/experiments/results/result";
import { describeGrid } from "../../lib/report/grid-summary";

const result = (spec: ExperimentSpec, averagePrecision = 0.1) => ({ id: spec.id, spec, validation: { averagePrecision } }) as unknown as ExperimentResult;
const lr = (encoding: "none" | "frequency" | "onehot" | "target" | "target-leaky" | "rare-grouping", penalty: "l2" | "l1" | "none", C: number | null, classWeight: "none" | "balanced" = "none", features: string[] | null = null) =>
  result(makeLogisticSpec({ encoding, penalty, C, l1Ratio: null, classWeight, features }));
const popularity = result({ kind: "baseline", id: "baseline-global_popularity", score: "global_popularity" }, 0.0512);

describe("describeGrid", () => {
  it("counts the experiments, encodings, penalties, the range of C and the class weights", () => {
    const text = describeGrid([lr("none", "l2", 0.01), lr("frequency", "l2", 1), lr("frequency", "l1", 0.001), popularity]);
    expect(text).toBe(
      "3 logistic-regression experiments on standardized features, fitted on the training days and judged on the validation days: " +
        "2 encodings of the product type and vendor (plain features and frequency), L2 and L1 with C from 0.001 to 1; all with unweighted classes. " +
        "The reference is the popularity baseline, most popular products first (average precision 0.051).",
    );
  });

  it("says how many experiments re-weight the classes, and on which encodings, and how many use a feature subset", () => {
    const text = describeGrid([lr("none", "l2", 1), lr("onehot", "l2", 1, "balanced"), lr("none", "l2", 0.1, "none", ["ordered_before", "global_popularity"])]);
    expect(text).toContain("; 2 with unweighted classes and 1 with balanced class weights (on one-hot); 1 on a chosen subset of the features. No baseline has run.");
    expect(describeGrid([lr("none", "l2", 1, "balanced")])).toContain("1 logistic-regression experiment on standardized features");
    expect(describeGrid([lr("none", "l2", 1, "balanced")])).toContain("1 encoding of the product type and vendor (plain features), L2 with C from 1 to 1; all with balanced class weights.");
  });

  it("leaves C out when no experiment has one", () => {
    expect(describeGrid([lr("none", "none", null)])).toContain("(plain features), no regularization; all with unweighted classes.");
  });

  it("says nothing ran when there is no model", () => {
    expect(describeGrid([])).toBe("No experiment has run on this data yet.");
    // Every encoding is named from the encodings' registry, including one added later.
    const all = describeGrid(["none", "frequency", "target", "target-leaky", "onehot", "rare-grouping"].map((e) => lr(e as "none", "l2", 1)));
    expect(all).toContain("6 encodings of the product type and vendor (plain features, frequency, cross-fitted target, leaky target, one-hot and rare-category grouping)");
    expect(all).not.toContain("undefined");
    expect(describeGrid([popularity])).toBe("No experiment has run on this data yet.");
  });
});
