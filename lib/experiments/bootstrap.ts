import { Random } from "../data/synthetic/random";
import {
  groupedRanking,
  groupWeightedRankingMetrics,
  orderByScoreDescending,
  type GroupedRanking,
  type WeightedRankingMetrics,
} from "../metrics/weighted-ranking";
import { F_BETA } from "./evaluate";

/**
 * Order bootstrap: rows of one order are not independent (one basket), so each replicate draws whole
 * orders with replacement and weights each row by how often its order was drawn. The same seed gives
 * the same replicates, which makes intervals reproducible and lets two experiments be compared on
 * exactly the same resampled orders (a paired bootstrap).
 */

export const BOOTSTRAP_REPLICATES = 200;
export const BOOTSTRAP_SEED = 20210304;

export type IntervalMetric = "averagePrecision" | "rocAuc" | "bestFBeta";
export const INTERVAL_METRICS: readonly IntervalMetric[] = ["averagePrecision", "rocAuc", "bestFBeta"];

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Dense order index per row (0 … orders−1) from order ids. */
export function orderGroups(orderIds: ArrayLike<number>): { group: Uint32Array; groups: number } {
  const index = new Map<number, number>();
  const group = new Uint32Array(orderIds.length);
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
    for (let k = 0; k < groups; k++) draws[random.int(0, groups - 1)]++;
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
  if (finite.length === 0) return { estimate, low: NaN, high: NaN };
  return { estimate, low: percentile(finite, 0.025), high: percentile(finite, 0.975) };
}

function pickMetric(m: WeightedRankingMetrics, metric: IntervalMetric): number {
  return m[metric];
}

/** Validation rows ranked once by score, for the point metrics, the curve and every replicate. */
export function rankByScore(scores: ArrayLike<number>, labels: ArrayLike<number>, group: Uint32Array, groups: number): GroupedRanking {
  return groupedRanking(orderByScoreDescending(scores), scores, labels, group, groups);
}

/** 95% percentile intervals of AP, ROC-AUC and best F0.3 over order-bootstrap replicates. */
export function bootstrapIntervals(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  orderIds: ArrayLike<number>,
  replicates = BOOTSTRAP_REPLICATES,
): Record<IntervalMetric, Interval> {
  const { group, groups } = orderGroups(orderIds);
  return intervalsFromRanking(rankByScore(scores, labels, group, groups), groups, replicates);
}

/** bootstrapIntervals for rows already ranked (rankByScore) with `groups` orders. */
export function intervalsFromRanking(ranking: GroupedRanking, groups: number, replicates = BOOTSTRAP_REPLICATES): Record<IntervalMetric, Interval> {
  const point = groupWeightedRankingMetrics(ranking, new Float64Array(groups).fill(1), F_BETA);
  const samples: Record<IntervalMetric, number[]> = { averagePrecision: [], rocAuc: [], bestFBeta: [] };
  for (const draws of replicateDraws(groups, replicates)) {
    const m = groupWeightedRankingMetrics(ranking, draws, F_BETA);
    for (const metric of INTERVAL_METRICS) samples[metric].push(pickMetric(m, metric));
  }
  return {
    averagePrecision: interval(point.averagePrecision, samples.averagePrecision),
    rocAuc: interval(point.rocAuc, samples.rocAuc),
    bestFBeta: interval(point.bestFBeta, samples.bestFBeta),
  };
}

/**
 * Paired bootstrap of the difference candidate − reference on the same resampled orders. The verdict
 * is "not distinguishable" when the 95% interval of the difference contains 0.
 */
export function pairedBootstrapDifference(
  candidate: ArrayLike<number>,
  reference: ArrayLike<number>,
  labels: ArrayLike<number>,
  orderIds: ArrayLike<number>,
  replicates = BOOTSTRAP_REPLICATES,
): Record<IntervalMetric, Interval & { verdict: "better" | "worse" | "not distinguishable" }> {
  const { group, groups } = orderGroups(orderIds);
  const rankingA = rankByScore(candidate, labels, group, groups);
  const rankingB = rankByScore(reference, labels, group, groups);
  const ones = new Float64Array(groups).fill(1);
  const a0 = groupWeightedRankingMetrics(rankingA, ones, F_BETA);
  const b0 = groupWeightedRankingMetrics(rankingB, ones, F_BETA);
  const samples: Record<IntervalMetric, number[]> = { averagePrecision: [], rocAuc: [], bestFBeta: [] };
  for (const draws of replicateDraws(groups, replicates)) {
    const a = groupWeightedRankingMetrics(rankingA, draws, F_BETA);
    const b = groupWeightedRankingMetrics(rankingB, draws, F_BETA);
    for (const metric of INTERVAL_METRICS) samples[metric].push(a[metric] - b[metric]);
  }
  const out = {} as Record<IntervalMetric, Interval & { verdict: "better" | "worse" | "not distinguishable" }>;
  for (const metric of INTERVAL_METRICS) {
    const iv = interval(a0[metric] - b0[metric], samples[metric]);
    out[metric] = { ...iv, verdict: iv.low > 0 ? "better" : iv.high < 0 ? "worse" : "not distinguishable" };
  }
  return out;
}
