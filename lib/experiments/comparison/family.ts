import { rankingCutoff, type GroupedRanking } from "../../metrics/weighted-ranking";
import { BOOTSTRAP_SEED, metricsAt, replicateDraws, type Interval, type IntervalMetric } from "./bootstrap";

/**
 * Simultaneous intervals for a family of paired comparisons (candidate − reference on one metric),
 * all measured on the same resampled validation orders.
 *
 * Method: a bootstrap max-t band. For comparison k with point difference d̂ₖ and replicate
 * differences dₖᵇ, sₖ is the replicates' standard deviation and Tᵇ = maxₖ |dₖᵇ − d̂ₖ| / sₖ; with q the
 * `level` quantile of Tᵇ, every interval is d̂ₖ ± q·sₖ. With probability ≈ `level` all true differences
 * lie in their intervals at once, so a family of ten comparisons no longer has ten 5% chances of a
 * false "real". A replicate where any comparison is undefined (e.g. no purchase drawn, so AP is NaN)
 * is dropped from the band and counted.
 *
 * Borderline: the band is recomputed under further bootstrap seeds with fewer replicates each
 * (`seedReplicates`); the seed-to-seed standard deviation of the interval's end on the estimate's side
 * is measured there and scaled by √(seedReplicates / replicates) (Monte Carlo error of a bootstrap
 * quantile and standard deviation shrinks as 1/√replicates). A verdict is borderline when that end lies
 * within two such standard deviations of zero: another seed of the reported size could flip it. Full-size
 * reruns for every seed would multiply the cost (measured in bench/README.md).
 */

export type ComparisonVerdict = "better" | "worse" | "not distinguishable";

export interface FamilyComparison {
  candidate: string;
  reference: string;
  metric: IntervalMetric;
}

export interface SimultaneousInterval extends FamilyComparison, Interval {
  verdict: ComparisonVerdict;
  /** The verdict could flip under another bootstrap seed (see the module comment). */
  borderline: boolean;
  /** Seed-to-seed standard deviation of the interval's end nearest the verdict boundary, at `replicates` (NaN with one seed). */
  seedSd: number;
}

export interface FamilyIntervals {
  method: "bootstrap max-t band";
  level: number;
  replicates: number;
  seeds: number[];
  /** Replicates under each seed after the first (the borderline measurement). */
  seedReplicates: number;
  /** Replicates left out (over all seeds) because a comparison was undefined in them. */
  dropped: number;
  /** The band's multiplier q under the first seed (1.96 would be an unadjusted normal interval). */
  criticalValue: number;
  comparisons: SimultaneousInterval[];
  seconds: number;
}

export const FAMILY_REPLICATES = 2000;
export const FAMILY_LEVEL = 0.95;
/** The first seed gives the reported intervals; the others measure how close a verdict is to flipping. */
export const FAMILY_SEEDS: readonly number[] = [BOOTSTRAP_SEED, 1, 2, 3, 4];
export const FAMILY_SEED_REPLICATES = 250;

export function verdictOf(low: number, high: number): ComparisonVerdict {
  return low > 0 ? "better" : high < 0 ? "worse" : "not distinguishable";
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

interface Band {
  low: Float64Array;
  high: Float64Array;
  dropped: number;
  criticalValue: number;
}

function band(
  rankings: ReadonlyMap<string, GroupedRanking>,
  groups: number,
  cutoffs: ReadonlyMap<string, number>,
  comparisons: readonly FamilyComparison[],
  estimates: Float64Array,
  replicates: number,
  seed: number,
  level: number,
  onReplicate?: () => void,
): Band {
  const ids = [...new Set(comparisons.flatMap((c) => [c.candidate, c.reference]))];
  const slot = new Map(ids.map((id, i) => [id, i]));
  const K = comparisons.length;
  const diffs = comparisons.map(() => new Float64Array(replicates));
  let kept = 0;
  let dropped = 0;
  const values: Record<IntervalMetric, number>[] = new Array(ids.length);
  for (const draws of replicateDraws(groups, replicates, seed)) {
    for (let i = 0; i < ids.length; i++) values[i] = metricsAt(rankings.get(ids[i])!, draws, cutoffs.get(ids[i])!);
    let finite = true;
    for (let k = 0; k < K && finite; k++) {
      const c = comparisons[k];
      finite = Number.isFinite(values[slot.get(c.candidate)!][c.metric] - values[slot.get(c.reference)!][c.metric]);
    }
    if (finite) {
      for (let k = 0; k < K; k++) {
        const c = comparisons[k];
        diffs[k][kept] = values[slot.get(c.candidate)!][c.metric] - values[slot.get(c.reference)!][c.metric];
      }
      kept++;
    } else dropped++;
    onReplicate?.();
  }
  const sd = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let mean = 0;
    for (let b = 0; b < kept; b++) mean += diffs[k][b];
    mean /= kept;
    let ss = 0;
    for (let b = 0; b < kept; b++) ss += (diffs[k][b] - mean) ** 2;
    sd[k] = kept > 1 ? Math.sqrt(ss / (kept - 1)) : NaN;
  }
  const maxT = new Float64Array(kept);
  for (let b = 0; b < kept; b++) {
    let t = 0;
    for (let k = 0; k < K; k++) if (sd[k] > 0) t = Math.max(t, Math.abs(diffs[k][b] - estimates[k]) / sd[k]);
    maxT[b] = t;
  }
  maxT.sort();
  const q = quantile(maxT, level);
  const low = new Float64Array(K);
  const high = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    // sd 0: the two never differ in any replicate (e.g. the same scores), so the interval is the point.
    const half = sd[k] > 0 ? q * sd[k] : sd[k] === 0 ? 0 : NaN;
    low[k] = estimates[k] - half;
    high[k] = estimates[k] + half;
  }
  return { low, high, dropped, criticalValue: q };
}

