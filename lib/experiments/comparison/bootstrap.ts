import { Random } from "../../data/synthetic/random";
import { groupedRankingByScore, groupWeightedRankingMetrics, groupWeightedRankingMetricsBatch, rankingCutoff, REPLICATE_BATCH, type GroupedRanking, type WeightedRankingMetrics, type CutoffCounts } from "../../metrics/weighted-ranking";
import { F_BETA } from "../running/evaluate";

/**
 * Order bootstrap: rows of one order are not independent (one basket), so each replicate draws whole
 * orders with replacement and weights each row by how often its order was drawn. The same seed gives
 * the same replicates, which makes intervals reproducible and lets two experiments be compared on
 * exactly the same resampled orders (a paired bootstrap).
 */

/**
 * Replicates of the per-experiment intervals the runner stores (shown beside each experiment, no
 * verdict): as many as keep an experiment's evaluation ≤ 1.5 s on the full-size file (bench/README.md).
 */
export const BOOTSTRAP_REPLICATES = 250;
/**
 * Replicates wherever a verdict is drawn from an interval (paired differences, test figures): enough
 * that each 2.5% tail holds 50 replicates. Computed lazily where shown, and cached.
 */
export const VERDICT_REPLICATES = 2000;
export const BOOTSTRAP_SEED = 20210304;

/**
 * AP and ROC-AUC rank the whole split; precision, recall and F0.3 are taken at ONE operating threshold
 * fixed before resampling (the point estimate's best-F0.3 threshold, or the selected model's), never
 * re-picked inside a replicate, which would bias the interval upward.
 */
export type IntervalMetric = "averagePrecision" | "rocAuc" | "f03" | "precision" | "recall";
export const INTERVAL_METRICS: readonly IntervalMetric[] = ["averagePrecision", "rocAuc", "f03", "precision", "recall"];

export interface Interval {
  estimate: number;
  low: number;
  high: number;
  /** Replicates drawn. */
  replicates: number;
  /** Replicates where the metric is undefined (no positive drawn, no push at the threshold), left out of the interval. */
  dropped: number;
}

/** Each row's dense order index (0 … orders−1) and the number of orders. */
export interface OrderGroups {
  group: Uint32Array;
  groups: number;
}

/** Dense order index per row (0 … orders−1) from order ids; `shared` puts it in a SharedArrayBuffer (for worker threads). */
export function orderGroups(orderIds: ArrayLike<number>, shared = false): OrderGroups {
  const index = new Map<number, number>();
  const bytes = orderIds.length * Uint32Array.BYTES_PER_ELEMENT;
  const group = new Uint32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  for (let i = 0; i < orderIds.length; i++) {
    let g = index.get(orderIds[i]);
    if (g === undefined) index.set(orderIds[i], (g = index.size));
    group[i] = g;
  }
  return { group, groups: index.size };
}

/** How many times each order was drawn, per replicate (the buffer is reused between replicates). */
export function* replicateDraws(groups: number, replicates = BOOTSTRAP_REPLICATES, seed = BOOTSTRAP_SEED): Generator<Float64Array> {
  const random = Random.fromSeed(seed);
  const draws = new Float64Array(groups);
  for (let r = 0; r < replicates; r++) {
    draws.fill(0);
    random.tallyInts(draws);
    yield draws;
  }
}

/**
 * Row weights of each replicate: how many times the row's order was drawn. The bootstrap itself
 * weights orders directly (groupWeightedRankingMetrics); this row-level view is what the tests check
 * the whole-order resampling against.
 */
export function* replicateWeights(group: Uint32Array, groups: number, replicates = BOOTSTRAP_REPLICATES, seed = BOOTSTRAP_SEED): Generator<Float64Array> {
  const weights = new Float64Array(group.length);
  for (const draws of replicateDraws(groups, replicates, seed)) {
    for (let i = 0; i < group.length; i++) weights[i] = draws[group[i]];
    yield weights;
  }
}

