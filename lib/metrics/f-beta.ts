/** F-beta score, its curve over every threshold, and the threshold that maximises it. */
import { MetricInputError } from "./errors";
import { precisionRecallCurve, type PrecisionRecallCurve } from "./pr-curve";

function checkBeta(beta: number): void {
  if (!(typeof beta === "number" && beta > 0 && beta < Infinity)) {
    throw new MetricInputError("beta", `beta must be a finite number > 0, got ${String(beta)}`);
  }
}

/**
 * F_β = (1 + β²) · P · R / (β² · P + R), and 0 when P = R = 0. β < 1 weighs precision more
 * (pushlab operates at β = 0.3). Evaluated as ((1 + β²) · P) · R / (β² · P + R) with β² = β · β,
 * the same floating-point steps as the numpy reference, so curves agree bit for bit.
 */
export function fBeta(precision: number, recall: number, beta: number): number {
  checkBeta(beta);
  if (!(precision >= 0 && precision <= 1)) {
    throw new MetricInputError("precision", `precision must be in [0, 1], got ${String(precision)}`);
  }
  if (!(recall >= 0 && recall <= 1)) {
    throw new MetricInputError("recall", `recall must be in [0, 1], got ${String(recall)}`);
  }
  return fBetaUnchecked(precision, recall, beta * beta);
}

function fBetaUnchecked(precision: number, recall: number, betaSquared: number): number {
  const denominator = betaSquared * precision + recall;
  return denominator === 0 ? 0 : ((1 + betaSquared) * precision * recall) / denominator;
}

export interface FBetaCurve {
  /** The distinct scores, increasing (the precision–recall curve's thresholds). */
  thresholds: Float64Array;
  /** Precision at each threshold (score >= threshold predicted positive). */
  precision: Float64Array;
  /** Recall at each threshold. */
  recall: Float64Array;
  /** F_β at each threshold. */
  fBeta: Float64Array;
}

/**
 * F_β(t) for every distinct score t (increasing), from the precision–recall curve without its final
 * threshold-less (P = 1, R = 0) point. Throws MetricInputError when yTrue has no positives.
 */
export function fBetaCurve(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, beta: number): FBetaCurve {
  checkBeta(beta);
  return fBetaCurveFromPrCurve(precisionRecallCurve(yTrue, yScore), beta);
}

/** fBetaCurve from a precision–recall curve. */
export function fBetaCurveFromPrCurve(pr: PrecisionRecallCurve, beta: number): FBetaCurve {
  checkBeta(beta);
  const m = pr.thresholds.length;
  const betaSquared = beta * beta;
  const precision = pr.precision.slice(0, m);
  const recall = pr.recall.slice(0, m);
  const f = new Float64Array(m);
  for (let i = 0; i < m; i++) f[i] = fBetaUnchecked(precision[i], recall[i], betaSquared);
  return { thresholds: pr.thresholds.slice(), precision, recall, fBeta: f };
}

export interface BestFBeta {
  /** The threshold maximising F_β (predict positive iff score >= threshold). */
  threshold: number;
  precision: number;
  recall: number;
  fBeta: number;
  /** Index into the (increasing) thresholds of the curve. */
  index: number;
}

/**
 * The threshold t* = argmax_t F_β(t) over every distinct score. Ties in F_β (exactly equal values)
 * go to the highest threshold, i.e. the fewest pushes. Throws MetricInputError when yTrue has no
 * positives.
 */
export function bestFBetaThreshold(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, beta: number): BestFBeta {
  return bestFBetaFromCurve(fBetaCurve(yTrue, yScore, beta));
}

/** bestFBetaThreshold from an F_β curve: last index of the maximum (highest threshold wins ties). */
export function bestFBetaFromCurve(curve: FBetaCurve): BestFBeta {
  const m = curve.fBeta.length;
  if (m === 0) throw new MetricInputError("curve", "the F-beta curve is empty");
  let best = m - 1;
  for (let i = m - 2; i >= 0; i--) if (curve.fBeta[i] > curve.fBeta[best]) best = i;
  return {
    threshold: curve.thresholds[best],
    precision: curve.precision[best],
    recall: curve.recall[best],
    fBeta: curve.fBeta[best],
    index: best,
  };
}
