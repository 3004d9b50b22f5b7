import { describeDataFile } from "../data/dataset";
import { contentFingerprint } from "../data/fingerprint";
import type { Workspace } from "../workspace";
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
  return readAllResults(ws.resultsDir).filter((r) => r.currency.dataFingerprint === fingerprint);
}

export function currentResult(ws: Workspace, id: string): ExperimentResult | null {
  const result = readResult(ws.resultsDir, id);
  return result && result.currency.dataFingerprint === currentFingerprint(ws) ? result : null;
}

export function baselineOf(results: ExperimentResult[]): ExperimentResult | null {
  return results.find((r) => r.spec.kind === "baseline") ?? null;
}

/**
 * The results the report's grid and findings use: current, not archived, and not started from the
 * browser unless promoted (a "what if?" run is exploration until someone says it belongs in the report).
 */
export function reportResults(ws: Workspace): ExperimentResult[] {
  return filterForReport(currentResults(ws), readAnnotations(ws.resultsDir), ws.experimentsDir);
}
