/** Receiver operating characteristic curve, as scikit-learn 1.2's `roc_curve`. */
import { binaryClfCurve, requireBothClasses, type BinaryClfCurve } from "./binary-clf-curve";

export interface RocCurve {
  /** False positive rate FP(t)/N, non-decreasing from 0 to 1. */
  fpr: Float64Array;
  /** True positive rate TP(t)/P, non-decreasing from 0 to 1. */
  tpr: Float64Array;
  /** Decreasing; thresholds[0] = max score + 1 (the (0, 0) point, as scikit-learn 1.2). */
  thresholds: Float64Array;
}

export interface RocCurveOptions {
  /**
   * Drop points collinear with their neighbours (scikit-learn's `drop_intermediate`, default true):
   * with more than two distinct thresholds, keep the first and last point and every point where the
   * second difference of FP or of TP is non-zero. The area under the curve is unchanged.
   */
  dropIntermediate?: boolean;
}

/**
 * FPR(t) = FP(t)/N and TPR(t) = TP(t)/P for the distinct scores t in decreasing order, preceded by a
 * (0, 0) point whose threshold is max score + 1 (scikit-learn 1.2; from 1.3 it is +Infinity).
 * Throws MetricInputError when yTrue holds a single class (scikit-learn would warn and return NaN).
 */
export function rocCurve(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: RocCurveOptions = {}): RocCurve {
  return rocCurveFromCounts(binaryClfCurve(yTrue, yScore), options);
}

/** rocCurve from precomputed cumulative counts (see binaryClfCurve). */
export function rocCurveFromCounts(curve: BinaryClfCurve, options: RocCurveOptions = {}): RocCurve {
  requireBothClasses(curve, "The ROC curve");
  const { tps, fps, thresholds } = curve;
  const m = tps.length;
  const keep = new Uint8Array(m).fill(1);
  if ((options.dropIntermediate ?? true) && m > 2) {
    for (let i = 1; i < m - 1; i++) {
      const fpsCorner = fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0;
      const tpsCorner = tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0;
      keep[i] = fpsCorner || tpsCorner ? 1 : 0;
    }
  }
  let kept = 0;
  for (let i = 0; i < m; i++) kept += keep[i];
  const fpr = new Float64Array(kept + 1);
  const tpr = new Float64Array(kept + 1);
  const outThresholds = new Float64Array(kept + 1);
  outThresholds[0] = thresholds[0] + 1;
  const negatives = fps[m - 1];
  const positives = tps[m - 1];
  for (let i = 0, j = 1; i < m; i++) {
    if (!keep[i]) continue;
    fpr[j] = fps[i] / negatives;
    tpr[j] = tps[i] / positives;
    outThresholds[j] = thresholds[i];
    j++;
  }
  return { fpr, tpr, thresholds: outThresholds };
}
