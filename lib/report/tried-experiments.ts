import type { Workspace } from "../workspace";
import type { ExperimentResult } from "../experiments/results/result";
import { experimentIntervals, type ExperimentIntervals } from "../experiments/results/result-intervals";

/** The rows of the report's "What we tried" table: the best validation AP of each encoding, then every baseline. */
export function triedExperiments(results: ExperimentResult[]): ExperimentResult[] {
  const best = new Map<string, ExperimentResult>();
  for (const r of results) {
    if (r.spec.kind !== "logreg") continue;
    const held = best.get(r.spec.encoding);
    if (!held || r.validation.averagePrecision > held.validation.averagePrecision) best.set(r.spec.encoding, r);
  }
  return [...best.values(), ...results.filter((r) => r.spec.kind === "baseline")];
}

/**
 * Their intervals, by id. With `compute: false` only what is cached (the others null, "pending"):
 * the report's first render leaves them to the family run behind the app, which computes both.
 */
export function triedIntervals(ws: Workspace, results: ExperimentResult[], compute = true): Record<string, ExperimentIntervals | null> {
  return Object.fromEntries(triedExperiments(results).map((r) => [r.id, experimentIntervals(ws, r, { compute })]));
}
