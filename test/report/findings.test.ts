import { describe, expect, it } from "vitest";
import type { ExperimentResult } from "../../lib/experiments/result";
import { makeLogisticSpec } from "../../lib/experiments/definition";
import { generateFindings, type Diff } from "../../lib/report/findings";

const iv = (estimate: number, low: number, high: number) => ({ estimate, low, high, replicates: 2000, dropped: 0 });

function result(id: string, spec: ExperimentResult["spec"], ap: number, extra: Partial<ExperimentResult> = {}): ExperimentResult {
  return {
    format: "pushlab-result-v1",
    id,
    spec,
    currency: { dataFingerprint: "x", specHash: "x", libraryVersion: "x" },
    createdAt: "",
    data: { file: "", trainRows: 100, trainPositives: 10, validationRows: 100, validationPositives: 10 },
    fit: null,
    seconds: { features: 0, fit: 0, evaluate: 0 },
    validation: { rows: 100, positives: 10, averagePrecision: ap, rocAuc: 0.8, gini: 0.6, logLoss: null, brier: null, bestThreshold: 0.3, precision: 0.3, recall: 0.1, f03: 0.25, pushes: 3 },
    intervals: { averagePrecision: iv(ap, ap - 0.01, ap + 0.01), rocAuc: iv(0.8, 0.79, 0.81), f03: iv(0.25, 0.2, 0.3), precision: iv(0.3, 0.25, 0.35), recall: iv(0.1, 0.08, 0.12) },
    train: { averagePrecision: ap, rocAuc: 0.8 },
    curves: { pr: [], roc: [], calibration: null },
    coefficients: [{ feature: "ordered_before", coef: 1 }],
    model: null,
    ...extra,
  };
}

const lr = (encoding: "none" | "frequency" | "target" | "target-leaky" | "onehot", penalty: "l2" | "l1", C: number, classWeight: "none" | "balanced" = "none") =>
  makeLogisticSpec({ encoding, penalty, C, l1Ratio: null, classWeight, features: null });

function interval(estimate: number, low: number, high: number): Diff {
  const verdict = low > 0 ? "better" : high < 0 ? "worse" : "not distinguishable";
  return {
    averagePrecision: { ...iv(estimate, low, high), verdict },
    rocAuc: { ...iv(estimate, low, high), verdict },
    f03: { ...iv(estimate, low, high), verdict },
    precision: { ...iv(estimate, low, high), verdict },
    recall: { ...iv(estimate, low, high), verdict },
  };
}

const results = [
  result("baseline-global_popularity", { kind: "baseline", id: "baseline-global_popularity", score: "global_popularity" }, 0.06),
  result("plain", lr("none", "l2", 1e-6), 0.16),
  result("plain-weak", lr("none", "l2", 1), 0.15),
  result("freq", lr("frequency", "l2", 1e-6), 0.159),
  result("target", lr("target", "l2", 1e-6), 0.145, { train: { averagePrecision: 0.17, rocAuc: 0.8 } }),
  result("leaky", lr("target-leaky", "l2", 1e-6), 0.14, { train: { averagePrecision: 0.3, rocAuc: 0.9 } }),
  result("onehot", lr("onehot", "l2", 1e-6), 0.158),
  result("balanced", lr("none", "l2", 1e-6, "balanced"), 0.159, { validation: { ...result("x", lr("none", "l2", 1), 0.159).validation, bestThreshold: 0.9 } }),
];

describe("generateFindings", () => {
  it("calls a difference real only when its interval excludes zero", () => {
    const findings = generateFindings(results, (candidate) => (candidate.id === "plain" ? interval(0.1, 0.08, 0.12) : interval(0.001, -0.01, 0.012)));
    const best = findings.find((f) => f.id === "best-vs-baseline")!;
    expect(best.verdict).toBe("real");
    expect(best.text).toContain("plain");
    expect(best.text).toContain("0.160");
    expect(best.text).toContain("a real gain");

    const encodings = findings.find((f) => f.id === "encodings")!;
    expect(encodings.verdict).toBe("not distinguishable");
    expect(encodings.title).toMatch(/adds nothing/);
    expect(encodings.text).toContain("not distinguishable");
    expect(encodings.text).not.toContain("a real gain");
  });

  it("states a real encoding effect when one interval excludes zero", () => {
    const findings = generateFindings(results, (candidate, reference) =>
      candidate.id === "onehot" && reference.id === "plain" ? interval(-0.02, -0.03, -0.01) : interval(0.001, -0.01, 0.012),
    );
    const encodings = findings.find((f) => f.id === "encodings")!;
    expect(encodings.verdict).toBe("real");
    expect(encodings.title).toMatch(/changes the ranking/);
    expect(encodings.text).toContain("a real loss");
  });

  it("explains leakage with the training and validation AP of both target encodings", () => {
    const findings = generateFindings(results, () => interval(-0.005, -0.02, 0.01));
    const leakage = findings.find((f) => f.id === "leakage")!;
    expect(leakage.text).toContain("0.300");
    expect(leakage.text).toContain("0.170");
    expect(leakage.text).toContain("0.140");
    expect(leakage.text).toContain("0.145");
    expect(leakage.verdict).toBe("not distinguishable");
  });

  it("reports how regularization strength and class weights change the numbers", () => {
    const findings = generateFindings(results, () => interval(0.01, 0.002, 0.02));
    expect(findings.find((f) => f.id === "regularization")!.text).toMatch(/0\.150 \(C = 1\) to 0\.160 \(C = 0\.000001\)/);
    const weights = findings.find((f) => f.id === "class-weights")!;
    expect(weights.text).toContain("from 0.30 to 0.90");
    expect(weights.verdict).toBe("real");
  });

  it("makes no claim it cannot support when no interval is available", () => {
    const findings = generateFindings(results, () => null);
    for (const f of findings) {
      expect(f.verdict).not.toBe("real");
      expect(f.text).not.toMatch(/a real (gain|loss)/);
    }
  });
});
