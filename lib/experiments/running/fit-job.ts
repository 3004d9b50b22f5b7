import type { DesignMatrix } from "../../model/design-matrix";
import { DEFAULT_MAX_ITER, DEFAULT_TOL, fitLogisticRegressionFrom, predictProba, type FitContinuation } from "../../model/logistic-regression";
import type { LogisticSpec } from "../definitions/definition";
import { averagePrecisionFromCounts, binaryClfCurve, rocAucFromCounts } from "../../metrics";
import { bootstrapIntervals, type Interval, type IntervalMetric } from "../comparison/bootstrap";
import { evaluateScores, type Evaluation } from "./evaluate";
import type { FitDiagnostics } from "../results/result";

/** One logistic-regression fit and its validation evaluation; runs in a worker thread or in-process. */
export interface FitJob {
  spec: LogisticSpec;
  train: DesignMatrix;
  yTrain: Float64Array;
  validation: DesignMatrix;
  yValidation: Float64Array;
  /** Order id of each validation row, for the order bootstrap. */
  validationOrders: Float64Array;
  tol?: number;
  maxIter?: number;
  /** Continue from this earlier fit of the same training rows and weights (the runner's warm-start chains). */
  continueFrom?: { id: string; continuation: FitContinuation } | null;
}

export interface FitJobResult {
  coef: number[];
  intercept: number;
  fit: FitDiagnostics;
  evaluation: Evaluation;
  intervals: Record<IntervalMetric, Interval>;
  /** Ranking metrics on the training rows themselves, to show overfitting and leakage. */
  train: { averagePrecision: number; rocAuc: number };
  /** Validation scores, float64 (stored beside the result, so paired comparisons see the table's exact scores). */
  scores: Float64Array;
  seconds: { fit: number; evaluate: number };
  /** What the next fit of a chain continues from. */
  continuation: FitContinuation;
}

/** Called during the fit with the iteration and loss; iteration −1 announces the evaluation stage. */
export type FitProgress = (iteration: number, loss: number) => void;
export const EVALUATING = -1;

export function runFitJob(job: FitJob, onProgress?: FitProgress): FitJobResult {
  const { spec } = job;
  const started = performance.now();
  const { fit, continuation } = fitLogisticRegressionFrom(job.train, job.yTrain, {
    penalty: spec.penalty,
    C: spec.C ?? 1,
    l1Ratio: spec.l1Ratio ?? undefined,
    classWeight: spec.classWeight,
    tol: job.tol,
    maxIter: job.maxIter,
    onIteration: onProgress ? (info) => onProgress(info.iteration, info.loss) : undefined,
  }, job.continueFrom?.continuation ?? null);
  const fitted = performance.now();
  onProgress?.(EVALUATING, fit.loss);
  const scores = predictProba(job.validation, fit.coef, fit.intercept);
  const evaluation = evaluateScores(job.yValidation, scores, { probabilities: true });
  const intervals = bootstrapIntervals(scores, job.yValidation, job.validationOrders, evaluation.metrics.bestThreshold);
  const trainCurve = binaryClfCurve(job.yTrain, predictProba(job.train, fit.coef, fit.intercept));
  const train = { averagePrecision: averagePrecisionFromCounts(trainCurve), rocAuc: rocAucFromCounts(trainCurve) };
  return {
    coef: Array.from(fit.coef),
    intercept: fit.intercept,
    fit: { iterations: fit.iterations, converged: fit.converged, loss: fit.loss, gradNorm: fit.gradNorm, warning: fit.warning ?? null, tol: job.tol ?? DEFAULT_TOL, maxIter: job.maxIter ?? DEFAULT_MAX_ITER, evaluations: fit.evaluations, warmStartFrom: job.continueFrom?.id ?? null },
    evaluation,
    intervals,
    train,
    scores: Float64Array.from(scores),
    seconds: { fit: (fitted - started) / 1000, evaluate: (performance.now() - fitted) / 1000 },
    continuation,
  };
}
