import fs from "node:fs";
import path from "node:path";
import { writeFileAtomicSync, writeJsonAtomicSync } from "../../fs-atomic";
import { listJsonNames } from "../../json-folder";
import type { ExperimentResult } from "./result";
import type { ExperimentSpec } from "../definitions/spec";

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
  return listJsonNames(dir, isValidExperimentId);
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
    if (result.format !== "pushlab-result-v2" || result.id !== id) return null;
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

/*
 * Validation scores beside each result (`<id>.scores.f64`, little-endian float64: exactly the scores
 * the result's metrics were computed from, so a paired comparison reproduces them) and, per data
 * fingerprint, the validation rows' order ids and labels (`validation-<fingerprint>.bin`, float64:
 * n order ids then n labels). Together they let any two experiments be compared on the same
 * resampled orders without reloading the data.
 */

export function writeScores(dir: string, id: string, scores: Float64Array): void {
  fs.mkdirSync(dir, { recursive: true });
  resultFile(dir, id); // validates the id
  writeFileAtomicSync(path.join(dir, `${id}.scores.f64`), new Uint8Array(scores.buffer, scores.byteOffset, scores.byteLength));
}

/** A float64 file of scores (`<id>.<suffix>`), or null when missing or torn. */
function readFloat64File(file: string): Float64Array | null {
  try {
    const bytes = fs.readFileSync(file);
    if (bytes.byteLength % 8 !== 0) return null;
    return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  } catch {
    return null;
  }
}

export function readScores(dir: string, id: string): Float64Array | null {
  return isValidExperimentId(id) ? readFloat64File(path.join(dir, `${id}.scores.f64`)) : null;
}

/** Per data fingerprint, a split's order ids and labels (`<prefix>-<fingerprint>.bin`: all ids, then all labels). */
function rowContextFile(dir: string, prefix: "validation" | "train", fingerprint: string): string {
  if (!/^[0-9a-f]{1,64}$/.test(fingerprint)) throw new Error(`bad data fingerprint '${fingerprint}'`);
  return path.join(dir, `${prefix}-${fingerprint}.bin`);
}

function writeRowContext(file: string, dir: string, orderIds: Float64Array, labels: Float64Array): void {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(dir, { recursive: true });
  const both = new Float64Array(orderIds.length * 2);
  both.set(orderIds, 0);
  both.set(labels, orderIds.length);
  writeFileAtomicSync(file, new Uint8Array(both.buffer));
}

function readRowContext(file: string): { orderIds: Float64Array; labels: Float64Array } | null {
  const all = readFloat64File(file);
  if (all === null || all.length % 2 !== 0) return null;
  const n = all.length / 2;
  return { orderIds: all.subarray(0, n), labels: all.subarray(n) };
}

export function writeValidationContext(dir: string, fingerprint: string, orderIds: Float64Array, labels: Float64Array): void {
  writeRowContext(rowContextFile(dir, "validation", fingerprint), dir, orderIds, labels);
}

export function readValidationContext(dir: string, fingerprint: string): { orderIds: Float64Array; labels: Float64Array } | null {
  try {
    return readRowContext(rowContextFile(dir, "validation", fingerprint));
  } catch {
    return null;
  }
}

/*
 * Training scores (`<id>.train-scores.f64`, float64, in the order of the training rows) for the
 * experiments whose training figures a finding compares with their validation figures (keepsTrainingScores),
 * and per data fingerprint the training rows' order ids and labels (`train-<fingerprint>.bin`, as the
 * validation context). Only those experiments keep them: at full size they are ≈ 12 MB each.
 */

/** The experiments the leakage finding compares on their training rows: unweighted target encodings, cross-fitted or leaky, on every feature. */
export function keepsTrainingScores(spec: ExperimentSpec): boolean {
  return spec.kind === "logreg" && !spec.features && spec.classWeight === "none" && (spec.encoding === "target" || spec.encoding === "target-leaky");
}

export function writeTrainingScores(dir: string, id: string, scores: Float64Array): void {
  fs.mkdirSync(dir, { recursive: true });
  resultFile(dir, id); // validates the id
  writeFileAtomicSync(path.join(dir, `${id}.train-scores.f64`), new Uint8Array(scores.buffer, scores.byteOffset, scores.byteLength));
}

export function readTrainingScores(dir: string, id: string): Float64Array | null {
  return isValidExperimentId(id) ? readFloat64File(path.join(dir, `${id}.train-scores.f64`)) : null;
}

export function writeTrainingContext(dir: string, fingerprint: string, orderIds: Float64Array, labels: Float64Array): void {
  writeRowContext(rowContextFile(dir, "train", fingerprint), dir, orderIds, labels);
}

export function readTrainingContext(dir: string, fingerprint: string): { orderIds: Float64Array; labels: Float64Array } | null {
  try {
    return readRowContext(rowContextFile(dir, "train", fingerprint));
  } catch {
    return null;
  }
}
