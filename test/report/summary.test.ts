import { describe, expect, it } from "vitest";
import type { ExperimentIntervals } from "../../lib/experiments/results/result-intervals";
import type { ExperimentResult } from "../../lib/experiments/results/result";
import type { SelectedModelReport } from "../../lib/report/selected-model";
import { ENCODINGS } from "../../lib/features/encodings";
import { budgetPhrase, buildReportSummary, percent, plainModelName } from "../../lib/report/summary";

function selected(overrides: Partial<SelectedModelReport["operating"]> = {}, testAp = 0.3): SelectedModelReport {
  return {
    version: { version: "v_20261201_101500", experimentId: "lr-none-l2-C1e-2-unweighted" },
    metadata: { test: { averagePrecision: testAp }, thresholdSource: "best-f0.3" },
    budget: { testDays: 7, candidateRows: 5000, positives: 200, buyingCustomers: 60, model: [], baseline: [], modelPushesAtThreshold: 70 },
    operating: { threshold: 0.31234, pushes: 70, purchases: 28, precision: 0.4, customersReached: 21, baselinePrecision: 0.15, baselinePurchases: 10, randomPrecision: 0.04, ...overrides },
  } as unknown as SelectedModelReport;
}

const result = { spec: { kind: "logreg", encoding: "none" }, intervals: { averagePrecision: { estimate: 0.31, low: 0.27, high: 0.35 }, rocAuc: { estimate: 0.78, low: 0.741, high: 0.82 } } } as unknown as Pick<ExperimentResult, "spec"> & { intervals: ExperimentIntervals };
const BANNED = /\bAP\b|average precision|C = |log-loss|out-of-fold|bootstrap|lr-|v_\d/;

describe("buildReportSummary", () => {
  it("states the budget and the three purchase rates and customers from the operating facts", () => {
    const s = buildReportSummary(selected(), result, { estimate: 0.1, low: 0.05, high: 0.15, replicates: 2000, dropped: 0, verdict: "better" });
    expect(s.headline).toBe(
      "Sending about 10 pushes a day, about 40% of the pushes lead to a purchase — against 15% for the same number of pushes of the most popular products and 4.0% at random — reaching 21 of the 60 customers who bought in the test days.",
    );
    expect(s.pushesPerDay).toBe(10);
    expect(s.recommendation).toBe("ship");
    expect(s.certainty).toMatch(/confident.*better than the popularity list.*test days agree/);
    expect(s.nextStep).toContain("v_20261201_101500");
    // The retrain trigger is the one section 6 names: the low end of ROC-AUC's validation interval, not AP's.
    expect(s.nextStep).toMatch(/retrain when the weekly ROC-AUC .* falls below 0\.741\./);
    expect(s.nextStep).not.toContain("0.27");
    for (const sentence of [s.headline, s.certainty]) expect(sentence).not.toMatch(BANNED);
    expect(s.certaintyDetail).toContain("+0.100 (95% interval +0.050 to +0.150; better)");
    expect(s.certaintyDetail).toContain("test AP 0.300");
  });

  it("says the comparison is being computed while it is, instead of that none is stored", () => {
    const pending = buildReportSummary(selected(), result, null, "paired order bootstrap", true);
    expect(pending.recommendation).toBe("caution");
    expect(pending.certainty).toMatch(/^The comparison with the popularity list is still being computed .*rests on the test days alone/);
    expect(pending.certainty).not.toMatch(/No paired comparison/);
    expect(pending.certaintyDetail).toContain("The paired difference against the baseline is being computed.");
    const none = buildReportSummary(selected(), result, null);
    expect(none.certainty).toMatch(/^No paired comparison with the popularity list is stored/);
    expect(none.certaintyDetail).toContain("No paired difference against the baseline could be computed.");
  });

  it("follows the verdict and the test days", () => {
    const same = buildReportSummary(selected(), result, { estimate: 0.01, low: -0.02, high: 0.04, replicates: 2000, dropped: 0, verdict: "not distinguishable" });
    expect(same.recommendation).toBe("hold");
    expect(same.certainty).toMatch(/cannot yet tell it apart/);
    const worse = buildReportSummary(selected(), result, { estimate: -0.05, low: -0.08, high: -0.01, replicates: 2000, dropped: 0, verdict: "worse" });
    expect(worse.certainty).toMatch(/worse than the popularity list/);
    const weakTest = buildReportSummary(selected({}, 0.2), result, { estimate: 0.1, low: 0.05, high: 0.15, replicates: 2000, dropped: 0, verdict: "better" });
    expect(weakTest.recommendation).toBe("caution");
    expect(weakTest.certainty).toMatch(/weaker than the checks predicted/);
    const noDiff = buildReportSummary(selected(), null, null);
    expect(noDiff.certainty).toMatch(/No paired comparison/);
    const none = buildReportSummary(selected({ pushes: 0, purchases: 0, precision: 0, customersReached: 0 }), result, null);
    expect(none.headline).toBe("At its threshold the model would send no push in the 7 test days.");
  });
});

describe("phrases", () => {
  it("percent keeps one decimal below 10%", () => {
    expect(percent(0.4)).toBe("40%");
    expect(percent(0.042)).toBe("4.2%");
    expect(percent(0.1549)).toBe("15%");
  });
  it("a budget below about one push a day is stated as a total", () => {
    expect(budgetPhrase(3, 7)).toBe("3 pushes over the 7 test days");
    expect(budgetPhrase(1, 7)).toBe("1 push over the 7 test days");
    expect(budgetPhrase(700, 7)).toBe("about 100 pushes a day");
  });
});

describe("plainModelName", () => {
  it("names what the model is built on for every registered encoding, in plain words", () => {
    const names = ENCODINGS.map((encoding) => plainModelName({ spec: { kind: "logreg", encoding } } as unknown as ExperimentResult, "x"));
    expect(new Set(names).size).toBe(ENCODINGS.length);
    for (const name of names) {
      expect(name).toMatch(/^a scoring model \(logistic regression\) built on the customer's history/);
      expect(name).not.toMatch(/undefined|\bAP\b|one-hot|rare-grouping/);
    }
    expect(plainModelName({ spec: { kind: "baseline" } } as unknown as ExperimentResult, "baseline-x")).toBe("model baseline-x");
  });
});
