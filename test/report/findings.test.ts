import { describe, expect, it } from "vitest";
import type { ExperimentResult } from "../../lib/experiments/results/result";
import { makeLogisticSpec } from "../../lib/experiments/definitions/definition";
import type { FamilyComparison } from "../../lib/experiments/comparison/family";
import { generateFindings, planComparisons, type Finding, type FindingId, type IntervalLookup } from "../../lib/report/findings";
import { checkFinding } from "./claim-checks";


function result(id: string, spec: ExperimentResult["spec"], ap: number, extra: Partial<ExperimentResult> = {}): ExperimentResult {
  return {
    format: "pushlab-result-v2",
    id,
    spec: { ...spec, id } as ExperimentResult["spec"],
    computedFrom: { dataFingerprint: "x", specHash: "x", libraryVersion: "x" },
    createdAt: "",
    data: { file: "", trainRows: 180_000, trainPositives: 10, validationRows: 100, validationPositives: 10 },
    fit: null,
    seconds: { features: 0, fit: 0, evaluate: 0 },
    validation: { rows: 100, positives: 10, averagePrecision: ap, rocAuc: 0.8, gini: 0.6, logLoss: null, brier: null, bestThreshold: 0.3, precision: 0.3, recall: 0.1, f03: 0.25, pushes: 3 },
    train: { averagePrecision: ap, rocAuc: 0.8 },
    curves: { pr: [], roc: [], calibration: null },
    coefficients: [
      { feature: "ordered_before", coef: 1 },
      { feature: "abandoned_before", coef: 0.5 },
      { feature: "normalised_price", coef: -0.1 },
    ],
    model: null,
    ...extra,
  };
}

const lr = (encoding: "none" | "frequency" | "target" | "target-leaky" | "onehot", penalty: "l2" | "l1", C: number, classWeight: "none" | "balanced" = "none") =>
  makeLogisticSpec({ encoding, penalty, C, l1Ratio: null, classWeight, features: null });

const coefs = (nonZero: number) => ["ordered_before", "abandoned_before", "normalised_price"].map((feature, j) => ({ feature, coef: j < nonZero ? 1 : 0 }));

const results = [
  result("baseline-global_popularity", { kind: "baseline", id: "", score: "global_popularity" }, 0.06),
  result("baseline-ordered_before_then_popularity", { kind: "baseline", id: "", score: "ordered_before_then_popularity" }, 0.11),
  result("plain", lr("none", "l2", 1e-6), 0.16),
  result("plain-weak", lr("none", "l2", 1), 0.15),
  result("plain-strongest", lr("none", "l2", 1e-8), 0.12),
  result("freq", lr("frequency", "l2", 1e-6), 0.159),
  result("target", lr("target", "l2", 1e-6), 0.145, { train: { averagePrecision: 0.17, rocAuc: 0.8 } }),
  result("leaky", lr("target-leaky", "l2", 1e-6), 0.14, { train: { averagePrecision: 0.3, rocAuc: 0.9 } }),
  result("onehot", lr("onehot", "l2", 1e-6), 0.158),
  result("balanced", lr("none", "l2", 1e-6, "balanced"), 0.159, { validation: { ...result("x", lr("none", "l2", 1), 0.159).validation, bestThreshold: 0.9 } }),
  result("l1-strong", lr("none", "l1", 1e-4), 0.05, { coefficients: coefs(0) }),
  result("l1-mid", lr("none", "l1", 1e-2), 0.155, { coefficients: coefs(1) }),
  result("l1-weak", lr("none", "l1", 1), 0.159, { coefficients: coefs(3) }),
];

type Iv = { estimate: number; low: number; high: number };
const verdictOf = (iv: Iv) => (iv.low > 0 ? "better" : iv.high < 0 ? "worse" : "not distinguishable") as "better" | "worse" | "not distinguishable";

/** A lookup that answers `special` for the listed comparisons and `rest` for every other. */
function lookup(rest: Iv | null, special: Record<string, Iv | null> = {}, borderline: string[] = []): IntervalLookup {
  return (c: FamilyComparison) => {
    const key = `${c.candidate}|${c.reference}|${c.metric}${c.split === "train-minus-validation" ? "|gap" : ""}`;
    const iv = key in special ? special[key] : rest;
    return iv ? { ...iv, verdict: verdictOf(iv), borderline: borderline.includes(key) } : null;
  };
}

const REAL_GAIN = { estimate: 0.03, low: 0.01, high: 0.05 };
const REAL_LOSS = { estimate: -0.03, low: -0.05, high: -0.01 };
const NONE = { estimate: 0.001, low: -0.01, high: 0.012 };

function byId(findings: Finding[], id: FindingId): Finding {
  const f = findings.find((x) => x.id === id);
  expect(f, id).toBeDefined();
  return f!;
}

function generate(l: IntervalLookup): Finding[] {
  const findings = generateFindings(results, l);
  findings.forEach(checkFinding);
  return findings;
}

