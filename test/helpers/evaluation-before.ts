/**
 * The per-experiment work after a fit as it was before it shared one sort (kept verbatim so the tests
 * can prove the new path gives the same numbers bit for bit, and bench/post-fit-cost.ts can time
 * both in one process): the order-bootstrap replicate pass row by row, the draws through
 * Random.int, evaluateScores with its own sorts, and the training AP / ROC-AUC through a full curve.
 */
import { Random } from "../../lib/data/synthetic/random";
import { BOOTSTRAP_REPLICATES, BOOTSTRAP_SEED, INTERVAL_METRICS, orderGroups, rankByScore, type Interval, type IntervalMetric } from "../../lib/experiments/comparison/bootstrap";
import { evaluateScores, F_BETA, type Evaluation } from "../../lib/experiments/running/evaluate";
import { averagePrecisionFromCounts, binaryClfCurve, rocAucFromCounts } from "../../lib/metrics";
import { rankingCutoff, type GroupedRanking, type WeightedRankingMetrics } from "../../lib/metrics/weighted-ranking";

export function groupWeightedRankingMetricsBefore(ranking: GroupedRanking, groupWeights: Float64Array, beta: number, cutoff = -1): WeightedRankingMetrics & { atCutoff?: { tp: number; fp: number; positives: number } } {
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
  let tpAt = 0;
  let fpAt = 0;
  for (let k = 0; k < cutoff; k++) {
    const w = groupWeights[groups[k]];
    const positive = w * labels[k];
    tpAt += positive;
    fpAt += w - positive;
  }
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
  if (bestF < 0 && tp + fp > 0) bestF = 0;
  const metrics = {
    averagePrecision: positives > 0 ? ap : NaN,
    rocAuc: positives > 0 && negatives > 0 ? auc / (positives * negatives) : NaN,
    bestFBeta: bestF,
    precision: bestPrecision,
    recall: bestRecall,
  };
  return cutoff < 0 ? metrics : { ...metrics, atCutoff: { tp: tpAt, fp: fpAt, positives } };
}

export function* replicateDrawsBefore(groups: number, replicates = BOOTSTRAP_REPLICATES, seed = BOOTSTRAP_SEED): Generator<Float64Array> {
  const random = Random.fromSeed(seed);
  const draws = new Float64Array(groups);
  for (let r = 0; r < replicates; r++) {
    draws.fill(0);
    for (let k = 0; k < groups; k++) draws[random.int(0, groups - 1)]++;
    yield draws;
  }
}

function fBetaOf(precision: number, recall: number): number {
  if (!Number.isFinite(precision) || !Number.isFinite(recall)) return NaN;
  const b2 = F_BETA * F_BETA;
  const denominator = b2 * precision + recall;
  return denominator === 0 ? 0 : ((1 + b2) * precision * recall) / denominator;
}

function metricsAtBefore(ranking: GroupedRanking, draws: Float64Array, cutoff: number): Record<IntervalMetric, number> {
  const m = groupWeightedRankingMetricsBefore(ranking, draws, F_BETA, cutoff);
  const { tp, fp, positives } = m.atCutoff!;
  const precision = tp + fp > 0 ? tp / (tp + fp) : NaN;
  const recall = positives > 0 ? tp / positives : NaN;
  return { averagePrecision: m.averagePrecision, rocAuc: m.rocAuc, f03: fBetaOf(precision, recall), precision, recall };
}

function percentile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

function interval(estimate: number, samples: number[]): Interval {
  const finite = Float64Array.from(samples.filter(Number.isFinite)).sort();
  const dropped = samples.length - finite.length;
  if (finite.length === 0) return { estimate, low: NaN, high: NaN, replicates: samples.length, dropped };
  return { estimate, low: percentile(finite, 0.025), high: percentile(finite, 0.975), replicates: samples.length, dropped };
}

export function bootstrapIntervalsBefore(scores: ArrayLike<number>, labels: ArrayLike<number>, orderIds: ArrayLike<number>, threshold: number, replicates = BOOTSTRAP_REPLICATES): Record<IntervalMetric, Interval> {
  const { group, groups } = orderGroups(orderIds);
  const ranking = rankByScore(scores, labels, group, groups);
  const cutoff = rankingCutoff(ranking, threshold);
  const point = metricsAtBefore(ranking, new Float64Array(groups).fill(1), cutoff);
  const samples: Record<IntervalMetric, number[]> = { averagePrecision: [], rocAuc: [], f03: [], precision: [], recall: [] };
  for (const draws of replicateDrawsBefore(groups, replicates)) {
    const m = metricsAtBefore(ranking, draws, cutoff);
    for (const metric of INTERVAL_METRICS) samples[metric].push(m[metric]);
  }
  const out = {} as Record<IntervalMetric, Interval>;
  for (const metric of INTERVAL_METRICS) out[metric] = interval(point[metric], samples[metric]);
  return out;
}

/** runEvaluateStage's work after predictProba (and a baseline's in the runner, probabilities false), as it was. */
export function evaluateValidationBefore(yValidation: ArrayLike<number>, scores: ArrayLike<number>, validationOrders: ArrayLike<number>, { probabilities = true, replicates = BOOTSTRAP_REPLICATES } = {}): { evaluation: Evaluation; intervals: Record<IntervalMetric, Interval> } {
  const evaluation = evaluateScores(yValidation, scores, { probabilities });
  const intervals = bootstrapIntervalsBefore(scores, yValidation, validationOrders, evaluation.metrics.bestThreshold, replicates);
  return { evaluation, intervals };
}

/** runFitStage's training AP / ROC-AUC, as it was. */
export function trainingMetricsBefore(yTrain: ArrayLike<number>, trainScores: ArrayLike<number>): { averagePrecision: number; rocAuc: number } {
  const curve = binaryClfCurve(yTrain, trainScores);
  return { averagePrecision: averagePrecisionFromCounts(curve), rocAuc: rocAucFromCounts(curve) };
}
