import fs from "node:fs";
import path from "node:path";
import { numberColumn } from "../data/feature-frame";
import type { PreparedData } from "../data/dataset";
import { ORDER_COLUMN, TARGET_COLUMN } from "../data/schema";
import { fitPipeline, transformRows, type Encoding } from "../features/pipeline";
import { writeJsonAtomicSync } from "../fs-atomic";
import { fitLogisticRegression, predictProba } from "../model/logistic-regression";
import { LIBRARY_VERSION } from "../version";
import { bootstrapIntervals, type Interval, type IntervalMetric } from "./bootstrap";
import type { Penalty } from "./definition";
import { evaluateScores, type CurvePoint } from "./evaluate";

/**
 * A regularization path: one family (encoding × penalty) fitted over a log-spaced grid of C, from the
 * strongest regularization to the weakest, each fit warm-started from the previous solution, on the
 * training rows; evaluated on validation with order-bootstrap bands. Stored as one JSON file per
 * family under PUSHLAB_HOME/paths.
 */

export const PATH_PENALTIES: readonly Penalty[] = ["l2", "l1", "elasticnet"];

export interface PathPoint {
  C: number;
  iterations: number;
  converged: boolean;
  coef: number[];
  intercept: number;
  nonZero: number;
  averagePrecision: number;
  rocAuc: number;
  f03: number;
  bestThreshold: number;
  intervals: Record<IntervalMetric, Interval>;
  /** Downsampled PR / F0.3 curve of this point. */
  curve: CurvePoint[];
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
  onProgress?: (done: number, total: number, C: number) => void;
}

export function logSpaced(min: number, max: number, count: number): number[] {
  if (count === 1) return [min];
  const a = Math.log10(min);
  const b = Math.log10(max);
  return Array.from({ length: count }, (_, k) => Number((10 ** (a + ((b - a) * k) / (count - 1))).toPrecision(6)));
}

export function computeRegularizationPath(data: PreparedData, options: PathOptions): RegularizationPath {
  if (!PATH_PENALTIES.includes(options.penalty)) throw new Error(`penalty must be one of ${PATH_PENALTIES.join(", ")} for a path, got '${options.penalty}'`);
  const started = performance.now();
  const target = numberColumn(data.frame, TARGET_COLUMN);
  const { train: trainRows, validation: validationRows } = data.split.rows;
  const { state, train } = fitPipeline(data.frame, trainRows, { encoding: options.encoding });
  const validation = transformRows(state, data.frame, validationRows);
  const yTrain = Float64Array.from(trainRows, (i) => target[i]);
  const yValidation = Float64Array.from(validationRows, (i) => target[i]);
  const orders = numberColumn(data.frame, ORDER_COLUMN);
  const validationOrders = Float64Array.from(validationRows, (i) => orders[i]);
  const featuresDone = performance.now();
  const l1Ratio = options.penalty === "elasticnet" ? (options.l1Ratio ?? 0.5) : null;
  const Cs = logSpaced(options.Cmin ?? 1e-8, options.Cmax ?? 100, options.points ?? 30);
  const points: PathPoint[] = [];
  let warm: { coef: ArrayLike<number>; intercept: number } | undefined;
  Cs.forEach((C, k) => {
    const fit = fitLogisticRegression(train, yTrain, { penalty: options.penalty, C, l1Ratio: l1Ratio ?? undefined, warmStart: warm });
    warm = { coef: fit.coef, intercept: fit.intercept };
    const scores = predictProba(validation, fit.coef, fit.intercept);
    const evaluation = evaluateScores(yValidation, scores, { probabilities: true }, 120);
    points.push({
      C,
      iterations: fit.iterations,
      converged: fit.converged,
      coef: Array.from(fit.coef),
      intercept: fit.intercept,
      nonZero: Array.from(fit.coef).filter((c) => c !== 0).length,
      averagePrecision: evaluation.metrics.averagePrecision,
      rocAuc: evaluation.metrics.rocAuc,
      f03: evaluation.metrics.f03,
      bestThreshold: evaluation.metrics.bestThreshold,
      intervals: bootstrapIntervals(scores, yValidation, validationOrders, options.replicates ?? 50),
      curve: evaluation.curves.pr,
    });
    options.onProgress?.(k + 1, Cs.length, C);
  });
  const finished = performance.now();
  return {
    format: "pushlab-path-v1",
    encoding: options.encoding,
    penalty: options.penalty,
    l1Ratio,
    dataFingerprint: data.frame.source.fingerprint,
    libraryVersion: LIBRARY_VERSION,
    createdAt: new Date().toISOString(),
    featureNames: state.featureNames,
    points,
    seconds: { features: (featuresDone - started) / 1000, fits: (finished - featuresDone) / 1000, total: (finished - started) / 1000 },
  };
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
