import { getDatasetSummary, loadWorkspaceData, readDatasetSummary } from "../data/workspace-data";
import type { DatasetSummary } from "../data/summary";
import { currentResults } from "../experiments/catalog";
import { pairedDifference } from "../experiments/compare";
import type { ExperimentResult } from "../experiments/result";
import { activeVersion } from "../registry/active";
import { cachedModel } from "../registry/model-cache";
import { readVersionMetadata } from "../registry/registry";
import { testLooks, type TestDaysUse } from "../registry/test-ledger";
import type { Workspace } from "../workspace";
import { generateFindings, type Finding } from "./findings";
import { buildSelectedModelReport, type SelectedModelReport } from "./selected-model";

export interface ReportData {
  /** Null while the data is being prepared behind the app (the grid run of `pushlab serve`). */
  summary: DatasetSummary | null;
  results: ExperimentResult[];
  findings: Finding[];
  selected: SelectedModelReport | null;
  /** The ledger's account of the test days of this data (the report's sentence about them comes from it). */
  /** Null while the data is still being prepared behind the app. */
  testDays: TestDaysUse | null;
  generatedAt: string;
}

let selectedCache: { key: string; report: SelectedModelReport } | null = null;

/**
 * Everything `/` shows, read from the data, the results store and the registry at request time. While
 * `preparing` (the data is generated or loaded behind the app), the data is never loaded here: the
 * summary is shown once the preparing run has cached it.
 */
export async function loadReportData(ws: Workspace, options: { preparing?: boolean } = {}): Promise<ReportData> {
  const summary = readDatasetSummary(ws) ?? (options.preparing ? null : await getDatasetSummary(ws));
  const results = currentResults(ws);
  const findings = generateFindings(results, (candidate, reference) => pairedDifference(ws, candidate, reference));
  const version = activeVersion(ws);
  let selected: SelectedModelReport | null = null;
  if (version && summary) {
    const key = `${version.version}\u0000${summary.source.fingerprint}`;
    if (selectedCache?.key === key) selected = selectedCache.report;
    else {
      const data = await loadWorkspaceData(ws);
      selected = buildSelectedModelReport(version, readVersionMetadata(ws.registryDir, version.version), cachedModel(ws.registryDir, version.version), data);
      selectedCache = { key, report: selected };
    }
  }
  const testDays = summary ? testLooks(ws.registryDir, summary.source.fingerprint, version?.version ?? null) : null;
  return { summary, results, findings, selected, testDays, generatedAt: new Date().toISOString() };
}
