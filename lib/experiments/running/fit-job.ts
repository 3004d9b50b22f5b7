import type { DesignMatrix } from "../../model/design-matrix";
import { DEFAULT_MAX_ITER, DEFAULT_TOL, fitLogisticRegressionFrom, predictProba, probabilitiesOfMargins, type FitContinuation } from "../../model/logistic-regression";
import type { LogisticSpec } from "../definitions/definition";
import { averagePrecisionAndRocAuc, binaryClfCurveFromSorted } from "../../metrics";
import { checkLabelsAndScores } from "../../metrics/validate";
import { BOOTSTRAP_REPLICATES, intervalsFromRanking, orderGroups, rankByScore, type Interval, type IntervalMetric, type OrderGroups } from "../comparison/bootstrap";
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
  /** Return the training scores too (keepsTrainingScores): the leakage finding compares them with validation. */
  keepTrainingScores?: boolean;
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
  /** Training scores, float64, when the job asked for them (else null). */
  trainScores: Float64Array | null;
  seconds: { fit: number; evaluate: number };
  /** What the next fit of a chain continues from. */
  continuation: FitContinuation;
}

/** Called during the fit with the iteration and loss; iteration −1 announces the evaluation stage. */
export type FitProgress = (iteration: number, loss: number) => void;
export const EVALUATING = -1;

/**
 * The fit stage alone: what needs the training matrix (the fit, the training scores and metrics).
 * The runner fits a group's experiments first, then builds the validation matrix in the training
 * matrix's buffer and runs their evaluation stages (EvaluateJob), so the two matrices are never held
 * at once; runFitJob runs both stages back to back (the same numbers).
 */
export type FitStageJob = Omit<FitJob, "validation" | "yValidation" | "validationOrders">;

export type FitStageResult = Pick<FitJobResult, "coef" | "intercept" | "fit" | "train" | "trainScores" | "continuation"> & { seconds: { fit: number } };

/** The evaluation stage: a finished fit's coefficients scored on the validation rows. */
export interface EvaluateJob {
  coef: number[];
  intercept: number;
  /** The fit's final loss, announced with the evaluation stage (progress only). */
  loss: number;
  validation: DesignMatrix;
  yValidation: Float64Array;
  validationOrders: Float64Array;
  /** orderGroups(validationOrders), computed once per run (shared with the workers) instead of once per evaluation. */
  validationGroups?: OrderGroups;
  /**
   * Whether to resample for the intervals (default true). The runner says false: its results are
   * resampled where a page shows them (result-intervals.ts), from the same stored scores.
   */
  intervals?: boolean;
}

export type EvaluateResult = Pick<FitJobResult, "evaluation" | "scores"> & { intervals: FitJobResult["intervals"] | null; seconds: { evaluate: number } };

export function runFitStage(job: FitStageJob, onProgress?: FitProgress): FitStageResult {
  const { spec } = job;
  const started = performance.now();
  const { fit, continuation, margins } = fitLogisticRegressionFrom(job.train, job.yTrain, {
    penalty: spec.penalty,
    C: spec.C ?? 1,
    l1Ratio: spec.l1Ratio ?? undefined,
    classWeight: spec.classWeight,
    tol: job.tol,
    maxIter: job.maxIter,
    onIteration: onProgress ? (info) => onProgress(info.iteration, info.loss) : undefined,
  }, job.continueFrom?.continuation ?? null);
  const fitted = performance.now();
  // The solver's last pass at the solution already computed the margins (the same bits as predictProba's).
  const trainScores = margins !== null ? probabilitiesOfMargins(margins) : predictProba(job.train, fit.coef, fit.intercept);
  const train = averagePrecisionAndRocAuc(job.yTrain, trainScores);
  return {
    coef: Array.from(fit.coef),
    intercept: fit.intercept,
    fit: { iterations: fit.iterations, converged: fit.converged, loss: fit.loss, gradNorm: fit.gradNorm, warning: fit.warning ?? null, tol: job.tol ?? DEFAULT_TOL, maxIter: job.maxIter ?? DEFAULT_MAX_ITER, evaluations: fit.evaluations, subsample: fit.subsample ? { rows: fit.subsample.rows, evaluations: fit.subsample.evaluations } : null, hessianRows: fit.hessianRows ?? null, warmStartFrom: job.continueFrom?.id ?? null },
    train,
    // predictProba's own array (not a copy): nothing else keeps it; a worker transfers it (fit-worker.ts).
    trainScores: job.keepTrainingScores ? trainScores : null,
    seconds: { fit: (fitted - started) / 1000 },
    continuation,
  };
}

