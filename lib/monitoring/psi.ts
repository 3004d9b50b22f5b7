/**
 * Population stability index between a reference distribution (training) and an observed one (a file
 * being scored), over the same bins:
 *
 *   PSI = Σ_b (a_b − e_b) · ln(a_b / e_b)
 *
 * with e_b, a_b the reference and observed shares of bin b. An empty bin would make the term infinite,
 * so both shares are floored at PSI_FLOOR (the usual 1e-4) before the sum. Conventional reading:
 * < 0.1 stable, 0.1–0.25 a moderate shift, > 0.25 a major shift (PSI_ALERT).
 */

export const PSI_FLOOR = 1e-4;
export const PSI_ALERT = 0.25;
export const PSI_STABLE = 0.1;

export function populationStabilityIndex(expected: ArrayLike<number>, observedCounts: ArrayLike<number>): number {
  if (expected.length !== observedCounts.length) throw new RangeError(`PSI: ${expected.length} reference bins but ${observedCounts.length} observed`);
  let total = 0;
  for (let b = 0; b < observedCounts.length; b++) total += observedCounts[b];
  if (total === 0) return NaN;
  let psi = 0;
  for (let b = 0; b < expected.length; b++) {
    const e = Math.max(PSI_FLOOR, expected[b]);
    const a = Math.max(PSI_FLOOR, observedCounts[b] / total);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

/** The plain reading of a PSI value. */
export function psiLevel(psi: number): "stable" | "moderate shift" | "major shift" | "unavailable" {
  if (!Number.isFinite(psi)) return "unavailable";
  return psi > PSI_ALERT ? "major shift" : psi >= PSI_STABLE ? "moderate shift" : "stable";
}

/**
 * Bins of one feature. "quantile": upper edges e_1 < … < e_k, bin b holds e_b < x ≤ e_{b+1} (first bin
 * x ≤ e_1, last x > e_k). "discrete": one bin per listed value plus a last bin for any other value.
 */
export type Bins = { kind: "quantile"; edges: number[] } | { kind: "discrete"; values: number[] };

export function binCount(bins: Bins): number {
  return bins.kind === "quantile" ? bins.edges.length + 1 : bins.values.length + 1;
}

/** Index of the bin holding x (NaN falls in the last bin). */
export function binOf(bins: Bins, x: number): number {
  if (bins.kind === "discrete") {
    const k = bins.values.indexOf(x);
    return k < 0 ? bins.values.length : k;
  }
  const edges = bins.edges;
  if (Number.isNaN(x)) return edges.length;
  let lo = 0;
  let hi = edges.length; // first edge ≥ x
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Adds the bin counts of `values` to `counts`. */
export function addBinCounts(bins: Bins, values: ArrayLike<number>, counts: Float64Array): void {
  if (bins.kind === "discrete" && bins.values.length <= 2) {
    // The binary flags: the common case, kept branch-cheap.
    const [v0, v1] = bins.values;
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      counts[x === v0 ? 0 : bins.values.length > 1 && x === v1 ? 1 : bins.values.length]++;
    }
    return;
  }
  for (let i = 0; i < values.length; i++) counts[binOf(bins, values[i])]++;
}

/** Most distinct values a feature may have to be binned by value rather than by quantile. */
export const MAX_DISCRETE_VALUES = 12;
export const QUANTILE_BINS = 10;

/**
 * Bins learned from a sample: by value when it has at most MAX_DISCRETE_VALUES distinct values (flags,
 * household counts, day of week), else by its deciles (edges deduplicated, so a value that fills
 * several deciles — the imputed 33 days — is one bin).
 */
export function learnBins(sample: Float64Array): Bins {
  const sorted = Float64Array.from(sample).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length && distinct.length <= MAX_DISCRETE_VALUES; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  if (distinct.length <= MAX_DISCRETE_VALUES) return { kind: "discrete", values: distinct };
  const edges: number[] = [];
  for (let q = 1; q < QUANTILE_BINS; q++) {
    // Lower order statistic: the edge is a value of the sample, so "x ≤ edge" holds for it.
    const edge = sorted[Math.min(sorted.length - 1, Math.floor((q * sorted.length) / QUANTILE_BINS))];
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  if (edges.length && edges[edges.length - 1] >= sorted[sorted.length - 1]) edges.pop(); // no empty top bin
  return { kind: "quantile", edges };
}

/** Shares of each bin. */
export function proportions(counts: ArrayLike<number>): number[] {
  let total = 0;
  for (let b = 0; b < counts.length; b++) total += counts[b];
  return Array.from(counts, (c) => (total > 0 ? c / total : 0));
}
