import { getDatasetSummary, loadWorkspaceData, readDatasetSummary } from "../data/workspace-data";
import type { DatasetSummary } from "../data/summary";
import { currentResult, reportResults } from "../experiments/results/current-results";
import type { ExperimentResult } from "../experiments/results/result";
import { activeVersion } from "../registry/active";
import { cachedModel } from "../registry/model-cache";
import { readVersionMetadata } from "../registry/registry";
import type { Workspace } from "../workspace";
import type { Finding } from "./findings";
import { reportClaims, type ReportClaims } from "./report-claims";
import { buildSelectedModelReport, type SelectedModelReport } from "./selected-model";
import { buildReportSummary, type ReportSummary } from "./summary";
import { triedIntervals } from "./tried-experiments";
import { experimentIntervals, type ExperimentIntervals } from "../experiments/results/result-intervals";

export interface ReportData {
  /** Null while the data is being prepared behind the app (the grid run of `pushlab serve`). */
  summary: DatasetSummary | null;
  results: ExperimentResult[];
  /**
   * The 95% intervals of the "What we tried" rows (triedExperiments), by id: null while computed
   * behind the app (with the family: family.computing), or where no validation scores are stored.
   */
  triedIntervals: Record<string, ExperimentIntervals | null>;
  findings: Finding[];
  family: ReportClaims["family"];
  selected: SelectedModelReport | null;
  /** The ledger's account of the test days of this data, with its sentence (testDaysStatement); null while the data is still being prepared behind the app. */
  testDays: ReportClaims["test"];
  /** The answer the page opens with; null until a model is selected. */
  answer: ReportSummary | null;
  generatedAt: string;
}

let selectedCache: { key: string; report: SelectedModelReport } | null = null;

/**
 * Everything `/` shows, read from the data, the results store and the registry at request time. While
 * `preparing` (the data is generated or loaded behind the app), the data is never loaded here: the
 * summary is shown once the preparing run has cached it. With `computeFamily: false`, intervals that
 * are not cached are left to a run behind the app (family.computing, no findings yet).
 */
export async function loadReportData(ws: Workspace, options: { preparing?: boolean; computeFamily?: boolean } = {}): Promise<ReportData> {
  const summary = readDatasetSummary(ws) ?? (options.preparing ? null : await getDatasetSummary(ws));
  const results = reportResults(ws);
  // The page passes computeFamily: false, so a first render never blocks on the intervals (family.computing instead).
  const { findings, family, test, activeVsPopularity } = reportClaims(ws, results, { compute: options.computeFamily ?? true });
  const version = activeVersion(ws);
  let selected: SelectedModelReport | null = null;
  let answer: ReportSummary | null = null;
  if (version && summary) {
    const key = `${version.version}\u0000${summary.source.fingerprint}`;
    if (selectedCache?.key === key) selected = selectedCache.report;
    else {
      const data = await loadWorkspaceData(ws);
      selected = buildSelectedModelReport(version, readVersionMetadata(ws.registryDir, version.version), cachedModel(ws.registryDir, version.version), data);
      selectedCache = { key, report: selected };
    }
    const experiment = currentResult(ws, version.experimentId);
    const intervals = experiment ? experimentIntervals(ws, experiment) : null;
    selected = { ...selected, rocAucInterval: intervals?.rocAuc ?? null };
    answer = buildReportSummary(selected, experiment ? { ...experiment, intervals } : null, activeVsPopularity, `paired order bootstrap, simultaneous with the ${family.comparisons} comparisons of the findings`, family.computing);
  }
  // While the family is computed behind the app, so are these (the same run); otherwise at most a few here.
  const tried = triedIntervals(ws, results, !family.computing);
  return { summary, results, triedIntervals: tried, findings, family, selected, testDays: summary ? test : null, answer, generatedAt: new Date().toISOString() };
}
