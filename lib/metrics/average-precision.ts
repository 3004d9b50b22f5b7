/** Average precision, as scikit-learn's `average_precision_score` (step-wise, not trapezoidal). */
import { binaryClfCurve, requirePositives, type BinaryClfCurve } from "./binary-clf-curve";
import { CompensatedSum } from "./compensated-sum";
import type { PrecisionRecallCurve } from "./pr-curve";

/**
 * AP = Σ_n (R_n − R_{n−1}) · P_n over the thresholds in decreasing order (R_{−1} = 0): the step-wise
 * integral of the precision–recall curve, with no interpolation. Constant scores give AP = the
 * positive rate. Throws MetricInputError when yTrue has no positives.
 */
export function averagePrecision(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): number {
  return averagePrecisionFromCounts(binaryClfCurve(yTrue, yScore));
}

/**
 * averagePrecision from precomputed cumulative counts (see binaryClfCurve), without building the
 * curve: the same terms (R_i − R_{i−1}) · P_i with R_i = TP_i/P and P_i = TP_i/(TP_i + FP_i).
 */
export function averagePrecisionFromCounts(curve: BinaryClfCurve): number {
  requirePositives(curve, "Average precision");
  const { tps, fps } = curve;
  const positives = tps[tps.length - 1];
  const sum = new CompensatedSum();
  let previousRecall = 0;
  for (let i = 0; i < tps.length; i++) {
    const recall = tps[i] / positives;
    if (recall !== previousRecall) sum.add((recall - previousRecall) * (tps[i] / (tps[i] + fps[i])));
    previousRecall = recall;
  }
  return sum.value;
}

/** averagePrecision from a precision–recall curve: −Σ_i (recall[i+1] − recall[i]) · precision[i]. */
export function averagePrecisionFromPrCurve(pr: PrecisionRecallCurve): number {
  const { precision, recall } = pr;
  const sum = new CompensatedSum();
  for (let i = 0; i + 1 < recall.length; i++) sum.add((recall[i + 1] - recall[i]) * precision[i]);
  return -sum.value;
}