describe("planComparisons", () => {
  it("lists each comparison the findings rest on once", () => {
    const planned = planComparisons(results).map((c) => `${c.candidate}|${c.reference}|${c.metric}${c.split === "train-minus-validation" ? "|gap" : ""}`);
    expect(new Set(planned).size).toBe(planned.length);
    expect(planned).toEqual([
      "plain|baseline-global_popularity|averagePrecision",
      "plain|baseline-ordered_before_then_popularity|averagePrecision",
      "freq|plain|averagePrecision",
      "target|plain|averagePrecision",
      "onehot|plain|averagePrecision",
      "plain|plain-strongest|averagePrecision",
      "balanced|plain|averagePrecision",
      "balanced|plain|f03",
      "leaky|target|averagePrecision",
      "leaky|leaky|averagePrecision|gap",
      "target|target|averagePrecision|gap",
      "leaky|target|averagePrecision|gap",
      "l1-mid|plain|averagePrecision",
    ]);
  });
});

describe("generateFindings: every finding under both verdicts", () => {
  it("best model against both baselines: real, and not distinguishable", () => {
    const real = byId(generate(lookup(REAL_GAIN)), "best-vs-baseline");
    expect(real.verdict).toBe("real");
    expect(real.title).toBe("The best model is better than both baselines");
    expect(real.evidence.map((e) => e.reference)).toEqual(["baseline-global_popularity", "baseline-ordered_before_then_popularity"]);
    expect(real.text).toContain("0.160");
    expect(real.text).toContain("+0.010 to +0.050");
    expect(real.plain).toMatch(/picks buyers better than pushing the products most people buy/);

    const nd = byId(generate(lookup(NONE)), "best-vs-baseline");
    expect(nd.verdict).toBe("not distinguishable");
    expect(nd.title).toBe("The best model is not distinguishable from either baseline");
    expect(nd.plain).toMatch(/cannot be told apart/);

    const mixed = byId(generate(lookup(NONE, { "plain|baseline-global_popularity|averagePrecision": REAL_GAIN })), "best-vs-baseline");
    expect(mixed.verdict).toBe("real");
    expect(mixed.title).toMatch(/better than the popularity baseline; it and the past-purchase baseline are not distinguishable/);
  });

  it("encodings: none distinguishable, and one real loss named in the title", () => {
    const nd = byId(generate(lookup(NONE)), "encodings");
    expect(nd.verdict).toBe("not distinguishable");
    expect(nd.title).toBe("Encoding product type and vendor makes no difference we can measure");

    const one = byId(generate(lookup(NONE, { "onehot|plain|averagePrecision": REAL_LOSS })), "encodings");
    expect(one.verdict).toBe("real");
    expect(one.title).toBe("One-hot encoding ranks worse than plain features; frequency encoding and cross-fitted target encoding are not distinguishable from plain features");
    expect(one.text).toMatch(/Only one-hot encoding differs beyond its interval/);
    expect(one.evidence.filter((e) => e.verdict === "worse").map((e) => e.candidate)).toEqual(["onehot"]);
  });

  it("regularization: real and not distinguishable, with the training rows of this data", () => {
    const real = byId(generate(lookup(REAL_GAIN)), "regularization");
    expect(real.verdict).toBe("real");
    expect(real.title).toBe("Regularization strength matters: C = 1e-6 ranks better than C = 1e-8");
    expect(real.text).toContain("180,000 training rows");
    expect(real.text).not.toMatch(/million/);
    expect(real.text).toMatch(/the lowest AP is at C = 1e-8 \(0\.120\), the highest at C = 1e-6 \(0\.160\)/);
    const nd = byId(generate(lookup(NONE)), "regularization");
    expect(nd.verdict).toBe("not distinguishable");
    expect(nd.title).toMatch(/makes no difference we can measure/);
  });

  it("class weights: a real loss of AP is never called 'not the ranking'", () => {
    const loss = byId(generate(lookup(NONE, { "balanced|plain|averagePrecision": REAL_LOSS })), "class-weights");
    expect(loss.verdict).toBe("real");
    expect(loss.title).toBe("Balanced class weights: ranking (AP) worse, best F0.3 not distinguishable");
    expect(loss.title).not.toMatch(/not the ranking/);
    expect(loss.text).toMatch(/0\.90 with balanced weights and 0\.30 without/);
    const nd = byId(generate(lookup(NONE)), "class-weights");
    expect(nd.verdict).toBe("not distinguishable");
    expect(nd.title).toBe("Balanced class weights: ranking (AP) not distinguishable, best F0.3 not distinguishable");
  });

  it("leakage: the validation comparison and the training − validation gaps, each under both verdicts", () => {
    // Leaky loses on validation; its gap (0.300 − 0.140) is real and larger than cross-fitted's (0.170 − 0.145).
    const GAP_L = { estimate: 0.16, low: 0.12, high: 0.2 };
    const GAP_C = { estimate: 0.025, low: 0.005, high: 0.045 };
    const DIFF = { estimate: 0.135, low: 0.09, high: 0.18 };
    const real = byId(generate(lookup(REAL_LOSS, { "leaky|leaky|averagePrecision|gap": GAP_L, "target|target|averagePrecision|gap": GAP_C, "leaky|target|averagePrecision|gap": DIFF })), "leakage");
    expect(real.verdict).toBe("real");
    expect(real.title).toBe("Leaky target encoding ranks worse than cross-fitted on the validation days; the leaky one's gap between training and validation figures is larger");
    for (const x of ["0.300", "0.170", "0.140", "0.145"]) expect(real.text).toContain(x);
    expect(real.evidence.map((e) => [e.candidate, e.reference, e.split, e.verdict])).toEqual([
      ["leaky", "target", "validation", "worse"],
      ["leaky", "leaky", "train-minus-validation", "better"],
      ["target", "target", "train-minus-validation", "better"],
      ["leaky", "target", "train-minus-validation", "better"],
    ]);
    expect(real.text).toContain("training − validation AP gap +0.160 (simultaneous 95% interval +0.120 to +0.200, which excludes zero: a real positive difference)");
    expect(real.text).toContain("difference of the training − validation AP gaps +0.135 (simultaneous 95% interval +0.090 to +0.180");
    expect(real.text).toMatch(/Measured against its own validation figures, the leaky encoding's training figures stand higher than the cross-fitted one's do/);
    expect(real.plain).toMatch(/the peeking shows/);

    // Every interval includes zero: nothing is said to differ, and the gaps are "not distinguishable".
    const nd = byId(generate(lookup(NONE)), "leakage");
    expect(nd.verdict).toBe("not distinguishable");
    expect(nd.title).toBe("Leaky and cross-fitted target encoding are not distinguishable on the validation days; their gaps between training and validation figures are not distinguishable");
    expect(nd.evidence.filter((e) => e.split === "train-minus-validation")).toHaveLength(3);
    expect(nd.text).toMatch(/The two gaps are not distinguishable, so this data shows no mark of the leak/);
    expect(nd.text).not.toMatch(/stand higher|real positive/);
    expect(nd.plain).toMatch(/cannot be told apart from the careful one\.$/);

    // The gap difference the other way.
    const smaller = byId(generate(lookup(NONE, { "leaky|target|averagePrecision|gap": REAL_LOSS })), "leakage");
    expect(smaller.title).toMatch(/; the leaky one's gap between training and validation figures is smaller$/);
    expect(smaller.text).toContain("a real negative difference");

    // Without intervals for the gaps (no stored training scores) the training figures are shown, not compared.
    const shown = byId(generate(lookup(REAL_LOSS, { "leaky|leaky|averagePrecision|gap": null, "target|target|averagePrecision|gap": null, "leaky|target|averagePrecision|gap": null })), "leakage");
    expect(shown.title).toBe("Leaky target encoding ranks worse than cross-fitted on the validation days");
    expect(shown.text).toMatch(/have no interval \(no stored training scores\), so they are shown, not compared/);
    expect(shown.evidence.filter((e) => e.split === "train-minus-validation").map((e) => e.verdict)).toEqual(["no interval", "no interval", "no interval"]);
    expect(shown.evidence[3].estimate).toBeCloseTo(0.16 - 0.025, 12);
  });

  it("sparsity: the sparsest model with a feature against the full model, both verdicts", () => {
    const nd = byId(generate(lookup(NONE)), "sparsity");
    expect(nd.verdict).toBe("not distinguishable");
    expect(nd.title).toBe("A model with 1 of 3 features is not distinguishable from the full model");
    expect(nd.text).toMatch(/At C = 1e-4 every coefficient is zero/);
    expect(nd.plain).toMatch(/the customer bought this product before/);
    const loss = byId(generate(lookup(REAL_LOSS)), "sparsity");
    expect(loss.verdict).toBe("real");
    expect(loss.title).toBe("Keeping only 1 of 3 features ranks worse than the full model");
    expect(loss.text).not.toMatch(/handful/);
  });

  it("prints enough decimals that an interval excluding zero never shows an end of 0.000", () => {
    const tiny = { estimate: 0.0004, low: 0.00002, high: 0.0008 };
    const f = byId(generate(lookup(NONE, { "freq|plain|averagePrecision": tiny })), "encodings");
    expect(f.text).toContain("AP +0.00040 (simultaneous 95% interval +0.00002 to +0.00080, which excludes zero: a real gain)");
  });

  it("marks a finding borderline when one of its comparisons is", () => {
    const findings = generate(lookup(REAL_GAIN, {}, ["plain|plain-strongest|averagePrecision"]));
    expect(byId(findings, "regularization").borderline).toBe(true);
    expect(byId(findings, "regularization").text).toMatch(/borderline: another bootstrap seed could change this verdict/);
    expect(byId(findings, "encodings").borderline).toBe(false);
  });

  it("makes no comparative statement when no interval is available", () => {
    const findings = generate(lookup(null));
    expect(findings).toHaveLength(6);
    for (const f of findings) {
      expect(f.verdict).toBe("context");
      expect(f.evidence.every((e) => e.low === null && e.high === null && e.verdict === "no interval")).toBe(true);
    }
  });
});
