import fs from "node:fs";
import path from "node:path";
import { writeJsonAtomicSync } from "../fs-atomic";
import { withLock } from "../locking";
import { requireResult } from "./results-store";

/**
 * Operating thresholds kept with experiments from the experiment page (used when the experiment is
 * selected as the model). One JSON map, written atomically under a lock.
 */

const FILE = "_operating-thresholds.json";

export interface KeptThreshold {
  threshold: number;
  keptAt: string;
  by: string;
}

export function readOperatingThresholds(resultsDir: string): Record<string, KeptThreshold> {
  try {
    return JSON.parse(fs.readFileSync(path.join(resultsDir, FILE), "utf8"));
  } catch {
    return {};
  }
}

export function validateThreshold(value: unknown): number {
  const threshold = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof threshold !== "number" || !Number.isFinite(threshold)) {
    throw new RangeError(`threshold must be a finite number, got ${JSON.stringify(value)}`);
  }
  return threshold;
}

/** Keeps `threshold` for experiment `id`; the id must be in the results store. */
export async function keepOperatingThreshold(resultsDir: string, id: string, value: unknown, by: string): Promise<KeptThreshold> {
  requireResult(resultsDir, id);
  const threshold = validateThreshold(value);
  return withLock(resultsDir, () => {
    const all = readOperatingThresholds(resultsDir);
    const kept = { threshold, keptAt: new Date().toISOString(), by };
    all[id] = kept;
    writeJsonAtomicSync(path.join(resultsDir, FILE), all);
    return kept;
  });
}
