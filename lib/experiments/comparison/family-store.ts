import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { writeJsonAtomicSync } from "../../fs-atomic";
import { LIBRARY_VERSION } from "../../version";
import type { Workspace } from "../../workspace";
import { orderGroups, rankByScore } from "./bootstrap";
import { currentFingerprint, currentResult } from "../results/current-results";
import { simultaneousIntervals, type FamilyComparison, type FamilyIntervals, type FamilyOptions } from "./family";
import type { GroupedRanking } from "../../metrics/weighted-ranking";
import { readScores, readValidationContext } from "../results/results-store";

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

export function cachedFamilyIntervals(ws: Workspace, comparisons: readonly FamilyComparison[], options: FamilyOptions = {}): StoredFamily | null {
  const fingerprint = currentFingerprint(ws);
  if (!fingerprint) return null;
  const context = readValidationContext(ws.resultsDir, fingerprint);
  if (!context) return null;
  const ids = [...new Set(comparisons.flatMap((c) => [c.candidate, c.reference]))].sort();
  const results = new Map(ids.map((id) => [id, currentResult(ws, id)]));
  const scores = new Map(ids.map((id) => [id, results.get(id) ? readScores(ws.resultsDir, id) : null]));
  const usable = (id: string) => scores.get(id)?.length === context.labels.length;
  const kept = comparisons.filter((c) => usable(c.candidate) && usable(c.reference));
  const missing = comparisons.filter((c) => !kept.includes(c));
  const revisions = ids.filter(usable).map((id): [string, string, string] => [id, results.get(id)!.currency.specHash, results.get(id)!.createdAt]);
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
  if (!family) {
    const { group, groups } = orderGroups(context.orderIds);
    const rankings = new Map<string, GroupedRanking>();
    for (const id of ids) if (usable(id)) rankings.set(id, rankByScore(scores.get(id)!, context.labels, group, groups));
    family = simultaneousIntervals(rankings, groups, kept, { ...options, thresholds: new Map(ids.filter(usable).map((id) => [id, results.get(id)!.validation.bestThreshold])) });
    fs.mkdirSync(ws.cacheDir, { recursive: true });
    writeJsonAtomicSync(file, { format: FORMAT, key, family });
  }
  if (memory.size > 50) memory.clear();
  memory.set(key, family);
  return { ...family, missing, fromCache };
}
