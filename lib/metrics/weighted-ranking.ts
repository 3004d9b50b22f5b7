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
import { sortScoresWithPayload } from "./sort-scores";

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
 * groupedRanking without a row index: each row's label and group travel through the sort with its
 * score (the bucket sort of sort-scores.ts), so every array is written in score order and nothing is
 * read out of row order (figures: bench/README.md, "Post-fit work"). The scores keep their signs
 * (−0 after +0, as a native sort then reversed would leave them); ties keep no particular order,
 * which no metric depends on. Needs fewer than 2^31 groups.
 */
export function groupedRankingByScore(scores: ArrayLike<number>, labels: ArrayLike<number>, group: Uint32Array, groupCount: number): GroupedRanking {
  if (groupCount > 0x7fffffff) throw new RangeError(`at most 2^31 − 1 groups, got ${groupCount}`);
  const n = scores.length;
  const payload = new Uint32Array(n);
  let negativeZeros = 0;
  for (let i = 0; i < n; i++) {
    payload[i] = (group[i] | (labels[i] === 1 ? 0x80000000 : 0)) >>> 0;
    if (scores[i] === 0 && 1 / scores[i] < 0) negativeZeros++;
  }
  // Ascending from the sort; laid out highest first.
  const ascending = sortScoresWithPayload(scores, payload);
  const out: GroupedRanking = {
    scores: new Float64Array(n),
    labels: new Uint8Array(n),
    groups: new Uint32Array(n),
    thresholdEnds: new Uint8Array(n),
    groupPositives: new Float64Array(groupCount),
    groupNegatives: new Float64Array(groupCount),
  };
  const sortedPayload = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    out.scores[k] = ascending.scores[n - 1 - k];
    sortedPayload[k] = ascending.payload[n - 1 - k];
  }
  if (negativeZeros > 0) {
    let end = n;
    while (end > 0 && out.scores[end - 1] !== 0) end--;
    for (let k = end - negativeZeros; k < end; k++) out.scores[k] = -0;
  }
  const sortedScores = out.scores;
  for (let k = 0; k < n; k++) {
    const p = sortedPayload[k];
    const g = p & 0x7fffffff;
    const positive = p >>> 31;
    out.labels[k] = positive;
    out.groups[k] = g;
    out.thresholdEnds[k] = k === n - 1 || sortedScores[k + 1] !== sortedScores[k] ? 1 : 0;
    if (positive === 1) out.groupPositives[g]++;
    else out.groupNegatives[g]++;
  }
  return out;
}

/**
 * A ranking rearranged for the replicate pass: the negatives' and the positives' group ids, each in
 * score order, and the "stops" where something other than a negative-only run happens: a tie group
 * holding a positive (where AP and F-beta move) and, when asked, the cutoff row. Between two stops
 * tp is constant, so a run of negatives only needs the sum of its weights; with integer weights
 * every count and the ROC area (in halves) is an exact integer, so summing in another order gives
 * the same numbers as the row-by-row pass, bit for bit (tested against it).
 */
interface ReplicatePlan {
  negativeGroups: Uint32Array;
  positiveGroups: Uint32Array;
  /** Per stop: negatives before its tie group end here (index into negativeGroups). */
  runEnd: Uint32Array;
  /** Per stop: its own tie group's negatives end here (= runEnd for the cutoff stop). */
  ownNegativesEnd: Uint32Array;
  /** Per stop: its own tie group's positives end here (index into positiveGroups). */
  ownPositivesEnd: Uint32Array;
  /** Index of the cutoff stop, or −1 (no cutoff, or one inside a tie group: counted row by row). */
  cutoffStop: number;
}

const plans = new WeakMap<GroupedRanking, Map<number, ReplicatePlan>>();

function replicatePlan(ranking: GroupedRanking, cutoff: number): ReplicatePlan {
  let byCutoff = plans.get(ranking);
  if (!byCutoff) plans.set(ranking, (byCutoff = new Map()));
  let plan = byCutoff.get(cutoff);
  if (!plan) byCutoff.set(cutoff, (plan = buildReplicatePlan(ranking, cutoff)));
  return plan;
}

