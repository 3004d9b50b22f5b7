/**
 * Ranking metrics with integer row weights over rows already sorted by score (highest first): the
 * inner loop of the order bootstrap, where every replicate reuses one sort and only the weights (how
 * often each row's order was drawn) change. A row of weight w counts as w copies of that row, so the
 * results equal averagePrecision / rocAuc / best F-beta on the data with rows repeated (tested).
 */

export interface WeightedRankingMetrics {
  averagePrecision: number;
  rocAuc: number;
  /** Best F-beta over the distinct thresholds (ties → highest threshold). */
  bestFBeta: number;
  /** Precision / recall at that threshold. */
  precision: number;
  recall: number;
}

/**
 * @param order row indices sorted by score descending
 * @param scores scores (only used to find ties)
 * @param labels 0/1 per row
 * @param weights non-negative weight per row (multiplicity)
 */
export function weightedRankingMetrics(
  order: Uint32Array,
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  weights: ArrayLike<number>,
  beta: number,
): WeightedRankingMetrics {
  let positives = 0;
  let negatives = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (labels[i] === 1) positives += weights[i];
    else negatives += weights[i];
  }
  const b2 = beta * beta;
  let tp = 0;
  let fp = 0;
  let prevRecall = 0;
  let ap = 0;
  let auc = 0; // trapezoid in counts: Σ (fp_k − fp_{k−1}) · (tp_k + tp_{k−1}) / 2
  let prevTp = 0;
  let prevFp = 0;
  let best = { f: -1, precision: 0, recall: 0 };
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (labels[i] === 1) tp += weights[i];
    else fp += weights[i];
    const last = k === order.length - 1 || scores[order[k + 1]] !== scores[i];
    if (!last || tp + fp === 0) continue;
    const precision = tp / (tp + fp);
    const recall = positives > 0 ? tp / positives : 0;
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
    auc += ((fp - prevFp) * (tp + prevTp)) / 2;
    prevTp = tp;
    prevFp = fp;
    const denominator = b2 * precision + recall;
    const f = denominator === 0 ? 0 : ((1 + b2) * precision * recall) / denominator;
    if (f > best.f) best = { f, precision, recall };
  }
  return {
    averagePrecision: positives > 0 ? ap : NaN,
    rocAuc: positives > 0 && negatives > 0 ? auc / (positives * negatives) : NaN,
    bestFBeta: best.f,
    precision: best.precision,
    recall: best.recall,
  };
}

export { indicesByScoreDescending as orderByScoreDescending } from "./sort-index";
