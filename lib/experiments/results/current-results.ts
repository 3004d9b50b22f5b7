import { describeDataFile } from "../../data/dataset";
import { contentFingerprint } from "../../data/fingerprint";
import type { Workspace } from "../../workspace";
import { filterForReport, readAnnotations } from "./annotations";
import type { ExperimentResult } from "./result";
import { readAllResults, readResult } from "./results-store";

/**
 * The results the app shows: those computed on the workspace's current data file (a result of
 * another file stays in the store but is not mixed into comparisons).
 */
export function currentFingerprint(ws: Workspace): string | null {
  try {
    describeDataFile(ws.dataFile); // a regular file
    return contentFingerprint(ws.dataFile, ws.cacheDir);
  } catch {
    return null;
  }
}

export function currentResults(ws: Workspace): ExperimentResult[] {
  const fingerprint = currentFingerprint(ws);
  return readAllResults(ws.resultsDir).filter((r) => r.computedFrom.dataFingerprint === fingerprint);
}

export function currentResult(ws: Workspace, id: string): ExperimentResult | null {
  const result = readResult(ws.resultsDir, id);
  return result && result.computedFrom.dataFingerprint === currentFingerprint(ws) ? result : null;
}

/** The popularity baseline when present (the reference of the report's answer), else any baseline. */
export function baselineOf(results: ExperimentResult[]): ExperimentResult | null {
  return baselinesOf(results)[0] ?? null;
}

/** Every baseline, popularity first: each is shown wherever a model is set against a baseline. */
export function baselinesOf(results: ExperimentResult[]): ExperimentResult[] {
  const order = (r: ExperimentResult) => (r.spec.kind === "baseline" && r.spec.score === "global_popularity" ? 0 : 1);
  return results.filter((r) => r.spec.kind === "baseline").sort((a, b) => order(a) - order(b) || a.id.localeCompare(b.id));
}

/** Short names of the baselines, for legends and tables. */
export function baselineLabel(result: ExperimentResult): string {
  if (result.spec.kind !== "baseline") return result.id;
  return result.spec.score === "global_popularity" ? "popularity baseline" : "past-purchase baseline (ordered before, then popularity)";
}

/**
 * The results the report's grid and findings use: current, not archived, and not started from the
 * browser unless promoted (a "what if?" run is exploration until someone says it belongs in the report).
 */
export function reportResults(ws: Workspace): ExperimentResult[] {
  return filterForReport(currentResults(ws), readAnnotations(ws.resultsDir), ws.experimentsDir);
}
