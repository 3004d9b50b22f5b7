/**
 * Input checks shared by every metric. Each throws a MetricInputError naming the argument, and the
 * index and value at fault.
 */
import { MetricInputError } from "./errors";

/** Throws unless `a` and `b` have the same length. */
export function checkSameLength(aName: string, a: ArrayLike<number>, bName: string, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new MetricInputError(bName, `${aName} and ${bName} must have the same length, got ${a.length} and ${b.length}`);
  }
}

/** Throws if `x` has no rows. */
export function checkNonEmpty(name: string, x: ArrayLike<number>): void {
  if (x.length === 0) throw new MetricInputError(name, `${name} must not be empty`);
}

/** Throws unless every label is exactly 0 or 1; returns the number of 1s. */
export function checkBinaryLabels(name: string, y: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v === 1) positives++;
    else if (v !== 0) throw new MetricInputError(name, `${name}[${i}] must be 0 or 1, got ${String(v)}`, i);
  }
  return positives;
}

/** Throws unless every value is a finite number (no NaN, no ±Infinity). */
export function checkFinite(name: string, x: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    // `v - v === 0` is false exactly for NaN, ±Infinity (and non-numbers that coerce to NaN).
    if (typeof v !== "number" || v - v !== 0) {
      throw new MetricInputError(name, `${name}[${i}] must be a finite number, got ${String(v)}`, i);
    }
  }
}

/** Throws unless every value is a number in [0, 1]. */
export function checkProbabilities(name: string, x: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
      throw new MetricInputError(name, `${name}[${i}] must be a probability in [0, 1], got ${String(v)}`, i);
    }
  }
}

/** The usual (labels, scores) pair: same length, non-empty, labels 0/1, scores finite. Returns the number of positives. */
export function checkLabelsAndScores(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  scoreName = "yScore",
): number {
  checkSameLength("yTrue", yTrue, scoreName, yScore);
  checkNonEmpty("yTrue", yTrue);
  const positives = checkBinaryLabels("yTrue", yTrue);
  checkFinite(scoreName, yScore);
  return positives;
}

/** Like checkLabelsAndScores, but the scores must be probabilities in [0, 1]. Returns the number of positives. */
export function checkLabelsAndProbabilities(yTrue: ArrayLike<number>, yProb: ArrayLike<number>): number {
  checkSameLength("yTrue", yTrue, "yProb", yProb);
  checkNonEmpty("yTrue", yTrue);
  const positives = checkBinaryLabels("yTrue", yTrue);
  checkProbabilities("yProb", yProb);
  return positives;
}
