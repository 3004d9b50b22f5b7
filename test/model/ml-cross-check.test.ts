import LogisticRegression from "ml-logistic-regression";
import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { fitLogisticRegression, predictProba } from "../../lib/model/logistic-regression";
import { logisticData } from "./helpers";

/**
 * Independent cross-check against the `ml-logistic-regression` package (plain gradient ascent, no
 * penalty, no intercept — we append the ones column — and no probabilities in its API). On a small
 * well-conditioned, non-separable problem its fixed-step iteration converges to the same maximum-
 * likelihood solution as our unpenalised fit.
 */
describe("cross-check with ml-logistic-regression", () => {
  const rows = 200;
  const { X, y } = logisticData(rows, [1, -1, 0.5], 0.3, 11);

  // ml-logistic-regression: features with a trailing ones column, Y = column vector of class indices.
  const withOnes = new Matrix(rows, 4);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < 3; j++) withOnes.set(i, j, X.data[i * 3 + j]);
    withOnes.set(i, 3, 1);
  }
  const model = new LogisticRegression({ numSteps: 4000, learningRate: 5e-4 });
  model.train(withOnes, Matrix.columnVector(Array.from(y)));
  // classifiers[0] is trained on the target (class ≠ 0), i.e. on y itself: its weights are [w, b].
  const mlWeights = model.classifiers[0].weights!.to1DArray();

  const ours = fitLogisticRegression(X, y, { penalty: "none", tol: 1e-10 });
  const oursTheta = [...ours.coef, ours.intercept];

  it("finds the same coefficient direction", () => {
    const dot = oursTheta.reduce((s, v, k) => s + v * mlWeights[k], 0);
    const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    expect(dot / (norm(oursTheta) * norm(mlWeights))).toBeGreaterThan(0.999999);
  });

  it("converges to the same maximum-likelihood estimate", () => {
    for (let k = 0; k < 4; k++) expect(mlWeights[k]).toBeCloseTo(oursTheta[k], 5);
  });

  it("predicts the same classes and scores", () => {
    const p = predictProba(X, ours.coef, ours.intercept);
    const mlClasses = model.predict(withOnes);
    const mlScores = model.classifiers[0].testScores(withOnes);
    for (let i = 0; i < rows; i++) {
      expect(mlClasses[i]).toBe(p[i] >= 0.5 ? 1 : 0);
      expect(mlScores[i]).toBeCloseTo(p[i], 6);
    }
  });
});