export function runEvaluateStage(job: EvaluateJob, onProgress?: FitProgress): EvaluateResult {
  const started = performance.now();
  onProgress?.(EVALUATING, job.loss);
  const scores = predictProba(job.validation, Float64Array.from(job.coef), job.intercept);
  const { evaluation, intervals } = evaluateValidationScores(job.yValidation, scores, job.validationOrders, { groups: job.validationGroups, intervals: job.intervals ?? true });
  // predictProba's own array, not a copy (as the training scores): a worker transfers it (fit-worker.ts).
  return { evaluation, intervals, scores, seconds: { evaluate: (performance.now() - started) / 1000 } };
}

/**
 * The evaluation of validation scores (a model's probabilities, or a baseline's raw scores with
 * `probabilities: false`): metrics, curves and order-bootstrap intervals at the best-F0.3 threshold. One sort of the scores serves the curve, the calibration bins and every replicate (the
 * same numbers as evaluateScores + bootstrapIntervals, each with its own sort: tested).
 */
export function evaluateValidationScores(
  yValidation: ArrayLike<number>,
  scores: ArrayLike<number>,
  validationOrders: ArrayLike<number>,
  { probabilities = true, replicates = BOOTSTRAP_REPLICATES, groups: given, intervals = true }: { probabilities?: boolean; replicates?: number; groups?: OrderGroups; intervals?: boolean } = {},
): Pick<EvaluateResult, "evaluation" | "intervals"> {
  checkLabelsAndScores(yValidation, scores);
  if (given && given.group.length !== validationOrders.length) throw new Error("internal: the order groups are not of these validation rows");
  const { group, groups } = given ?? orderGroups(validationOrders);
  const ranking = rankByScore(scores, yValidation, group, groups);
  const curve = binaryClfCurveFromSorted(ranking.scores, ranking.labels);
  const evaluation = evaluateScores(yValidation, scores, { probabilities }, undefined, curve, ranking.scores);
  return { evaluation, intervals: intervals ? intervalsFromRanking(ranking, groups, evaluation.metrics.bestThreshold, replicates) : null };
}

/** Both stages, one after the other, on a job that holds both matrices. */
export function runFitJob(job: FitJob, onProgress?: FitProgress): FitJobResult {
  const fitted = runFitStage(job, onProgress);
  const evaluated = runEvaluateStage({ coef: fitted.coef, intercept: fitted.intercept, loss: fitted.fit.loss, validation: job.validation, yValidation: job.yValidation, validationOrders: job.validationOrders }, onProgress);
  return { ...fitted, ...evaluated, intervals: evaluated.intervals!, seconds: { fit: fitted.seconds.fit, evaluate: evaluated.seconds.evaluate } };
}

/** What the fit pool runs: one stage of an experiment. */
export type PoolTask = { kind: "fit"; job: FitStageJob } | { kind: "evaluate"; job: EvaluateJob } | { kind: "both"; job: FitJob };
export type PoolTaskResult<T extends PoolTask> = T extends { kind: "fit" } ? FitStageResult : T extends { kind: "evaluate" } ? EvaluateResult : FitJobResult;

export function runPoolTask<T extends PoolTask>(task: T, onProgress?: FitProgress): PoolTaskResult<T> {
  const result = task.kind === "fit" ? runFitStage(task.job, onProgress) : task.kind === "evaluate" ? runEvaluateStage(task.job, onProgress) : runFitJob(task.job, onProgress);
  return result as PoolTaskResult<T>;
}
