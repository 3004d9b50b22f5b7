import type { Workspace } from "../../workspace";
import { BOOTSTRAP_SEED, INTERVAL_METRICS, type Interval, type IntervalMetric } from "./bootstrap";
import type { ComparisonVerdict, FamilyComparison } from "./family";
import { cachedFamilyIntervals } from "./family-store";
import { currentResult } from "../results/current-results";
import type { ExperimentResult } from "../results/result";
import { isValidExperimentId } from "../results/results-store";
import { experimentIntervals, type ExperimentIntervals } from "../results/result-intervals";

export interface Comparison {
  results: ExperimentResult[];
  reference: ExperimentResult;
  unknownIds: string[];
  /** Parameters whose value differs between the compared experiments. */
  differingParameters: { name: string; values: Record<string, string> }[];
  /** Each experiment's own 95% order-bootstrap intervals (null where no validation scores are stored). */
  intervals: Record<string, ExperimentIntervals | null>;
  /**
   * For each non-reference experiment: candidate − reference on each metric, with simultaneous 95%
   * intervals over every comparison on the page (bootstrap max-t band, COMPARE_REPLICATES resamples).
   */
  differences: Record<string, Record<IntervalMetric, Interval & { verdict: ComparisonVerdict }>>;
  /** The family the intervals belong to, for the page's sentence; null when no scores were stored. */
  family: { comparisons: number; replicates: number; level: number; criticalValue: number } | null;
}

/** Fewer than the report's 2,000 so a new set of up to 15 comparisons answers within seconds on the full-size file (bench/README.md). */
export const COMPARE_REPLICATES = 1000;

const PARAMETERS: { name: string; get: (r: ExperimentResult) => string }[] = [
  { name: "kind", get: (r) => r.spec.kind },
  { name: "encoding", get: (r) => (r.spec.kind === "logreg" ? r.spec.encoding : "—") },
  { name: "penalty", get: (r) => (r.spec.kind === "logreg" ? r.spec.penalty : "—") },
  { name: "C", get: (r) => (r.spec.kind === "logreg" && r.spec.C !== null ? r.spec.C.toExponential(0) : "—") },
  { name: "l1Ratio", get: (r) => (r.spec.kind === "logreg" && r.spec.l1Ratio !== null ? String(r.spec.l1Ratio) : "—") },
  { name: "classWeight", get: (r) => (r.spec.kind === "logreg" ? r.spec.classWeight : "—") },
  { name: "features", get: (r) => (r.spec.kind === "logreg" && r.spec.features ? `${r.spec.features.length} selected` : "all") },
];

/** Splits and validates a `?ids=a,b` list: path-like or unknown ids are reported, never used. */
export function parseIds(raw: string | string[] | undefined, max = 6): string[] {
  if (typeof raw !== "string" || !raw) return []; // a repeated parameter (an array) is refused before the page (proxy.ts)
  return [...new Set(raw.split(",").map((s) => s.trim()).filter(Boolean))].slice(0, max);
}

export function compareExperiments(ws: Workspace, ids: string[], referenceId?: string): Comparison | { error: string; unknownIds: string[] } {
  const unknownIds: string[] = [];
  const results: ExperimentResult[] = [];
  for (const id of ids) {
    const result = isValidExperimentId(id) ? currentResult(ws, id) : null;
    if (result) results.push(result);
    else unknownIds.push(id);
  }
  if (results.length < 2) return { error: "Pick at least two known experiments to compare.", unknownIds };
  const reference = results.find((r) => r.id === referenceId) ?? results[0];
  const differences: Comparison["differences"] = {};
  const planned: FamilyComparison[] = results
    .filter((r) => r.id !== reference.id)
    .flatMap((r) => INTERVAL_METRICS.map((metric) => ({ candidate: r.id, reference: reference.id, metric })));
  const family = cachedFamilyIntervals(ws, planned, { replicates: COMPARE_REPLICATES, seeds: [BOOTSTRAP_SEED] });
  for (const c of family?.comparisons ?? []) {
    if (!Number.isFinite(c.low) || !Number.isFinite(c.high)) continue;
    (differences[c.candidate] ??= {} as Record<IntervalMetric, Interval & { verdict: ComparisonVerdict }>)[c.metric] = { estimate: c.estimate, low: c.low, high: c.high, replicates: c.replicates, dropped: c.dropped, verdict: c.verdict };
  }
  const differingParameters = PARAMETERS.map((p) => ({ name: p.name, values: Object.fromEntries(results.map((r) => [r.id, p.get(r)])) })).filter(
    (p) => new Set(Object.values(p.values)).size > 1,
  );
  return {
    results,
    reference,
    unknownIds,
    differingParameters,
    intervals: Object.fromEntries(results.map((r) => [r.id, experimentIntervals(ws, r)])),
    differences,
    family: family && family.comparisons.length ? { comparisons: family.comparisons.length, replicates: family.replicates, level: family.level, criticalValue: family.criticalValue } : null,
  };
}