function buildReplicatePlan(ranking: GroupedRanking, cutoff: number): ReplicatePlan {
  const { labels, groups, thresholdEnds } = ranking;
  const n = labels.length;
  let positives = 0;
  for (let k = 0; k < n; k++) positives += labels[k];
  const negativeGroups = new Uint32Array(n - positives);
  const positiveGroups = new Uint32Array(positives);
  // At most one stop per positive, plus the cutoff.
  const runEnd = new Uint32Array(positives + 1);
  const ownNegativesEnd = new Uint32Array(positives + 1);
  const ownPositivesEnd = new Uint32Array(positives + 1);
  const cutoffAtBoundary = cutoff >= 0 && cutoff <= n && (cutoff === 0 || cutoff === n || thresholdEnds[cutoff - 1] === 1);
  let cutoffStop = -1;
  let stops = 0;
  let negative = 0;
  let positive = 0;
  let groupStart = 0;
  for (let k = 0; k < n; k++) {
    if (k === groupStart && cutoffAtBoundary && k === cutoff) {
      cutoffStop = stops;
      runEnd[stops] = ownNegativesEnd[stops] = negative;
      ownPositivesEnd[stops++] = positive;
    }
    if (labels[k] === 1) positiveGroups[positive++] = groups[k];
    if (thresholdEnds[k] === 0) continue;
    // The tie group [groupStart, k]: its negatives go after the run before it.
    const negativesBefore = negative;
    let hasPositive = false;
    for (let j = groupStart; j <= k; j++) {
      if (labels[j] === 1) hasPositive = true;
      else negativeGroups[negative++] = groups[j];
    }
    if (hasPositive) {
      runEnd[stops] = negativesBefore;
      ownNegativesEnd[stops] = negative;
      ownPositivesEnd[stops++] = positive;
    }
    groupStart = k + 1;
  }
  if (cutoffAtBoundary && cutoff === n) {
    cutoffStop = stops;
    runEnd[stops] = ownNegativesEnd[stops] = negative;
    ownPositivesEnd[stops++] = positive;
  }
  return {
    negativeGroups,
    positiveGroups,
    runEnd: runEnd.subarray(0, stops),
    ownNegativesEnd: ownNegativesEnd.subarray(0, stops),
    ownPositivesEnd: ownPositivesEnd.subarray(0, stops),
    cutoffStop,
  };
}

/** Σ weights[ids[k]] for k in [from, to): exact for integer weights, so two accumulators may split it. */
function weightSum(weights: Float64Array, ids: Uint32Array, from: number, to: number): number {
  let a = 0;
  let b = 0;
  let k = from;
  for (; k + 1 < to; k += 2) {
    a += weights[ids[k]];
    b += weights[ids[k + 1]];
  }
  if (k < to) a += weights[ids[k]];
  return a + b;
}

/**
 * weightedRankingMetrics where every row of group g has weight `groupWeights[g]` (the order
 * bootstrap: how often the order was drawn; the weights must be integers). The same numbers as
 * weightedRankingMetrics with the expanded row weights (tested): counts and the ROC area are exact
 * integers, and AP and F-beta are computed with the same operations in the same order, at the same
 * thresholds.
 */
export function groupWeightedRankingMetrics(ranking: GroupedRanking, groupWeights: Float64Array, beta: number): WeightedRankingMetrics;
export function groupWeightedRankingMetrics(ranking: GroupedRanking, groupWeights: Float64Array, beta: number, cutoff: number): WeightedRankingMetrics & { atCutoff: CutoffCounts };
/**
 * With `cutoff` (rows at or above a fixed threshold: rankingCutoff), also the weighted counts at that
 * threshold, so precision / recall / F-beta can be taken at a threshold fixed beforehand instead of
 * the best one of each replicate.
 */
