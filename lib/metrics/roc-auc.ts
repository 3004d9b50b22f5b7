/** Area under the ROC curve, as scikit-learn's `roc_auc_score`, and the Gini coefficient. */
import { binaryClfCurve, requireBothClasses, type BinaryClfCurve } from "./binary-clf-curve";

/**
 * ROC-AUC: the trapezoidal area under the ROC curve over the distinct thresholds,
 * AUC = Σ_i (FP_i − FP_{i−1}) · (TP_i + TP_{i−1}) / (2 · N · P), with FP_{−1} = TP_{−1} = 0.
 * Tied scores form one diagonal step, so a tie counts ½ (constant scores give 0.5). The sum is done
 * in integers, exactly (for fewer than ~10^8 rows), so the result is correctly rounded and equals
 * scikit-learn's to ~1e-16. Throws MetricInputError when yTrue holds a single class (as
 * scikit-learn raises).
 */
export function rocAuc(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): number {
  return rocAucFromCounts(binaryClfCurve(yTrue, yScore));
}

/** rocAuc from precomputed cumulative counts (see binaryClfCurve). */
export function rocAucFromCounts(curve: BinaryClfCurve): number {
  requireBothClasses(curve, "ROC-AUC");
  const { tps, fps } = curve;
  let twiceArea = 0;
  let previousFp = 0;
  let previousTp = 0;
  for (let i = 0; i < tps.length; i++) {
    twiceArea += (fps[i] - previousFp) * (tps[i] + previousTp);
    previousFp = fps[i];
    previousTp = tps[i];
  }
  return twiceArea / (2 * curve.negatives * curve.positives);
}

/** Gini coefficient (accuracy ratio) = 2 · AUC − 1. Same errors as rocAuc. */
export function gini(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): number {
  return 2 * rocAuc(yTrue, yScore) - 1;
}

/** Gini coefficient from precomputed cumulative counts: 2 · AUC − 1. */
export function giniFromCounts(curve: BinaryClfCurve): number {
  return 2 * rocAucFromCounts(curve) - 1;
}
