import {
  averagePrecisionFromCounts,
  bestFBetaFromCurve,
  fBeta,
  fBetaCurveFromPrCurve,
  precisionRecallCurveFromCounts,
  binaryClfCurve,
  brierScore,
  calibrationCurve,
  giniFromCounts,
  logLoss,
  rocAucFromCounts,
  rocCurveFromCounts,
  type BinaryClfCurve,
} from "../../metrics";

/** The operating metric: F-beta with beta = 0.3 weighs precision ≈ 11× more than recall. */
export const F_BETA = 0.3;

export interface SplitMetrics {
  rows: number;
  positives: number;
  averagePrecision: number;
  rocAuc: number;
  gini: number;
  /** Only for probabilistic scores (null for a raw baseline score). */
  logLoss: number | null;
  brier: number | null;
  /** The threshold maximising F0.3 and the precision / recall / F0.3 there. */
  bestThreshold: number;
  precision: number;
  recall: number;
  f03: number;
  /** Rows at or above the best threshold (notifications sent). */
  pushes: number;
}

export interface CurvePoint {
  threshold: number;
  precision: number;
  recall: number;
  f03: number;
  pushes: number;
}

export interface Curves {
  /** Downsampled PR / F0.3 curve, thresholds decreasing; always includes the best-F0.3 point. */
  pr: CurvePoint[];
  roc: { fpr: number; tpr: number; threshold: number }[];
  calibration: { probPred: number; probTrue: number; count: number }[] | null;
}

export interface Evaluation {
  metrics: SplitMetrics;
  curves: Curves;
}

/** Index (thresholds decreasing) of the best F0.3, through the metrics library; ties go to the highest threshold. */
function bestIndex(curve: BinaryClfCurve): number {
  const best = bestFBetaFromCurve(fBetaCurveFromPrCurve(precisionRecallCurveFromCounts(curve), F_BETA));
  return curve.thresholds.length - 1 - best.index;
}

/**
 * Picks ≈ `target` indices of a decreasing-threshold curve: half evenly in recall, half evenly in
 * log(pushes) so the high-precision, few-pushes end that F0.3 cares about stays detailed; the ends and
 * `keep` are always included.
 */
export function downsampleIndices(curve: BinaryClfCurve, target: number, keep: number[]): number[] {
  const m = curve.thresholds.length;
  if (m <= target) return Array.from({ length: m }, (_, i) => i);
  const chosen = new Set<number>([0, m - 1, ...keep]);
  const half = Math.floor(target / 2);
  let next = 0;
  for (let i = 0; i < m && next <= half; i++) {
    if (curve.tps[i] / curve.positives >= next / half) {
      chosen.add(i);
      next++;
    }
  }
  const maxLog = Math.log(curve.tps[m - 1] + curve.fps[m - 1]);
  next = 0;
  for (let i = 0; i < m && next <= half; i++) {
    if (Math.log(curve.tps[i] + curve.fps[i]) >= (next / half) * maxLog) {
      chosen.add(i);
      next++;
    }
  }
  return [...chosen].sort((a, b) => a - b);
}

export function curvePoint(curve: BinaryClfCurve, i: number): CurvePoint {
  const precision = curve.tps[i] / (curve.tps[i] + curve.fps[i]);
  const recall = curve.tps[i] / curve.positives;
  return { threshold: curve.thresholds[i], precision, recall, f03: fBeta(precision, recall, F_BETA), pushes: curve.tps[i] + curve.fps[i] };
}

/**
 * Metrics and chart curves of scores against labels (validation, or test once a model is selected).
 * `curve` may be passed when the caller already has binaryClfCurve(y, scores) (from a shared sort),
 * and `scoresDescending` (the scores of that sort, highest first) spares the calibration bins a sort.
 */
export function evaluateScores(
  y: ArrayLike<number>,
  scores: ArrayLike<number>,
  { probabilities }: { probabilities: boolean },
  curvePoints = 300,
  curve: BinaryClfCurve = binaryClfCurve(y, scores),
  scoresDescending?: ArrayLike<number>,
): Evaluation {
  const best = bestIndex(curve);
  const bestPoint = curvePoint(curve, best);
  const rocAuc = rocAucFromCounts(curve);
  const metrics: SplitMetrics = {
    rows: y.length,
    positives: curve.positives,
    averagePrecision: averagePrecisionFromCounts(curve),
    rocAuc,
    gini: giniFromCounts(curve),
    logLoss: probabilities ? logLoss(y, scores) : null,
    brier: probabilities ? brierScore(y, scores) : null,
    bestThreshold: bestPoint.threshold,
    precision: bestPoint.precision,
    recall: bestPoint.recall,
    f03: bestPoint.f03,
    pushes: bestPoint.pushes,
  };
  const pr = downsampleIndices(curve, curvePoints, [best]).map((i) => curvePoint(curve, i));
  const roc = rocCurveFromCounts(curve);
  const rocStep = Math.max(1, Math.ceil(roc.fpr.length / 200));
  const rocPoints: Curves["roc"] = [];
  for (let i = 0; i < roc.fpr.length; i += rocStep) rocPoints.push({ fpr: roc.fpr[i], tpr: roc.tpr[i], threshold: roc.thresholds[i] });
  const last = roc.fpr.length - 1;
  if ((last % rocStep) !== 0) rocPoints.push({ fpr: roc.fpr[last], tpr: roc.tpr[last], threshold: roc.thresholds[last] });
  let calibration: Curves["calibration"] = null;
  if (probabilities) {
    const cal = calibrationCurve(y, scores, 10, "quantile", scoresDescending);
    calibration = Array.from(cal.counts, (count, k) => ({ probPred: cal.probPred[k], probTrue: cal.probTrue[k], count }));
  }
  return { metrics, curves: { pr, roc: rocPoints, calibration } };
}
