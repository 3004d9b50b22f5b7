import fs from "node:fs";
import path from "node:path";
import type { Encoding } from "../../features/pipeline";
import { writeJsonAtomicSync } from "../../fs-atomic";
import { LIBRARY_VERSION } from "../../version";
import type { Penalty } from "../definitions/definition";
import type { PathPointEvaluation } from "./path-evaluation";

/**
 * A regularization path: one family (encoding × penalty) fitted over a log-spaced grid of C, from the
 * strongest regularization to the weakest, each fit warm-started from the previous solution, on the
 * training rows; evaluated on validation with order-bootstrap bands. Stored as one JSON file per
 * family under PUSHLAB_HOME/paths. Computed by ./path-runner.ts.
 */

export const PATH_PENALTIES: readonly Penalty[] = ["l2", "l1", "elasticnet"];

export interface PathPoint extends PathPointEvaluation {
  C: number;
  iterations: number;
  converged: boolean;
  coef: number[];
  intercept: number;
  nonZero: number;
}

export interface RegularizationPath {
  format: "pushlab-path-v1";
  encoding: Encoding;
  penalty: Penalty;
  l1Ratio: number | null;
  dataFingerprint: string;
  libraryVersion: string;
  createdAt: string;
  featureNames: string[];
  /** The fits' stopping tolerance (max-abs gradient of the rescaled objective). */
  tol: number;
  points: PathPoint[];
  seconds: { features: number; fits: number; total: number };
}

export interface PathOptions {
  encoding: Encoding;
  penalty: Penalty;
  points?: number;
  Cmin?: number;
  Cmax?: number;
  l1Ratio?: number;
  /** Bootstrap replicates per point (fewer than the runner's 200: 30 points share one budget). */
  replicates?: number;
  /** Stopping tolerance of each fit; default PATH_TOL. */
  tol?: number;
  /** Evaluate on the calling thread instead of a worker (tests, tiny data). */
  inProcess?: boolean;
  onProgress?: (done: number, total: number, C: number) => void;
}

export function logSpaced(min: number, max: number, count: number): number[] {
  if (count === 1) return [min];
  const a = Math.log10(min);
  const b = Math.log10(max);
  return Array.from({ length: count }, (_, k) => Number((10 ** (a + ((b - a) * k) / (count - 1))).toPrecision(6)));
}

export function pathFile(pathsDir: string, encoding: Encoding, penalty: Penalty): string {
  return path.join(pathsDir, `${encoding}-${penalty}.json`);
}

export function writePath(pathsDir: string, result: RegularizationPath): void {
  fs.mkdirSync(pathsDir, { recursive: true });
  writeJsonAtomicSync(pathFile(pathsDir, result.encoding, result.penalty), result);
}

/** The stored path of a family when it was computed on this data by this library; null otherwise. */
export function readPath(pathsDir: string, encoding: Encoding, penalty: Penalty, fingerprint: string): RegularizationPath | null {
  try {
    const result = JSON.parse(fs.readFileSync(pathFile(pathsDir, encoding, penalty), "utf8")) as RegularizationPath;
    return result.format === "pushlab-path-v1" && result.dataFingerprint === fingerprint && result.libraryVersion === LIBRARY_VERSION ? result : null;
  } catch {
    return null;
  }
}
