/** Precision and recall of a push budget: the top-k rows by score. */
import { binaryClfCurve, requirePositives, type BinaryClfCurve } from "./binary-clf-curve";
import { MetricInputError } from "./errors";

/** A push budget: a number of rows, or a fraction of all rows (k = ⌊fraction · n⌋). */
export type PushBudget = { count: number } | { fraction: number };

export interface TopKCounts {
  /** Rows pushed. */
  k: number;
  /** Expected true positives among the k rows (fractional when a tie straddles the cutoff). */
  tp: number;
  /** Expected false positives among the k rows: k − tp. */
  fp: number;
  /** The score of the k-th highest row: rows scoring above it are all pushed. */
  threshold: number;
  /** Rows whose score equals threshold. */
  tiedRows: number;
  /** How many of those tied rows fall inside the budget. */
  tiedRowsSelected: number;
}

/**
 * Resolves a budget against n rows: { count: k } needs an integer 1 ≤ k ≤ n; { fraction: f } needs
 * 0 < f ≤ 1 and gives k = ⌊f · n⌋ (with a 1e-9 allowance for floating-point error, so 0.1 · 200 = 20),
 * which must be ≥ 1.
 */
export function budgetToCount(budget: PushBudget, n: number): number {
  if ("count" in budget) {
    const k = budget.count;
    if (!(Number.isInteger(k) && k >= 1 && k <= n)) {
      throw new MetricInputError("budget", `budget.count must be an integer in [1, ${n}], got ${String(k)}`);
    }
    return k;
  }
  const f = budget.fraction;
  if (!(typeof f === "number" && f > 0 && f <= 1)) {
    throw new MetricInputError("budget", `budget.fraction must be in (0, 1], got ${String(f)}`);
  }
  const k = Math.min(n, Math.floor(f * n + 1e-9));
  if (k < 1) throw new MetricInputError("budget", `budget.fraction ${f} of ${n} rows selects no row`);
  return k;
}

/**
 * Counts among the k highest-scoring rows. Tie convention: when rows tied at the cutoff score do not
 * all fit in the budget, the budget takes a random subset of them and tp is the expected value,
 * tp = TP(above cutoff) + tiedRowsSelected · (positives among tied rows) / tiedRows — so the result
 * depends neither on row order nor on luck, and exactly k rows are counted.
 */
export function topKCounts(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, budget: PushBudget): TopKCounts {
  return topKCountsFromCounts(binaryClfCurve(yTrue, yScore), budget);
}

/** topKCounts from precomputed cumulative counts (see binaryClfCurve). */
export function topKCountsFromCounts(curve: BinaryClfCurve, budget: PushBudget): TopKCounts {
  const { tps, fps } = curve;
  const n = curve.positives + curve.negatives;
  const k = budgetToCount(budget, n);
  // First group (decreasing score) whose cumulative row count reaches k.
  let lo = 0;
  let hi = tps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tps[mid] + fps[mid] >= k) hi = mid;
    else lo = mid + 1;
  }
  const g = lo;
  const rowsBefore = g > 0 ? tps[g - 1] + fps[g - 1] : 0;
  const tpBefore = g > 0 ? tps[g - 1] : 0;
  const tiedRows = tps[g] + fps[g] - rowsBefore;
  const tiedPositives = tps[g] - tpBefore;
  const tiedRowsSelected = k - rowsBefore;
  const tp = tiedRowsSelected === tiedRows ? tps[g] : tpBefore + (tiedRowsSelected * tiedPositives) / tiedRows;
  return { k, tp, fp: k - tp, threshold: curve.thresholds[g], tiedRows, tiedRowsSelected };
}

/** Precision@k = tp / k over the top-k rows (expected value across ties at the cutoff; see topKCounts). */
export function precisionAtK(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, budget: PushBudget): number {
  const counts = topKCounts(yTrue, yScore, budget);
  return counts.tp / counts.k;
}

/**
 * Recall@k = tp / P over the top-k rows (expected value across ties at the cutoff; see topKCounts).
 * Throws MetricInputError when yTrue has no positives.
 */
export function recallAtK(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, budget: PushBudget): number {
  const curve = binaryClfCurve(yTrue, yScore);
  requirePositives(curve, "Recall@k");
  return topKCountsFromCounts(curve, budget).tp / curve.positives;
}
