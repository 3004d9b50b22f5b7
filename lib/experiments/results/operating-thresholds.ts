import fs from "node:fs";
import path from "node:path";
import { writeJsonAtomicSync } from "../../fs-atomic";
import { withLock } from "../../locking";
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

/** A plain decimal number as people write it: `0.35`, `.5`, `1`, `3.5e-1` — never `0x10`, `0b1`, `Infinity` or blanks. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * An operating threshold, everywhere (CLI, Server Actions, stored files): a decimal number in [0, 1]
 * (a probability: outside that range a threshold pushes everyone or no one).
 */
export function validateThreshold(value: unknown): number {
  const text = typeof value === "string" ? value.trim() : null;
  if (text !== null && !DECIMAL.test(text)) throw new RangeError(`threshold must be a decimal number in [0, 1], got ${JSON.stringify(String(value).slice(0, 40))}`);
  const threshold = text !== null ? Number(text) : value;
  if (typeof threshold !== "number" || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new RangeError(`threshold must be a decimal number in [0, 1], got ${JSON.stringify(typeof value === "string" ? value.slice(0, 40) : value ?? null)}`);
  }
  return threshold;
}

/** The threshold kept for experiment `id` (an own entry of the file, valid), or null. */
export function keptThreshold(resultsDir: string, id: string): KeptThreshold | null {
  const all = readOperatingThresholds(resultsDir);
  if (typeof all !== "object" || all === null || !Object.hasOwn(all, id)) return null;
  const kept = all[id];
  try {
    validateThreshold(kept?.threshold);
  } catch {
    return null; // a value written before thresholds were checked, or edited by hand: not used
  }
  return kept;
}

/** Keeps `threshold` for experiment `id`; the id must be in the results store. */
export async function keepOperatingThreshold(resultsDir: string, id: string, value: unknown, by: string): Promise<KeptThreshold> {
  requireResult(resultsDir, id);
  const threshold = validateThreshold(value);
  return withLock(resultsDir, () => {
    const kept = { threshold, keptAt: new Date().toISOString(), by };
    const all = { ...readOperatingThresholds(resultsDir), ...Object.fromEntries([[id, kept]]) };
    writeJsonAtomicSync(path.join(resultsDir, FILE), all);
    return kept;
  });
}
