/** Confusion counts at a score threshold. */
import { MetricInputError } from "./errors";
import { checkLabelsAndScores } from "./validate";

export interface ConfusionCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/**
 * Counts with prediction ŷ_i = [s_i >= threshold] (the convention of the precision–recall curve's
 * thresholds): tp = Σ [ŷ=1][y=1], fp = Σ [ŷ=1][y=0], tn = Σ [ŷ=0][y=0], fn = Σ [ŷ=0][y=1].
 * threshold may be ±Infinity (nobody / everybody pushed) but not NaN.
 */
export function confusionMatrixAt(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, threshold: number): ConfusionCounts {
  if (typeof threshold !== "number" || Number.isNaN(threshold)) {
    throw new MetricInputError("threshold", `threshold must be a number, got ${String(threshold)}`);
  }
  const positives = checkLabelsAndScores(yTrue, yScore);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yScore[i] >= threshold) {
      if (yTrue[i] === 1) tp++;
      else fp++;
    }
  }
  const negatives = yTrue.length - positives;
  return { tp, fp, tn: negatives - fp, fn: positives - tp };
}
