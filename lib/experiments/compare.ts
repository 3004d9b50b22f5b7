import type { Workspace } from "../workspace";
import { pairedBootstrapDifference, type Interval, type IntervalMetric } from "./bootstrap";
import { currentFingerprint, currentResult } from "./catalog";
import type { ExperimentResult } from "./result";
import { isValidExperimentId, readScores, readValidationContext } from "./results-store";

export type Verdict = "better" | "worse" | "not distinguishable";

export interface Comparison {
  results: ExperimentResult[];
  reference: ExperimentResult;
  unknownIds: string[];
  /** Parameters whose value differs between the compared experiments. */
  differingParameters: { name: string; values: Record<string, string> }[];
  /** For each non-reference experiment: candidate − reference with a paired 95% interval (VERDICT_REPLICATES replicates). */
  differences: Record<string, Record<IntervalMetric, Interval & { verdict: Verdict }>>;
}

const PARAMETERS: { name: string; get: (r: ExperimentResult) => string }[] = [
  { name: "kind", get: (r) => r.spec.kind },
  { name: "encoding", get: (r) => (r.spec.kind === "logreg" ? r.spec.encoding : "—") },
  { name: "penalty", get: (r) => (r.spec.kind === "logreg" ? r.spec.penalty : "—") },
  { name: "C", get: (r) => (r.spec.kind === "logreg" && r.spec.C !== null ? r.spec.C.toExponential(0) : "—") },
  { name: "l1Ratio", get: (r) => (r.spec.kind === "logreg" && r.spec.l1Ratio !== null ? String(r.spec.l1Ratio) : "—") },
  { name: "classWeight", get: (r) => (r.spec.kind === "logreg" ? r.spec.classWeight : "—") },
  { name: "features", get: (r) => (r.spec.kind === "logreg" && r.spec.features ? `${r.spec.features.length} selected` : "all") },
];

const cache = new Map<string, PairedDifference>();

/** Splits and validates a `?ids=a,b` list: path-like or unknown ids are reported, never used. */
export function parseIds(raw: string | undefined, max = 6): string[] {
  if (!raw) return [];
  return [...new Set(raw.split(",").map((s) => s.trim()).filter(Boolean))].slice(0, max);
}

export type PairedDifference = Record<IntervalMetric, Interval & { verdict: Verdict }>;

/**
 * candidate − reference on the same resampled validation orders, from the stored validation scores;
 * null when either has no stored scores. Cached per (data, results) since results are immutable.
 */
export function pairedDifference(ws: Workspace, candidate: ExperimentResult, reference: ExperimentResult): PairedDifference | null {
  const fingerprint = currentFingerprint(ws);
  if (!fingerprint) return null;
  const key = JSON.stringify([fingerprint, candidate.id, candidate.createdAt, reference.id, reference.createdAt]);
  const hit = cache.get(key);
  if (hit) return hit;
  const context = readValidationContext(ws.resultsDir, fingerprint);
  const a = readScores(ws.resultsDir, candidate.id);
  const b = readScores(ws.resultsDir, reference.id);
  if (!context || !a || !b || a.length !== context.labels.length || b.length !== context.labels.length) return null;
  const diff = pairedBootstrapDifference(a, b, context.labels, context.orderIds, { candidate: candidate.validation.bestThreshold, reference: reference.validation.bestThreshold });
  if (cache.size > 500) cache.clear();
  cache.set(key, diff);
  return diff;
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
  for (const result of results) {
    if (result.id === reference.id) continue;
    const diff = pairedDifference(ws, result, reference);
    if (diff) differences[result.id] = diff;
  }
  const differingParameters = PARAMETERS.map((p) => ({ name: p.name, values: Object.fromEntries(results.map((r) => [r.id, p.get(r)])) })).filter(
    (p) => new Set(Object.values(p.values)).size > 1,
  );
  return { results, reference, unknownIds, differingParameters, differences };
}
