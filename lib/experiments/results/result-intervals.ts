import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { writeJsonAtomicSync } from "../../fs-atomic";
import { LIBRARY_VERSION } from "../../version";
import type { Workspace } from "../../workspace";
import { BOOTSTRAP_REPLICATES, BOOTSTRAP_SEED, INTERVAL_METRICS, intervalsFromRanking, orderGroups, rankByScore, type Interval, type IntervalMetric, type OrderGroups } from "../comparison/bootstrap";
import type { ExperimentResult } from "./result";
import { readScores, readValidationContext } from "./results-store";

/**
 * One experiment's 95% order-bootstrap intervals on validation, computed from its stored scores the
 * first time a page shows them and kept on disk (PUSHLAB_HOME/cache/intervals-<key>.json), so the
 * grid spends no time on resamples nobody looks at. The numbers are the ones the runner used to store:
 * the same scores, the same order grouping, the same seed. The key covers the library, the data
 * fingerprint, the result's revision (id, spec hash, creation time) and the replicates.
 */

const FORMAT = "pushlab-intervals-v1";
export type ExperimentIntervals = Record<IntervalMetric, Interval>;

const memory = new Map<string, ExperimentIntervals>();
let groupsMemo: { context: string; groups: OrderGroups; labels: Float64Array } | null = null;

export function intervalsCacheKey(result: ExperimentResult, replicates: number): string {
  const revision = [result.id, result.computedFrom.dataFingerprint, result.computedFrom.specHash, result.createdAt];
  return crypto.createHash("sha256").update(JSON.stringify([FORMAT, LIBRARY_VERSION, revision, replicates, BOOTSTRAP_SEED])).digest("hex").slice(0, 32);
}

function isIntervals(value: unknown): value is ExperimentIntervals {
  if (!value || typeof value !== "object") return false;
  return INTERVAL_METRICS.every((m) => {
    const i = (value as Record<string, unknown>)[m] as Interval | undefined;
    return !!i && typeof i.low === "number" && typeof i.high === "number" && typeof i.replicates === "number";
  });
}

/**
 * The result's intervals, from memory, the disk cache, or computed now from its stored scores (≈ 0.5 s
 * on the full-size validation split); null when its scores or the validation rows' context are not
 * stored (nothing to resample), or when `compute` is false and they are not cached.
 */
export function experimentIntervals(ws: Pick<Workspace, "resultsDir" | "cacheDir">, result: ExperimentResult, { replicates = BOOTSTRAP_REPLICATES, compute = true }: { replicates?: number; compute?: boolean } = {}): ExperimentIntervals | null {
  const key = intervalsCacheKey(result, replicates);
  const remembered = memory.get(key);
  if (remembered) return remembered;
  const file = path.join(ws.cacheDir, `intervals-${key}.json`);
  try {
    const stored = JSON.parse(fs.readFileSync(file, "utf8")) as { format?: unknown; key?: unknown; intervals?: unknown };
    if (stored.format === FORMAT && stored.key === key && isIntervals(stored.intervals)) return remember(key, stored.intervals);
  } catch {
    // not computed yet (or unreadable): compute below
  }
  if (!compute) return null;
  const fingerprint = result.computedFrom.dataFingerprint;
  const scores = readScores(ws.resultsDir, result.id);
  if (!scores) return null;
  const contextKey = `${ws.resultsDir}\u0000${fingerprint}`;
  if (groupsMemo?.context !== contextKey) {
    const context = readValidationContext(ws.resultsDir, fingerprint);
    if (!context) return null;
    groupsMemo = { context: contextKey, groups: orderGroups(context.orderIds), labels: context.labels };
  }
  const { groups, labels } = groupsMemo;
  if (scores.length !== labels.length) return null;
  const intervals = intervalsFromRanking(rankByScore(scores, labels, groups.group, groups.groups), groups.groups, result.validation.bestThreshold, replicates);
  fs.mkdirSync(ws.cacheDir, { recursive: true });
  writeJsonAtomicSync(file, { format: FORMAT, key, id: result.id, intervals });
  return remember(key, intervals);
}

function remember(key: string, intervals: ExperimentIntervals): ExperimentIntervals {
  if (memory.size > 500) memory.clear();
  memory.set(key, intervals);
  return intervals;
}
