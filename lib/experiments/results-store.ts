import fs from "node:fs";
import path from "node:path";
import { writeJsonAtomicSync } from "../fs-atomic";
import type { ExperimentResult } from "./result";

/**
 * The results store: one JSON file per experiment id under PUSHLAB_HOME/results, written atomically.
 * Ids come from users (URLs, forms, the CLI), so they are checked against a strict pattern before any
 * path is built from them, and only ids present in the store are ever read.
 */

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,159}$/;

export function isValidExperimentId(id: unknown): id is string {
  return typeof id === "string" && ID_PATTERN.test(id) && !id.includes("..");
}

export class UnknownExperimentError extends Error {
  constructor(id: string) {
    super(`unknown experiment id '${id}'`);
    this.name = "UnknownExperimentError";
  }
}

function resultFile(dir: string, id: string): string {
  if (!isValidExperimentId(id)) throw new UnknownExperimentError(String(id).slice(0, 80));
  return path.join(dir, `${id}.json`);
}

export function writeResult(dir: string, result: ExperimentResult): void {
  fs.mkdirSync(dir, { recursive: true });
  writeJsonAtomicSync(resultFile(dir, result.id), result);
}

/** Ids of every stored result (files that look like results; temp files of atomic writes are skipped). */
export function listResultIds(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -5))
    .filter(isValidExperimentId)
    .sort();
}

const cache = new Map<string, { mtimeMs: number; result: ExperimentResult }>();

/** Reads one result; null when the id is not in the store. Parsed results are reused while the file is unchanged. */
export function readResult(dir: string, id: string): ExperimentResult | null {
  if (!isValidExperimentId(id)) return null;
  const file = resultFile(dir, id);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs) return hit.result;
  try {
    const result = JSON.parse(fs.readFileSync(file, "utf8")) as ExperimentResult;
    if (result.format !== "pushlab-result-v1" || result.id !== id) return null;
    cache.set(file, { mtimeMs: stat.mtimeMs, result });
    return result;
  } catch {
    return null;
  }
}

export function readAllResults(dir: string): ExperimentResult[] {
  return listResultIds(dir)
    .map((id) => readResult(dir, id))
    .filter((r): r is ExperimentResult => r !== null);
}

/** Reads a result that must exist; throws UnknownExperimentError otherwise. */
export function requireResult(dir: string, id: string): ExperimentResult {
  const result = readResult(dir, id);
  if (!result) throw new UnknownExperimentError(String(id).slice(0, 80));
  return result;
}
