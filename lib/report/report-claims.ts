import { cachedFamilyIntervals } from "../experiments/comparison/family-store";
import { FAMILY_LEVEL, FAMILY_REPLICATES, FAMILY_SEEDS, type FamilyComparison, type FamilyOptions, type SimultaneousInterval } from "../experiments/comparison/family";
import type { ExperimentResult } from "../experiments/results/result";
import type { Workspace } from "../workspace";
import { generateFindings, planComparisons, type Finding } from "./findings";
import { currentFingerprint } from "../experiments/results/current-results";
import { activeVersion } from "../registry/active";
import { testDaysStatement, testLooks, type TestDaysUse } from "../registry/test-ledger";

/**
 * The report's claims: the findings, the family of comparisons they rest on (simultaneous intervals,
 * ≥ 2,000 replicates, computed when the report is first rendered and cached on disk) and the use of
 * the test days. This is what `/` shows and what `pushlab report --json` writes.
 */

export interface ReportFamily {
  comparisons: number;
  method: string;
  level: number;
  replicates: number;
  seeds: number;
  /** Replicates under each further seed, which measure how close a verdict is to flipping. */
  seedReplicates: number;
  /** Replicates left out over all seeds because a metric was undefined in them. */
  dropped: number;
  borderline: number;
  criticalValue: number | null;
  /** Seconds the computation took (when it was computed, not read from the cache). */
  seconds: number;
  fromCache: boolean;
  /** The one plain sentence the report prints about the method. */
  sentence: string;
}

export interface ReportClaims {
  findings: Finding[];
  /**
   * The active model − the popularity baseline on validation AP, from the same family (so the answer's
   * interval is as wide as the findings'); null without an active model, a popularity baseline or scores.
   */
  activeVsPopularity: SimultaneousInterval | null;
  family: ReportFamily;
  /** The ledger of test looks on the current data file, with its one sentence; null while there is no data file to fingerprint. */
  test: (TestDaysUse & { sentence: string }) | null;
}

function familySentence(f: Omit<ReportFamily, "sentence">): string {
  if (f.comparisons === 0) return "No comparison could be computed (no stored validation scores), so no difference is claimed.";
  const total = f.replicates + f.seedReplicates * (f.seeds - 1);
  return (
    `The ${f.comparisons} comparisons of this report (the findings below and, once a model is selected, its comparison with the popularity baseline in the answer above) are judged as one family: each interval is a simultaneous ${Math.round(f.level * 100)}% interval ` +
    `(a bootstrap max-t band over ${f.replicates.toLocaleString("en-US")} resamples of whole validation orders), so the chance that any of them is called real by luck is about ${Math.round((1 - f.level) * 100)}% in all, not ${Math.round((1 - f.level) * 100)}% each. ` +
    (f.borderline ? `${f.borderline} of them ${f.borderline === 1 ? "is" : "are"} borderline: repeating the bootstrap with ${f.seeds - 1} other seeds could change ${f.borderline === 1 ? "its verdict" : "their verdicts"}. ` : "") +
    (f.dropped ? `${f.dropped.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} resamples were left out because a metric was undefined in them (no purchase drawn). ` : "") +
    "The best experiments are picked on the same validation days, so their differences lean optimistic; the test days check the selected model separately."
  );
}

export function reportClaims(ws: Workspace, results: ExperimentResult[], options: FamilyOptions = {}): ReportClaims {
  const active = activeVersion(ws);
  const popularity = results.find((r) => r.spec.kind === "baseline" && r.spec.score === "global_popularity") ?? null;
  const answer: FamilyComparison | null =
    active && popularity && active.experimentId !== popularity.id ? { candidate: active.experimentId, reference: popularity.id, metric: "averagePrecision" } : null;
  const fromFindings = planComparisons(results);
  const sameAs = (a: FamilyComparison, b: FamilyComparison) => a.candidate === b.candidate && a.reference === b.reference && a.metric === b.metric;
  const planned = answer && !fromFindings.some((c) => sameAs(c, answer)) ? [...fromFindings, answer] : fromFindings;
  const settings: FamilyOptions = { replicates: FAMILY_REPLICATES, seeds: FAMILY_SEEDS, level: FAMILY_LEVEL, ...options };
  const family = planned.length ? cachedFamilyIntervals(ws, planned, settings) : null;
  const key = (c: FamilyComparison) => `${c.candidate}\u0000${c.reference}\u0000${c.metric}`;
  const byKey = new Map((family?.comparisons ?? []).map((c) => [key(c), c]));
  const findings = generateFindings(results, (c) => byKey.get(key(c)) ?? null);
  const summary = {
    comparisons: family?.comparisons.length ?? 0,
    method: family?.method ?? "bootstrap max-t band",
    level: settings.level!,
    replicates: settings.replicates!,
    seeds: settings.seeds!.length,
    seedReplicates: family?.seedReplicates ?? 0,
    dropped: family?.dropped ?? 0,
    borderline: family?.comparisons.filter((c) => c.borderline).length ?? 0,
    criticalValue: family && Number.isFinite(family.criticalValue) ? family.criticalValue : null,
    seconds: family?.seconds ?? 0,
    fromCache: family?.fromCache ?? false,
  };
  const fingerprint = currentFingerprint(ws);
  const use = fingerprint === null ? null : testLooks(ws.registryDir, fingerprint, active?.version ?? null);
  const activeVsPopularity = answer ? (byKey.get(key(answer)) ?? null) : null;
  return { findings, activeVsPopularity, family: { ...summary, sentence: familySentence(summary) }, test: use && { ...use, sentence: testDaysStatement(use) } };
}
