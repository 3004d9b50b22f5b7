import fs from "node:fs";
import { readDatasetSummary } from "../../data/workspace-data";
import type { Workspace } from "../../workspace";
import { currentFingerprint } from "../results/current-results";
import type { ExperimentSpec } from "../definitions/definition";
import { readResult } from "../results/results-store";
import { isCurrent, specHash } from "../running/runner";

/**
 * What `pushlab serve` would have to compute before every page is complete: the data file (missing
 * default file), its summary, and the experiments whose stored result is not current. Cheap: the data
 * file is fingerprinted from its head and tail, never parsed.
 */
export function pendingGridWork(ws: Workspace, specs: readonly ExperimentSpec[]): { data: boolean; summary: boolean; experiments: string[] } {
  const data = !fs.existsSync(ws.dataFile);
  const fingerprint = data ? null : currentFingerprint(ws);
  const experiments = specs.filter((spec) => fingerprint === null || !isCurrent(readResult(ws.resultsDir, spec.id), fingerprint, specHash(spec))).map((s) => s.id);
  return { data, summary: data || readDatasetSummary(ws) === null, experiments };
}

export function hasPendingWork(work: ReturnType<typeof pendingGridWork>): boolean {
  return work.data || work.summary || work.experiments.length > 0;
}
