/**
 * The shared core of every ranking metric, like scikit-learn's `_binary_clf_curve`: for each distinct
 * score t, in decreasing order, the number of true positives and false positives among the rows with
 * score >= t.
 */
import { MetricInputError } from "./errors";
import { sortScoresWithLabels } from "./sort-scores";
import { checkLabelsAndScores } from "./validate";

export interface BinaryClfCurve {
  /** The distinct scores, strictly decreasing. */
  thresholds: Float64Array;
  /** tps[i] = #{ rows : yTrue = 1 and yScore >= thresholds[i] } (non-decreasing, integer-valued). */
  tps: Uint32Array;
  /** fps[i] = #{ rows : yTrue = 0 and yScore >= thresholds[i] } (non-decreasing, integer-valued). */
  fps: Uint32Array;
  /** Number of positive rows (= last tps). */
  positives: number;
  /** Number of negative rows (= last fps). */
  negatives: number;
}

/**
 * Cumulative counts per distinct threshold, highest threshold first:
 * tps[i] = Σ_j [y_j = 1][s_j >= t_i], fps[i] = Σ_j [y_j = 0][s_j >= t_i].
 *
 * Inputs: yTrue labels exactly 0/1, yScore finite, same non-zero length (else MetricInputError).
 * Near-linear time (bucket sort, see sort-scores.ts).
 */
export function binaryClfCurve(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): BinaryClfCurve {
  checkLabelsAndScores(yTrue, yScore);
  const { scores, labels } = sortScoresWithLabels(yScore, yTrue);
  const n = scores.length;
  let distinct = n > 0 ? 1 : 0;
  for (let i = 1; i < n; i++) if (scores[i] !== scores[i - 1]) distinct++;
  const thresholds = new Float64Array(distinct);
  const tps = new Uint32Array(distinct);
  const fps = new Uint32Array(distinct);
  let m = 0;
  let tp = 0;
  for (let i = n - 1; i >= 0; i--) {
    tp += labels[i];
    if (i === 0 || scores[i - 1] !== scores[i]) {
      thresholds[m] = scores[i];
      tps[m] = tp;
      fps[m] = n - i - tp;
      m++;
    }
  }
  return { thresholds, tps, fps, positives: tp, negatives: n - tp };
}

/**
 * The same curve from rows already sorted by score, highest first (a sort shared with the order
 * bootstrap, see weighted-ranking.ts). Inputs are trusted: labels 0/1, finite scores, sorted.
 */
export function binaryClfCurveFromSorted(scoresDescending: Float64Array, labelsDescending: Uint8Array): BinaryClfCurve {
  const n = scoresDescending.length;
  let distinct = n > 0 ? 1 : 0;
  for (let k = 1; k < n; k++) if (scoresDescending[k] !== scoresDescending[k - 1]) distinct++;
  const thresholds = new Float64Array(distinct);
  const tps = new Uint32Array(distinct);
  const fps = new Uint32Array(distinct);
  let m = 0;
  let tp = 0;
  for (let k = 0; k < n; k++) {
    tp += labelsDescending[k];
    if (k === n - 1 || scoresDescending[k + 1] !== scoresDescending[k]) {
      thresholds[m] = scoresDescending[k] + 0; // -0 + 0 === +0, as binaryClfCurve
      tps[m] = tp;
      fps[m] = k + 1 - tp;
      m++;
    }
  }
  return { thresholds, tps, fps, positives: tp, negatives: n - tp };
}

/** Throws a MetricInputError unless the curve has at least one positive row. */
export function requirePositives(curve: Pick<BinaryClfCurve, "positives">, metric: string): void {
  if (curve.positives === 0) {
    throw new MetricInputError("yTrue", `${metric} is undefined: yTrue has no positive (1) labels`);
  }
}

/** Throws a MetricInputError unless the curve has both positive and negative rows. */
export function requireBothClasses(curve: Pick<BinaryClfCurve, "positives" | "negatives">, metric: string): void {
  if (curve.positives === 0 || curve.negatives === 0) {
    const only = curve.positives === 0 ? 0 : 1;
    throw new MetricInputError(
      "yTrue",
      `${metric} is undefined: only one class present in yTrue (every label is ${only})`,
    );
  }
}
