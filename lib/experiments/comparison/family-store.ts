import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { writeJsonAtomicSync } from "../../fs-atomic";
import { LIBRARY_VERSION } from "../../version";
import type { Workspace } from "../../workspace";
import { orderGroups, rankByScore } from "./bootstrap";
import { currentFingerprint, currentResult } from "../results/current-results";
import { isGapComparison, simultaneousIntervals, type FamilyComparison, type FamilyIntervals, type FamilyOptions } from "./family";
import type { GroupedRanking } from "../../metrics/weighted-ranking";
import { readScores, readTrainingContext, readTrainingScores, readValidationContext } from "../results/results-store";

/**
 * Family intervals from the stored validation scores, computed when first asked for and kept on disk
 * (PUSHLAB_HOME/cache/family-<key>.json). The key covers the data fingerprint, the library, the
 * revision of every result involved (id, spec hash, creation time), the comparisons and the bootstrap
 * settings, so a re-run experiment or another data file never reuses a stale band.
 */

const FORMAT = "pushlab-family-v1";
const memory = new Map<string, FamilyIntervals>();

export interface StoredFamily extends FamilyIntervals {
  /** Comparisons that were asked for but could not be computed (no stored scores): no interval, no claim. */
  missing: FamilyComparison[];
  fromCache: boolean;
}

export function familyCacheKey(fingerprint: string, revisions: [string, string, string][], comparisons: readonly FamilyComparison[], options: FamilyOptions): string {
  const settings = { replicates: options.replicates ?? null, seeds: options.seeds ?? null, level: options.level ?? null };
  return crypto.createHash("sha256").update(JSON.stringify([FORMAT, LIBRARY_VERSION, fingerprint, revisions, comparisons, settings])).digest("hex").slice(0, 32);
}

/**
 * The family from the memory or disk cache, computed when missing — unless `compute` is false: then
 * "not computed" says it is missing (the page then shows a status and has it computed behind the app).
 */
export function cachedFamilyIntervals(ws: Workspace, comparisons: readonly FamilyComparison[], options?: FamilyOptions, compute?: true): StoredFamily | null;
export function cachedFamilyIntervals(ws: Workspace, comparisons: readonly FamilyComparison[], options: FamilyOptions, compute: boolean): StoredFamily | null | "not computed";
export function cachedFamilyIntervals(ws: Workspace, comparisons: readonly FamilyComparison[], options: FamilyOptions = {}, compute = true): StoredFamily | null | "not computed" {
  const fingerprint = currentFingerprint(ws);
  if (!fingerprint) return null;
  const context = readValidationContext(ws.resultsDir, fingerprint);
  if (!context) return null;
  const ids = [...new Set(comparisons.flatMap((c) => [c.candidate, c.reference]))].sort();
  const results = new Map(ids.map((id) => [id, currentResult(ws, id)]));
  const scores = new Map(ids.map((id) => [id, results.get(id) ? readScores(ws.resultsDir, id) : null]));
  const usable = (id: string) => scores.get(id)?.length === context.labels.length;
  // Gap comparisons also need each experiment's training scores and the training rows' orders and labels.
  const gapIds = [...new Set(comparisons.filter(isGapComparison).flatMap((c) => [c.candidate, c.reference]))].sort();
  const trainContext = gapIds.length ? readTrainingContext(ws.resultsDir, fingerprint) : null;
  const trainScores = new Map(gapIds.map((id) => [id, trainContext && results.get(id) ? readTrainingScores(ws.resultsDir, id) : null]));
  const trainUsable = (id: string) => trainContext !== null && trainScores.get(id)?.length === trainContext.labels.length;
  const kept = comparisons.filter((c) => usable(c.candidate) && usable(c.reference) && (!isGapComparison(c) || (trainUsable(c.candidate) && trainUsable(c.reference))));
  const missing = comparisons.filter((c) => !kept.includes(c));
  const revisions = ids.filter(usable).map((id): [string, string, string] => [id, results.get(id)!.computedFrom.specHash, results.get(id)!.createdAt]);
  const key = familyCacheKey(fingerprint, revisions, kept, options);
  const file = path.join(ws.cacheDir, `family-${key}.json`);

  let family = memory.get(key) ?? null;
  let fromCache = family !== null;
  if (!family) {
    try {
      const stored = JSON.parse(fs.readFileSync(file, "utf8")) as { format: string; key: string; family: FamilyIntervals };
      if (stored.format === FORMAT && stored.key === key) {
        family = stored.family;
        fromCache = true;
      }
    } catch {
      // not computed yet (or unreadable): compute below
    }
  }
  if (!family && !compute) return "not computed";
  if (!family) {
    const { group, groups } = orderGroups(context.orderIds);
    const rankings = new Map<string, GroupedRanking>();
    for (const id of ids) if (usable(id)) rankings.set(id, rankByScore(scores.get(id)!, context.labels, group, groups));
    let train: FamilyOptions["train"];
    const keptGapIds = [...new Set(kept.filter(isGapComparison).flatMap((c) => [c.candidate, c.reference]))];
    if (keptGapIds.length && trainContext) {
      const t = orderGroups(trainContext.orderIds);
      train = { groups: t.groups, rankings: new Map(keptGapIds.map((id) => [id, rankByScore(trainScores.get(id)!, trainContext.labels, t.group, t.groups)])) };
    }
    family = simultaneousIntervals(rankings, groups, kept, { ...options, train, thresholds: new Map(ids.filter(usable).map((id) => [id, results.get(id)!.validation.bestThreshold])) });
    fs.mkdirSync(ws.cacheDir, { recursive: true });
    writeJsonAtomicSync(file, { format: FORMAT, key, family });
  }
  if (memory.size > 50) memory.clear();
  memory.set(key, family);
  return { ...family, missing, fromCache };
}
