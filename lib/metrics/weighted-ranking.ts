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

/**
 * Rows laid out once in score order for repeated group-weighted passes. Reading labels and weights
 * through `order[k]` is a random memory access per row, which dominated a bootstrap replicate. Copying
 * labels, group ids and tie boundaries into score order once lets every replicate stream through small
 * contiguous arrays (figures: bench/README.md, "Designs tried").
 */
export interface GroupedRanking {
  /** The k-th highest score. */
  scores: Float64Array;
  /** Label of the k-th highest-scored row. */
  labels: Uint8Array;
  /** Group (order) index of the k-th highest-scored row. */
  groups: Uint32Array;
  /** 1 where the k-th row is the last of its run of tied scores (a threshold of the curve). */
  thresholdEnds: Uint8Array;
  /** Positive and negative rows per group, so totals need no extra pass over rows. */
  groupPositives: Float64Array;
  groupNegatives: Float64Array;
}

export function groupedRanking(order: Uint32Array, scores: ArrayLike<number>, labels: ArrayLike<number>, group: Uint32Array, groupCount: number): GroupedRanking {
  const n = order.length;
  const out: GroupedRanking = {
    scores: new Float64Array(n),
    labels: new Uint8Array(n),
    groups: new Uint32Array(n),
    thresholdEnds: new Uint8Array(n),
    groupPositives: new Float64Array(groupCount),
    groupNegatives: new Float64Array(groupCount),
  };
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const positive = labels[i] === 1;
    out.scores[k] = scores[i];
    out.labels[k] = positive ? 1 : 0;
    out.groups[k] = group[i];
    out.thresholdEnds[k] = k === n - 1 || scores[order[k + 1]] !== scores[i] ? 1 : 0;
    if (positive) out.groupPositives[group[i]]++;
    else out.groupNegatives[group[i]]++;
  }
  return out;
}

/**
 * weightedRankingMetrics where every row of group g has weight `groupWeights[g]` (the order
 * bootstrap: how often the order was drawn). Same arithmetic in the same order, so the results are
 * identical to weightedRankingMetrics with the expanded row weights (tested).
 */
export function groupWeightedRankingMetrics(ranking: GroupedRanking, groupWeights: Float64Array, beta: number): WeightedRankingMetrics;
export function groupWeightedRankingMetrics(ranking: GroupedRanking, groupWeights: Float64Array, beta: number, cutoff: number): WeightedRankingMetrics & { atCutoff: CutoffCounts };
/**
 * With `cutoff` (rows at or above a fixed threshold: rankingCutoff), also the weighted counts at that
 * threshold, so precision / recall / F-beta can be taken at a threshold fixed beforehand instead of
 * the best one of each replicate.
 */
export function groupWeightedRankingMetrics(ranking: GroupedRanking, groupWeights: Float64Array, beta: number, cutoff = -1): WeightedRankingMetrics & { atCutoff?: CutoffCounts } {
  const { labels, groups, thresholdEnds, groupPositives, groupNegatives } = ranking;
  let positives = 0;
  let negatives = 0;
  for (let g = 0; g < groupWeights.length; g++) {
    positives += groupWeights[g] * groupPositives[g];
    negatives += groupWeights[g] * groupNegatives[g];
  }
  const b2 = beta * beta;
  let tp = 0;
  let fp = 0;
  let prevRecall = 0;
  let ap = 0;
  let auc = 0;
  let prevTp = 0;
  let prevFp = 0;
  let bestF = -1;
  let bestPrecision = 0;
  let bestRecall = 0;
  const n = labels.length;
  // The pushed rows are the first `cutoff` of the ranking: a short separate pass keeps the main loop as it was.
  let tpAt = 0;
  let fpAt = 0;
  for (let k = 0; k < cutoff; k++) {
    const w = groupWeights[groups[k]];
    const positive = w * labels[k];
    tpAt += positive;
    fpAt += w - positive;
  }
  // Same arithmetic as weightedRankingMetrics, arranged for a branch predictor (it halved a
  // replicate's time, bench/README.md): labels and weights enter by multiplication (exact for
  // integer weights), and a threshold that adds no positive skips the AP and F updates, whose terms
  // there are exactly 0 (recall unchanged) and below the best F (precision lower) respectively.
  for (let k = 0; k < n; k++) {
    const w = groupWeights[groups[k]];
    const positive = w * labels[k];
    tp += positive;
    fp += w - positive;
    if (thresholdEnds[k] === 0) continue;
    auc += ((fp - prevFp) * (tp + prevTp)) / 2;
    prevFp = fp;
    if (tp === prevTp) continue;
    prevTp = tp;
    const precision = tp / (tp + fp);
    const recall = positives > 0 ? tp / positives : 0;
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
    const denominator = b2 * precision + recall;
    const f = denominator === 0 ? 0 : ((1 + b2) * precision * recall) / denominator;
    if (f > bestF) {
      bestF = f;
      bestPrecision = precision;
      bestRecall = recall;
    }
  }
  if (bestF < 0 && tp + fp > 0) bestF = 0; // only negatives drawn: F is 0 at every threshold, as weightedRankingMetrics reports
  const metrics = {
    averagePrecision: positives > 0 ? ap : NaN,
    rocAuc: positives > 0 && negatives > 0 ? auc / (positives * negatives) : NaN,
    bestFBeta: bestF,
    precision: bestPrecision,
    recall: bestRecall,
  };
  return cutoff < 0 ? metrics : { ...metrics, atCutoff: { tp: tpAt, fp: fpAt, positives } };
}

/** Weighted true and false positives among the rows at or above a fixed threshold, and all positives. */
export interface CutoffCounts {
  tp: number;
  fp: number;
  positives: number;
}

/** Rows of a ranking (scores descending) with score ≥ threshold: the pushes at that threshold. */
export function rankingCutoff(ranking: GroupedRanking, threshold: number): number {
  const { scores } = ranking;
  let lo = 0;
  let hi = scores.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (scores[mid] >= threshold) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
