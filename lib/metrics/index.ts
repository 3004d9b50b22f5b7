/**
 * Model-evaluation metrics that agree with scikit-learn 1.2's definitions. Pure functions over
 * ArrayLike<number> / typed-array columns; invalid or degenerate input throws MetricInputError
 * (never a silent NaN).
 */
export { MetricInputError } from "./errors";
export { binaryClfCurve, binaryClfCurveFromSorted, type BinaryClfCurve } from "./binary-clf-curve";
export { precisionRecallCurve, precisionRecallCurveFromCounts, type PrecisionRecallCurve } from "./pr-curve";
export { averagePrecision, averagePrecisionFromCounts, averagePrecisionFromPrCurve } from "./average-precision";
export { rocCurve, rocCurveFromCounts, type RocCurve, type RocCurveOptions } from "./roc-curve";
export { rocAuc, rocAucFromCounts, gini, giniFromCounts } from "./roc-auc";
export { averagePrecisionAndRocAuc } from "./ranking-summary";
export { logLoss, type LogLossOptions } from "./log-loss";
export { brierScore } from "./brier-score";
export {
  fBeta,
  fBetaCurve,
  fBetaCurveFromPrCurve,
  bestFBetaThreshold,
  bestFBetaFromCurve,
  type FBetaCurve,
  type BestFBeta,
} from "./f-beta";
export { confusionMatrixAt, type ConfusionCounts } from "./confusion-matrix";
export {
  budgetToCount,
  topKCounts,
  topKCountsFromCounts,
  precisionAtK,
  recallAtK,
  type PushBudget,
  type TopKCounts,
} from "./precision-at-k";
export { calibrationCurve, type CalibrationCurve } from "./calibration";
