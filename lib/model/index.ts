/** Public API of the logistic-regression solver (see ./logistic-regression.ts). */
export type { DesignMatrix } from "./design-matrix";
export { assertDesignMatrix, designMatrixFromRows } from "./design-matrix";
export { ParameterError } from "./errors";
export {
  DEFAULT_MAX_ITER,
  DEFAULT_TOL,
  PENALTIES,
  decisionFunction,
  evaluateObjective,
  fitLogisticRegression,
  predictProba,
  type ClassWeight,
  type IterationProgress,
  type LogisticFit,
  type LogisticOptions,
  type Penalty,
} from "./logistic-regression";
export { minimizeLbfgs, type IterationInfo, type LbfgsOptions, type MinimizeResult, type StopReason } from "./lbfgs";
export { minimizeOwlqn, pseudoGradient, type OwlqnOptions } from "./owlqn";
export { moreThuenteLineSearch, type LineSearchOptions, type ObjectiveFunction } from "./line-search";
export { logLossGradient, margins, sigmoid } from "./objective";
