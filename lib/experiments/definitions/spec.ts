import { BASE_FEATURE_NAMES } from "../../features/base-features";
import type { Encoding } from "../../features/encodings";
import type { NamedClassWeight as ClassWeight, Penalty } from "../../model/penalties";

/**
 * An experiment's parameters and its stable, readable id. Free of the definition schema (zod) and of
 * the solver, so the browser's new-experiment form can name the experiment it would run.
 */

export { PENALTIES, type Penalty } from "../../model/penalties";
export { NAMED_CLASS_WEIGHTS as CLASS_WEIGHTS, type NamedClassWeight as ClassWeight } from "../../model/penalties";
export const BASELINE_SCORES = ["global_popularity", "ordered_before_then_popularity"] as const;

export interface BaselineSpec {
  kind: "baseline";
  id: string;
  score: (typeof BASELINE_SCORES)[number];
}

export interface LogisticSpec {
  kind: "logreg";
  id: string;
  encoding: Encoding;
  penalty: Penalty;
  C: number | null;
  l1Ratio: number | null;
  classWeight: ClassWeight;
  /** Base features used; null means all of them. */
  features: string[] | null;
}

export type ExperimentSpec = BaselineSpec | LogisticSpec;

/** Compact, path-safe spelling of C: 1e-6 → "1e-6", 100 → "1e2", 0.5 → "5e-1". */
export function formatC(C: number): string {
  return C.toExponential().replace("e+", "e");
}

function featuresTag(features: readonly string[]): string {
  // A short stable tag for a feature subset: the sorted names hashed (FNV-1a), never the list itself.
  let h = 0x811c9dc5;
  for (const ch of [...features].sort().join(",")) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

export function logisticId(spec: Omit<LogisticSpec, "id" | "kind">): string {
  const parts = ["lr", spec.encoding, spec.penalty];
  if (spec.C !== null && spec.penalty !== "none") parts.push(`C${formatC(spec.C)}`);
  if (spec.penalty === "elasticnet" && spec.l1Ratio !== null) parts.push(`l1r${spec.l1Ratio}`);
  parts.push(spec.classWeight === "balanced" ? "balanced" : "unweighted");
  if (spec.features && !sameFeatures(spec.features, BASE_FEATURE_NAMES)) parts.push(`f${featuresTag(spec.features)}`);
  return parts.join("-");
}

function sameFeatures(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

export function makeLogisticSpec(params: Omit<LogisticSpec, "id" | "kind">): LogisticSpec {
  const features = params.features && !sameFeatures(params.features, BASE_FEATURE_NAMES) ? [...params.features].sort() : null;
  const normalized = {
    ...params,
    C: params.penalty === "none" ? null : params.C,
    l1Ratio: params.penalty === "elasticnet" ? params.l1Ratio : null,
    features,
  };
  return { kind: "logreg", id: logisticId(normalized), ...normalized };
}

