/** Brier score, as scikit-learn's `brier_score_loss`. */
import { CompensatedSum } from "./compensated-sum";
import { checkLabelsAndProbabilities } from "./validate";

/**
 * Brier score = (1/n) Σ_i (y_i − p_i)²: the mean squared error of the predicted probabilities
 * (0 is perfect). yProb must lie in [0, 1] (MetricInputError otherwise, as scikit-learn raises).
 */
export function brierScore(yTrue: ArrayLike<number>, yProb: ArrayLike<number>): number {
  checkLabelsAndProbabilities(yTrue, yProb);
  const sum = new CompensatedSum();
  for (let i = 0; i < yTrue.length; i++) {
    const d = yTrue[i] - yProb[i];
    sum.add(d * d);
  }
  return sum.value / yTrue.length;
}
