/** Precision–recall curve, as scikit-learn 1.2's `precision_recall_curve`. */
import { binaryClfCurve, requirePositives, type BinaryClfCurve } from "./binary-clf-curve";

export interface PrecisionRecallCurve {
  /** precision[i] = TP/(TP+FP) at thresholds[i]; one extra final entry, 1. Length m + 1. */
  precision: Float64Array;
  /** recall[i] = TP/P at thresholds[i] (non-increasing); one extra final entry, 0. Length m + 1. */
  recall: Float64Array;
  /** The m distinct scores, increasing. Row predicted positive iff score >= threshold. */
  thresholds: Float64Array;
}

/**
 * Precision P(t) = TP(t)/(TP(t)+FP(t)) and recall R(t) = TP(t)/P for every distinct score t, with
 * thresholds increasing and a final (P = 1, R = 0) point that has no threshold — exactly as
 * scikit-learn 1.2.1. Since 1.1 (scikit-learn PR #23214) the curve keeps every threshold: it is no
 * longer truncated (`last_ind`) once full recall is reached, and neither is this one. Throws
 * MetricInputError when yTrue has no positives (where scikit-learn would warn and set recall to 1).
 */
export function precisionRecallCurve(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): PrecisionRecallCurve {
  return precisionRecallCurveFromCounts(binaryClfCurve(yTrue, yScore));
}

/** precisionRecallCurve from precomputed cumulative counts (see binaryClfCurve). */
export function precisionRecallCurveFromCounts(curve: BinaryClfCurve): PrecisionRecallCurve {
  requirePositives(curve, "The precision-recall curve");
  const { tps, fps } = curve;
  const m = tps.length;
  const totalPositives = tps[m - 1];
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thresholds = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const i = m - 1 - j;
    precision[j] = tps[i] / (tps[i] + fps[i]); // tps + fps >= 1: every threshold is some row's score
    recall[j] = tps[i] / totalPositives;
    thresholds[j] = curve.thresholds[i];
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds };
}
