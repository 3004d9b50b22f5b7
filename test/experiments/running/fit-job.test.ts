import { describe, expect, it } from "vitest";
import { EVALUATING, runFitJob } from "../../../lib/experiments/running/fit-job";
import type { DesignMatrix } from "../../../lib/model/design-matrix";
import { DEFAULT_MAX_ITER, DEFAULT_TOL, fitLogisticRegression } from "../../../lib/model/logistic-regression";
import { smallFitJob } from "../../helpers/fit-jobs";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function handScores(X: DesignMatrix, coef: number[], intercept: number): number[] {
  return Array.from({ length: X.rows }, (_, i) => {
    let z = intercept;
    for (let j = 0; j < X.cols; j++) z += X.data[i * X.cols + j] * coef[j];
    return sigmoid(z);
  });
}

/** scikit-learn's average_precision_score for distinct scores: the mean precision at each positive, ranked by score. */
function naiveAveragePrecision(y: ArrayLike<number>, s: number[]): number {
  const order = s.map((_, i) => i).sort((a, b) => s[b] - s[a]);
  let hits = 0;
  let sum = 0;
  order.forEach((i, k) => {
    if (y[i] === 1) sum += ++hits / (k + 1);
  });
  return sum / hits;
}

/** ROC-AUC as the share of (positive, negative) pairs ranked the right way. */
function naiveRocAuc(y: ArrayLike<number>, s: number[]): number {
  let right = 0;
  let pairs = 0;
  for (let i = 0; i < s.length; i++) for (let j = 0; j < s.length; j++) if (y[i] === 1 && y[j] === 0) (pairs++, (right += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0));
  return right / pairs;
}

describe("runFitJob", () => {
  // class weights and C given, so a spec field that did not reach the fitter would change the solution
  const job = smallFitJob({ C: 0.5, classWeight: "balanced" });
  const result = runFitJob(job);

  it("fits the spec's penalty, C and class weight on the training rows", () => {
    const direct = fitLogisticRegression(job.train, job.yTrain, { penalty: "l2", C: 0.5, classWeight: "balanced" });
    expect(result.coef).toEqual(Array.from(direct.coef));
    expect(result.intercept).toBe(direct.intercept);
    const unweighted = runFitJob(smallFitJob({ C: 0.5 }));
    expect(unweighted.coef).not.toEqual(result.coef);
  });

  it("scores validation with the fitted model and evaluates those scores (AP, ROC-AUC checked naively)", () => {
    const scores = handScores(job.validation, result.coef, result.intercept);
    expect(result.scores).toHaveLength(20);
    result.scores.forEach((p, i) => expect(p).toBeCloseTo(scores[i], 12));
    expect(result.evaluation.metrics.averagePrecision).toBeCloseTo(naiveAveragePrecision(job.yValidation, scores), 12);
    expect(result.evaluation.metrics.rocAuc).toBeCloseTo(naiveRocAuc(job.yValidation, scores), 12);
    expect(result.intervals.averagePrecision.estimate).toBeCloseTo(result.evaluation.metrics.averagePrecision, 12);
  });

  it("gives the training figures from the training rows' own scores, and keeps those scores only when asked", () => {
    const train = handScores(job.train, result.coef, result.intercept);
    expect(result.train.averagePrecision).toBeCloseTo(naiveAveragePrecision(job.yTrain, train), 12);
    expect(result.train.rocAuc).toBeCloseTo(naiveRocAuc(job.yTrain, train), 12);
    expect(result.trainScores).toBeNull();
    const kept = runFitJob({ ...job, keepTrainingScores: true });
    expect(kept.trainScores).toHaveLength(40);
    kept.trainScores!.forEach((p, i) => expect(p).toBeCloseTo(train[i], 12));
  });

  it("records the fit's diagnostics with the default tolerance and iteration cap", () => {
    expect(result.fit).toMatchObject({ converged: true, tol: DEFAULT_TOL, maxIter: DEFAULT_MAX_ITER, warmStartFrom: null, warning: null });
    expect(result.fit.iterations).toBeGreaterThan(0);
    const capped = runFitJob({ ...job, maxIter: 1, tol: 1e-12 });
    expect(capped.fit).toMatchObject({ converged: false, iterations: 1, maxIter: 1, tol: 1e-12 });
  });

  it("continues from an earlier fit: names it, and reaches the same solution", () => {
    const first = runFitJob(smallFitJob({ C: 0.1, classWeight: "balanced" }));
    const continued = runFitJob({ ...job, continueFrom: { id: "logreg-first", continuation: first.continuation } });
    expect(continued.fit.warmStartFrom).toBe("logreg-first");
    continued.coef.forEach((c, j) => expect(c).toBeCloseTo(result.coef[j], 4));
  });

  it("reports progress by iteration, then announces the evaluation stage last", () => {
    const calls: number[] = [];
    runFitJob(job, (iteration) => calls.push(iteration));
    expect(calls.length).toBeGreaterThan(1);
    expect(calls[calls.length - 1]).toBe(EVALUATING);
    const iterations = calls.slice(0, -1);
    expect(iterations).toEqual([...iterations].sort((a, b) => a - b));
  });

  it("throws the fitter's parameter error for an invalid spec", () => {
    expect(() => runFitJob(smallFitJob({ C: -1 }))).toThrow(/C/);
  });
});