/** Sample standard deviation of the end nearest the verdict boundary (low for an estimate ≥ 0, −high otherwise). */
export function nearEndSd(estimate: number, ends: readonly { low: number; high: number }[]): number {
  const margins = ends.map((e) => (estimate >= 0 ? e.low : -e.high)).filter(Number.isFinite);
  if (margins.length < 2) return NaN;
  const mean = margins.reduce((a, m) => a + m, 0) / margins.length;
  return Math.sqrt(margins.reduce((a, m) => a + (m - mean) ** 2, 0) / (margins.length - 1));
}

/**
 * Whether a verdict is within reach of flipping: the reported interval's end nearest the verdict
 * boundary lies within two seed-to-seed standard deviations (`seedSd`) of zero.
 */
export function isBorderline(estimate: number, reported: { low: number; high: number }, seedSd: number): boolean {
  if (!Number.isFinite(reported.low) || !Number.isFinite(reported.high) || !Number.isFinite(seedSd)) return false;
  const margin = estimate >= 0 ? reported.low : -reported.high;
  return Math.abs(margin) < 2 * seedSd;
}

export interface FamilyOptions {
  replicates?: number;
  seeds?: readonly number[];
  /** Replicates under each further seed (default FAMILY_SEED_REPLICATES, at most `replicates`). */
  seedReplicates?: number;
  level?: number;
  /** Called after every replicate of every seed (for progress). */
  onReplicate?: (done: number, total: number) => void;
  /**
   * Each experiment's kept threshold, where F0.3, precision and recall are measured (as the stored
   * intervals do); an experiment without one pushes nobody, so those metrics are undefined for it.
   */
  thresholds?: ReadonlyMap<string, number>;
}

/**
 * Simultaneous intervals of `comparisons`; `rankings` holds each experiment's validation rows ranked by
 * score (rankByScore) over the same `groups` orders.
 */
export function simultaneousIntervals(
  rankings: ReadonlyMap<string, GroupedRanking>,
  groups: number,
  comparisons: readonly FamilyComparison[],
  options: FamilyOptions = {},
): FamilyIntervals {
  const started = performance.now();
  const replicates = options.replicates ?? FAMILY_REPLICATES;
  const seeds = [...(options.seeds ?? FAMILY_SEEDS)];
  const level = options.level ?? FAMILY_LEVEL;
  if (!(Number.isInteger(replicates) && replicates >= 2)) throw new Error(`replicates must be an integer >= 2, got ${replicates}`);
  if (seeds.length === 0) throw new Error("at least one bootstrap seed is needed");
  for (const c of comparisons) {
    if (!rankings.has(c.candidate) || !rankings.has(c.reference)) throw new Error(`no ranking for comparison ${c.candidate} − ${c.reference}`);
  }
  const ones = new Float64Array(groups).fill(1);
  const point = new Map<string, Record<IntervalMetric, number>>();
  const cutoffs = new Map([...rankings].map(([id, ranking]) => [id, options.thresholds?.has(id) ? rankingCutoff(ranking, options.thresholds.get(id)!) : 0]));
  for (const [id, ranking] of rankings) point.set(id, metricsAt(ranking, ones, cutoffs.get(id)!));
  const estimates = Float64Array.from(comparisons, (c) => point.get(c.candidate)![c.metric] - point.get(c.reference)![c.metric]);

  const seedReplicates = Math.min(replicates, options.seedReplicates ?? FAMILY_SEED_REPLICATES);
  const total = replicates + seedReplicates * (seeds.length - 1);
  let done = 0;
  const tick = options.onReplicate ? () => options.onReplicate!(++done, total) : undefined;
  const bands = seeds.map((seed, i) => band(rankings, groups, cutoffs, comparisons, estimates, i === 0 ? replicates : seedReplicates, seed, level, tick));
  const scale = Math.sqrt(seedReplicates / replicates);

  const out: SimultaneousInterval[] = comparisons.map((c, k) => {
    const reported = { low: bands[0].low[k], high: bands[0].high[k] };
    const seedSd = nearEndSd(estimates[k], bands.slice(1).map((b) => ({ low: b.low[k], high: b.high[k] }))) * scale;
    return { ...c, estimate: estimates[k], ...reported, replicates, dropped: bands[0].dropped, verdict: verdictOf(reported.low, reported.high), borderline: isBorderline(estimates[k], reported, seedSd), seedSd };
  });
  return {
    method: "bootstrap max-t band",
    level,
    replicates,
    seeds,
    seedReplicates,
    dropped: bands.reduce((a, b) => a + b.dropped, 0),
    criticalValue: bands[0].criticalValue,
    comparisons: out,
    seconds: (performance.now() - started) / 1000,
  };
}