export function groupWeightedRankingMetrics(ranking: GroupedRanking, groupWeights: Float64Array, beta: number, cutoff = -1): WeightedRankingMetrics & { atCutoff?: CutoffCounts } {
  const { groupPositives, groupNegatives } = ranking;
  const plan = replicatePlan(ranking, cutoff);
  const { negativeGroups, positiveGroups, runEnd, ownNegativesEnd, ownPositivesEnd, cutoffStop } = plan;
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
  let twiceAuc = 0; // Σ over thresholds of Δfp · (tp + previous tp): an exact integer
  let bestF = -1;
  let bestPrecision = 0;
  let bestRecall = 0;
  let tpAt = 0;
  let fpAt = 0;
  let negative = 0;
  let positive = 0;
  const stops = runEnd.length;
  for (let s = 0; s < stops; s++) {
    const run = weightSum(groupWeights, negativeGroups, negative, runEnd[s]);
    twiceAuc += 2 * tp * run;
    fp += run;
    if (s === cutoffStop) {
      tpAt = tp;
      fpAt = fp;
      negative = runEnd[s];
      continue;
    }
    const ownNegative = weightSum(groupWeights, negativeGroups, runEnd[s], ownNegativesEnd[s]);
    const ownPositive = weightSum(groupWeights, positiveGroups, positive, ownPositivesEnd[s]);
    negative = ownNegativesEnd[s];
    positive = ownPositivesEnd[s];
    twiceAuc += ownNegative * (2 * tp + ownPositive);
    fp += ownNegative;
    if (ownPositive === 0) continue; // no positive drawn here: recall unchanged, AP and F untouched
    tp += ownPositive;
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
  const rest = weightSum(groupWeights, negativeGroups, negative, negativeGroups.length);
  twiceAuc += 2 * tp * rest;
  fp += rest;
  if (cutoff >= 0 && cutoffStop < 0) {
    // A cutoff inside a tie group (not one rankingCutoff gives): counted row by row.
    const { labels, groups } = ranking;
    for (let k = 0; k < cutoff; k++) {
      const w = groupWeights[groups[k]];
      const label = w * labels[k];
      tpAt += label;
      fpAt += w - label;
    }
  }
  if (bestF < 0 && tp + fp > 0) bestF = 0; // only negatives drawn: F is 0 at every threshold, as weightedRankingMetrics reports
  const metrics = {
    averagePrecision: positives > 0 ? ap : NaN,
    rocAuc: positives > 0 && negatives > 0 ? twiceAuc / 2 / (positives * negatives) : NaN,
    bestFBeta: bestF,
    precision: bestPrecision,
    recall: bestRecall,
  };
  return cutoff < 0 ? metrics : { ...metrics, atCutoff: { tp: tpAt, fp: fpAt, positives } };
}

/** Replicates per sweep of groupWeightedRankingMetricsBatch. */
export const REPLICATE_BATCH = 4;

/** Σ weights[ids[k]·4 + q] for k in [from, to), q = 0…3, into out (weights interleaved by replicate). */
function weightSums4(weights: Float64Array, ids: Uint32Array, from: number, to: number, out: Float64Array): void {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  for (let k = from; k < to; k++) {
    const at = ids[k] << 2;
    a += weights[at];
    b += weights[at + 1];
    c += weights[at + 2];
    d += weights[at + 3];
  }
  out[0] = a;
  out[1] = b;
  out[2] = c;
  out[3] = d;
}

/**
 * groupWeightedRankingMetrics for up to REPLICATE_BATCH weight vectors in one sweep over the ranking:
 * each row's group id is read once for all of them, which halved the cost per replicate
 * (bench/README.md, "Post-fit work"). Each replicate's arithmetic is the single pass's, so the results
 * are the same numbers (tested).
 */
export function groupWeightedRankingMetricsBatch(ranking: GroupedRanking, weightsList: readonly Float64Array[], beta: number, cutoff: number): (WeightedRankingMetrics & { atCutoff: CutoffCounts })[] {
  const R = REPLICATE_BATCH;
  const count = weightsList.length;
  if (count > R) throw new RangeError(`at most ${R} weight vectors per batch, got ${count}`);
  const { groupPositives, groupNegatives } = ranking;
  const { negativeGroups, positiveGroups, runEnd, ownNegativesEnd, ownPositivesEnd, cutoffStop } = replicatePlan(ranking, cutoff);
  const groupCount = groupPositives.length;
  const weights = new Float64Array(groupCount * R);
  for (let q = 0; q < count; q++) for (let g = 0; g < groupCount; g++) weights[g * R + q] = weightsList[q][g];
  const positives = new Float64Array(R);
  const negatives = new Float64Array(R);
  for (let q = 0; q < count; q++) {
    const w = weightsList[q];
    let p = 0;
    let m = 0;
    for (let g = 0; g < w.length; g++) {
      p += w[g] * groupPositives[g];
      m += w[g] * groupNegatives[g];
    }
    positives[q] = p;
    negatives[q] = m;
  }
  const b2 = beta * beta;
  const tp = new Float64Array(R);
  const fp = new Float64Array(R);
  const prevRecall = new Float64Array(R);
  const ap = new Float64Array(R);
  const twiceAuc = new Float64Array(R);
  const bestF = new Float64Array(R).fill(-1);
  const bestPrecision = new Float64Array(R);
  const bestRecall = new Float64Array(R);
  const tpAt = new Float64Array(R);
  const fpAt = new Float64Array(R);
  const run = new Float64Array(R);
  const ownNegative = new Float64Array(R);
  const ownPositive = new Float64Array(R);
  let negative = 0;
  let positive = 0;
  const stops = runEnd.length;
  for (let s = 0; s < stops; s++) {
    weightSums4(weights, negativeGroups, negative, runEnd[s], run);
    for (let q = 0; q < R; q++) {
      twiceAuc[q] += 2 * tp[q] * run[q];
      fp[q] += run[q];
    }
    if (s === cutoffStop) {
      for (let q = 0; q < R; q++) {
        tpAt[q] = tp[q];
        fpAt[q] = fp[q];
      }
      negative = runEnd[s];
      continue;
    }
    weightSums4(weights, negativeGroups, runEnd[s], ownNegativesEnd[s], ownNegative);
    weightSums4(weights, positiveGroups, positive, ownPositivesEnd[s], ownPositive);
    negative = ownNegativesEnd[s];
    positive = ownPositivesEnd[s];
    for (let q = 0; q < R; q++) {
      twiceAuc[q] += ownNegative[q] * (2 * tp[q] + ownPositive[q]);
      fp[q] += ownNegative[q];
      if (ownPositive[q] === 0) continue;
      const t = (tp[q] += ownPositive[q]);
      const precision = t / (t + fp[q]);
      const recall = positives[q] > 0 ? t / positives[q] : 0;
      ap[q] += (recall - prevRecall[q]) * precision;
      prevRecall[q] = recall;
      const denominator = b2 * precision + recall;
      const f = denominator === 0 ? 0 : ((1 + b2) * precision * recall) / denominator;
      if (f > bestF[q]) {
        bestF[q] = f;
        bestPrecision[q] = precision;
        bestRecall[q] = recall;
      }
    }
  }
  weightSums4(weights, negativeGroups, negative, negativeGroups.length, run);
  const out: (WeightedRankingMetrics & { atCutoff: CutoffCounts })[] = [];
  for (let q = 0; q < count; q++) {
    twiceAuc[q] += 2 * tp[q] * run[q];
    fp[q] += run[q];
    if (cutoff >= 0 && cutoffStop < 0) {
      const { labels, groups } = ranking;
      const w = weightsList[q];
      for (let k = 0; k < cutoff; k++) {
        const weight = w[groups[k]];
        const label = weight * labels[k];
        tpAt[q] += label;
        fpAt[q] += weight - label;
      }
    }
    if (bestF[q] < 0 && tp[q] + fp[q] > 0) bestF[q] = 0;
    out.push({
      averagePrecision: positives[q] > 0 ? ap[q] : NaN,
      rocAuc: positives[q] > 0 && negatives[q] > 0 ? twiceAuc[q] / 2 / (positives[q] * negatives[q]) : NaN,
      bestFBeta: bestF[q],
      precision: bestPrecision[q],
      recall: bestRecall[q],
      atCutoff: { tp: tpAt[q], fp: fpAt[q], positives: positives[q] },
    });
  }
  return out;
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
