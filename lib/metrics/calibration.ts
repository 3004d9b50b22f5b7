/** Reliability diagram bins, as scikit-learn 1.2's `calibration_curve` (strategy "uniform" or "quantile"). */
import { MetricInputError } from "./errors";
import { checkLabelsAndProbabilities } from "./validate";

export interface CalibrationCurve {
  /** Per non-empty bin: fraction of positives, Σ y / count. */
  probTrue: Float64Array;
  /** Per non-empty bin: mean predicted probability, Σ p / count. */
  probPred: Float64Array;
  /** Per non-empty bin: number of rows. */
  counts: Float64Array;
  /** Per non-empty bin: its index in 0 … nBins − 1. */
  bins: Int32Array;
  /**
   * The nBins + 1 bin edges. Uniform: edges[i] = i · (1/nBins), edges[nBins] = 1 (numpy.linspace).
   * Quantile: numpy.percentile of yProb at those levels (linear interpolation), so each bin holds about
   * the same number of rows; equal edges (many tied scores) leave some bins empty.
   */
  edges: Float64Array;
}

export type CalibrationStrategy = "uniform" | "quantile";

/**
 * numpy.percentile(values, linspace(0, 1, nBins + 1) · 100) with the default "linear" method, step for
 * step: the level is multiplied by 100 and divided again, the virtual index is (n − 1)·q, and the
 * interpolation is numpy's _lerp (from the upper neighbour when the fraction is ≥ 0.5).
 */
export function quantileEdges(values: ArrayLike<number>, nBins: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  return quantileEdgesOfSorted((i) => sorted[i], sorted.length, nBins);
}

/**
 * quantileEdges from values already sorted highest first (a sort shared with the ranking metrics):
 * the same edges bit for bit, zeros included (the native sort puts −0 before +0; a shared sort need
 * not, so a zero read at an edge takes its sign from its place in the run of zeros).
 */
export function quantileEdgesOfDescending(descending: ArrayLike<number>, nBins: number): Float64Array {
  const n = descending.length;
  let zeroStart = -1;
  let negativeZeros = 0;
  return quantileEdgesOfSorted((i) => {
    const v = descending[n - 1 - i];
    if (v !== 0) return v;
    if (zeroStart < 0) {
      // The run of zeros around ascending position i, and how many of them are −0.
      let lo = i;
      let hi = i;
      while (lo > 0 && descending[n - lo] === 0) lo--;
      while (hi + 1 < n && descending[n - 2 - hi] === 0) hi++;
      for (let j = lo; j <= hi; j++) if (Object.is(descending[n - 1 - j], -0)) negativeZeros++;
      zeroStart = lo;
    }
    return i - zeroStart < negativeZeros ? -0 : 0;
  }, n, nBins);
}

function quantileEdgesOfSorted(sorted: (i: number) => number, n: number, nBins: number): Float64Array {
  const edges = new Float64Array(nBins + 1);
  const step = 1 / nBins;
  for (let i = 0; i <= nBins; i++) {
    const q = ((i === nBins ? 1 : i * step) * 100) / 100;
    const virtual = (n - 1) * q;
    if (virtual >= n - 1) {
      edges[i] = sorted(n - 1);
      continue;
    }
    const previous = Math.max(0, Math.floor(virtual));
    const gamma = virtual - previous;
    const a = sorted(previous);
    const b = sorted(previous + 1);
    const diff = b - a;
    edges[i] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  }
  return edges;
}

/**
 * Bins over [0, 1] (uniform) or at the quantiles of yProb (quantile): row i goes to bin b = #{ j ∈ 1 … nBins−1 : edges[j] < p_i } (numpy
 * searchsorted, side "left": a probability equal to an inner edge belongs to the bin below it; 0 and
 * 1 go to the first and last bins). For each non-empty bin: probTrue = Σ y / count,
 * probPred = Σ p / count (sums in row order, as numpy.bincount). Empty bins are left out.
 * yProb must lie in [0, 1]; nBins must be an integer ≥ 1 (default 5, as scikit-learn).
 */
export function calibrationCurve(
  yTrue: ArrayLike<number>,
  yProb: ArrayLike<number>,
  nBins = 5,
  strategy: CalibrationStrategy = "uniform",
  /** yProb sorted highest first, when the caller already has it (quantile bins then need no sort of their own). */
  yProbDescending?: ArrayLike<number>,
): CalibrationCurve {
  if (!(Number.isInteger(nBins) && nBins >= 1)) {
    throw new MetricInputError("nBins", `nBins must be an integer >= 1, got ${String(nBins)}`);
  }
  checkLabelsAndProbabilities(yTrue, yProb);
  let edges: Float64Array;
  if (strategy === "quantile") {
    if (yProb.length === 0) throw new MetricInputError("yProb", "quantile bins need at least one probability");
    edges = yProbDescending ? quantileEdgesOfDescending(yProbDescending, nBins) : quantileEdges(yProb, nBins);
  } else {
    edges = new Float64Array(nBins + 1);
    const step = 1 / nBins;
    for (let i = 0; i < nBins; i++) edges[i] = i * step;
    edges[nBins] = 1;
  }

  const sumProb = new Float64Array(nBins);
  const sumTrue = new Float64Array(nBins);
  const count = new Float64Array(nBins);
  for (let i = 0; i < yTrue.length; i++) {
    const p = yProb[i];
    // Binary search for the number of inner edges edges[1 … nBins−1] strictly below p.
    let lo = 1;
    let hi = nBins;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid] < p) lo = mid + 1;
      else hi = mid;
    }
    const b = lo - 1;
    sumProb[b] += p;
    sumTrue[b] += yTrue[i];
    count[b]++;
  }

  let nonEmpty = 0;
  for (let b = 0; b < nBins; b++) if (count[b] > 0) nonEmpty++;
  const probTrue = new Float64Array(nonEmpty);
  const probPred = new Float64Array(nonEmpty);
  const counts = new Float64Array(nonEmpty);
  const bins = new Int32Array(nonEmpty);
  for (let b = 0, j = 0; b < nBins; b++) {
    if (count[b] === 0) continue;
    probTrue[j] = sumTrue[b] / count[b];
    probPred[j] = sumProb[b] / count[b];
    counts[j] = count[b];
    bins[j] = b;
    j++;
  }
  return { probTrue, probPred, counts, bins, edges };
}
