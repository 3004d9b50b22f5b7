import { describe, expect, it } from "vitest";
import { curvePoint, downsampleIndices, evaluateScores, F_BETA } from "../../../lib/experiments/running/evaluate";
import { binaryClfCurve } from "../../../lib/metrics";
import { expectArrayClose, expectNumberClose, probabilityCases, rng } from "../../metrics/fixtures";

/** evaluateScores against scikit-learn's figures (test/fixtures/metrics.json) and the curve downsampling. */

describe("evaluateScores", () => {
  it("gives scikit-learn's AP, ROC-AUC, Gini, log loss, Brier and best F0.3 on every probability fixture", () => {
    expect(probabilityCases.length).toBeGreaterThan(0);
    for (const c of probabilityCases) {
      const { metrics } = evaluateScores(c.yTrue, c.yScore, { probabilities: true });
      const best = c.fBeta.find((f) => f.beta === F_BETA)!.best;
      expect(metrics.rows, c.name).toBe(c.yTrue.length);
      expect(metrics.positives, c.name).toBe(c.yTrue.filter((v) => v === 1).length);
      expectNumberClose(metrics.averagePrecision, c.averagePrecision, 1e-12, `${c.name} AP`);
      expectNumberClose(metrics.rocAuc, c.rocAuc, 1e-12, `${c.name} ROC-AUC`);
      expectNumberClose(metrics.gini, c.gini, 1e-12, `${c.name} Gini`);
      expectNumberClose(metrics.logLoss!, c.logLoss!, 1e-12, `${c.name} log loss`);
      expectNumberClose(metrics.brier!, c.brier!, 1e-12, `${c.name} Brier`);
      expectNumberClose(metrics.bestThreshold, best.threshold, 0, `${c.name} threshold`);
      expectNumberClose(metrics.precision, best.precision, 1e-12, `${c.name} precision`);
      expectNumberClose(metrics.recall, best.recall, 1e-12, `${c.name} recall`);
      expectNumberClose(metrics.f03, best.fBeta, 1e-12, `${c.name} F0.3`);
      expect(metrics.pushes, c.name).toBe(c.yScore.filter((s) => s >= best.threshold).length);
    }
  });

  it("bins calibration in ten quantile bins as scikit-learn's strategy='quantile'", () => {
    for (const c of probabilityCases.filter((k) => k.calibrationQuantile)) {
      const calibration = evaluateScores(c.yTrue, c.yScore, { probabilities: true }).curves.calibration!;
      const expected = c.calibrationQuantile!;
      expect(calibration.map((b) => b.count), c.name).toEqual(expected.counts);
      expectArrayClose(calibration.map((b) => b.probTrue), expected.probTrue, 1e-12, `${c.name} probTrue`);
      expectArrayClose(calibration.map((b) => b.probPred), expected.probPred, 1e-12, `${c.name} probPred`);
    }
  });

  it("leaves log loss, Brier and calibration out for a score that is not a probability", () => {
    const c = probabilityCases[0];
    const raw = evaluateScores(c.yTrue, c.yScore.map((s) => s * 40), { probabilities: false });
    expect([raw.metrics.logLoss, raw.metrics.brier, raw.curves.calibration]).toEqual([null, null, null]);
    // A monotone rescaling changes no ranking figure.
    expectNumberClose(raw.metrics.averagePrecision, c.averagePrecision, 1e-12, "AP of 40·score");
  });

  it("keeps the chart curves small, ordered and through the best point and both ends", () => {
    const random = rng(7);
    const y = Array.from({ length: 5000 }, () => (random() < 0.1 ? 1 : 0));
    const scores = y.map((v) => random() + v * 0.3);
    const { metrics, curves } = evaluateScores(y, scores, { probabilities: false }, 100);
    expect(curves.pr.length).toBeLessThanOrEqual(110);
    expect(curves.pr.length).toBeGreaterThan(40);
    for (let i = 1; i < curves.pr.length; i++) expect(curves.pr[i].threshold).toBeLessThan(curves.pr[i - 1].threshold);
    expect(curves.pr.some((p) => p.threshold === metrics.bestThreshold && p.f03 === metrics.f03)).toBe(true);
    expect(curves.pr.at(-1)!.recall).toBe(1);
    expect(curves.roc.length).toBeLessThanOrEqual(202);
    expect(curves.roc[0]).toMatchObject({ fpr: 0, tpr: 0 });
    expect(curves.roc.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
  });
});

describe("downsampleIndices and curvePoint", () => {
  it("returns every index of a short curve and a sorted subset with the ends and the kept index of a long one", () => {
    const short = binaryClfCurve([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]);
    expect(short.thresholds.length).toBe(4);
    expect(downsampleIndices(short, 10, [])).toEqual([0, 1, 2, 3]);
    const random = rng(3);
    const n = 3000;
    const y = Array.from({ length: n }, () => (random() < 0.2 ? 1 : 0));
    const long = binaryClfCurve(y, Array.from({ length: n }, () => random()));
    const m = long.thresholds.length;
    const chosen = downsampleIndices(long, 50, [1234]);
    expect(chosen[0]).toBe(0);
    expect(chosen.at(-1)).toBe(m - 1);
    expect(chosen).toContain(1234);
    expect([...chosen].sort((a, b) => a - b)).toEqual(chosen);
    expect(new Set(chosen).size).toBe(chosen.length);
    expect(chosen.length).toBeLessThanOrEqual(50 + 3);
  });

  it("curvePoint reads precision, recall, F0.3 and pushes from the counts", () => {
    const curve = binaryClfCurve([1, 0, 1, 0, 0], [0.9, 0.8, 0.7, 0.2, 0.1]);
    // Thresholds decreasing: 0.9 (1 tp), 0.8 (1 tp, 1 fp), 0.7 (2 tp, 1 fp) …
    const p = curvePoint(curve, 2);
    expect(p).toMatchObject({ threshold: 0.7, pushes: 3 });
    expectNumberClose(p.precision, 2 / 3);
    expectNumberClose(p.recall, 1);
    expectNumberClose(p.f03, ((1 + 0.09) * (2 / 3) * 1) / (0.09 * (2 / 3) + 1));
  });
});