function percentile(sorted: Float64Array, q: number): number {
  // Linear interpolation between order statistics (numpy's default).
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

/** F-beta from precision and recall; undefined (NaN) when either is. */
function fBetaOf(precision: number, recall: number): number {
  if (!Number.isFinite(precision) || !Number.isFinite(recall)) return NaN;
  const b2 = F_BETA * F_BETA;
  const denominator = b2 * precision + recall;
  return denominator === 0 ? 0 : ((1 + b2) * precision * recall) / denominator;
}

/** Every interval metric of one (possibly resampled) pass; precision is NaN with no push, recall with no positive. */
export function metricsAt(ranking: GroupedRanking, draws: Float64Array, cutoff: number): Record<IntervalMetric, number> {
  return intervalMetricsOf(groupWeightedRankingMetrics(ranking, draws, F_BETA, cutoff));
}

function intervalMetricsOf(m: WeightedRankingMetrics & { atCutoff: CutoffCounts }): Record<IntervalMetric, number> {
  const { tp, fp, positives } = m.atCutoff;
  const precision = tp + fp > 0 ? tp / (tp + fp) : NaN;
  const recall = positives > 0 ? tp / positives : NaN;
  return { averagePrecision: m.averagePrecision, rocAuc: m.rocAuc, f03: fBetaOf(precision, recall), precision, recall };
}

/** Validation rows ranked once by score, for the point metrics, the curve and every replicate. */
export function rankByScore(scores: ArrayLike<number>, labels: ArrayLike<number>, group: Uint32Array, groups: number): GroupedRanking {
  return groupedRankingByScore(scores, labels, group, groups);
}

/**
 * 95% percentile intervals over order-bootstrap replicates: AP and ROC-AUC, and precision, recall and
 * F0.3 at `threshold` (score ≥ threshold → push), fixed for every replicate.
 */
export function bootstrapIntervals(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  orderIds: ArrayLike<number>,
  threshold: number,
  replicates = BOOTSTRAP_REPLICATES,
): Record<IntervalMetric, Interval> {
  const { group, groups } = orderGroups(orderIds);
  return intervalsFromRanking(rankByScore(scores, labels, group, groups), groups, threshold, replicates);
}

/** bootstrapIntervals for rows already ranked (rankByScore) with `groups` orders. */
export function intervalsFromRanking(ranking: GroupedRanking, groups: number, threshold: number, replicates = BOOTSTRAP_REPLICATES): Record<IntervalMetric, Interval> {
  const { point, samples } = replicateMetrics(ranking, groups, threshold, replicates);
  const out = {} as Record<IntervalMetric, Interval>;
  for (const metric of INTERVAL_METRICS) out[metric] = interval(point[metric], samples[metric]);
  return out;
}

/** The point metrics and every replicate's (NaN where undefined), at a fixed threshold. */
export function replicateMetrics(ranking: GroupedRanking, groups: number, threshold: number, replicates = BOOTSTRAP_REPLICATES): { point: Record<IntervalMetric, number>; samples: Record<IntervalMetric, number[]> } {
  const cutoff = rankingCutoff(ranking, threshold);
  const point = metricsAt(ranking, new Float64Array(groups).fill(1), cutoff);
  const samples = emptySamples();
  // Replicates go through the ranking REPLICATE_BATCH at a time (the draws buffer is reused: copied).
  const batch: Float64Array[] = [];
  const flush = () => {
    for (const m of groupWeightedRankingMetricsBatch(ranking, batch, F_BETA, cutoff)) {
      const values = intervalMetricsOf(m);
      for (const metric of INTERVAL_METRICS) samples[metric].push(values[metric]);
    }
    batch.length = 0;
  };
  for (const draws of replicateDraws(groups, replicates)) {
    batch.push(Float64Array.from(draws));
    if (batch.length === REPLICATE_BATCH) flush();
  }
  if (batch.length > 0) flush();
  return { point, samples };
}

function emptySamples(): Record<IntervalMetric, number[]> {
  return { averagePrecision: [], rocAuc: [], f03: [], precision: [], recall: [] };
}

/**
 * Paired bootstrap of the difference candidate − reference on the same resampled orders; precision,
 * recall and F0.3 of each at its own fixed threshold. The verdict is "not distinguishable" when the
 * 95% interval of the difference contains 0.
 */
export function pairedBootstrapDifference(
  candidate: ArrayLike<number>,
  reference: ArrayLike<number>,
  labels: ArrayLike<number>,
  orderIds: ArrayLike<number>,
  thresholds: { candidate: number; reference: number },
  replicates = VERDICT_REPLICATES,
): Record<IntervalMetric, Interval & { verdict: "better" | "worse" | "not distinguishable" }> {
  const { group, groups } = orderGroups(orderIds);
  const rankingA = rankByScore(candidate, labels, group, groups);
  const rankingB = rankByScore(reference, labels, group, groups);
  const cutoffA = rankingCutoff(rankingA, thresholds.candidate);
  const cutoffB = rankingCutoff(rankingB, thresholds.reference);
  const ones = new Float64Array(groups).fill(1);
  const a0 = metricsAt(rankingA, ones, cutoffA);
  const b0 = metricsAt(rankingB, ones, cutoffB);
  const samples = emptySamples();
  for (const draws of replicateDraws(groups, replicates)) {
    const a = metricsAt(rankingA, draws, cutoffA);
    const b = metricsAt(rankingB, draws, cutoffB);
    for (const metric of INTERVAL_METRICS) samples[metric].push(a[metric] - b[metric]);
  }
  const out = {} as Record<IntervalMetric, Interval & { verdict: "better" | "worse" | "not distinguishable" }>;
  for (const metric of INTERVAL_METRICS) {
    const difference = interval(a0[metric] - b0[metric], samples[metric]);
    out[metric] = { ...difference, verdict: difference.low > 0 ? "better" : difference.high < 0 ? "worse" : "not distinguishable" };
  }
  return out;
}
