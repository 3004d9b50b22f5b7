import type { PipelineState } from "../../features/pipeline";
import type { ExperimentSpec } from "../definitions/definition";
import type { Curves, SplitMetrics } from "../running/evaluate";

/** What the runner stores per experiment (PUSHLAB_HOME/results/<id>.json); plain JSON. */
export interface ExperimentResult {
  format: "pushlab-result-v2";
  id: string;
  spec: ExperimentSpec;
  /** A result is current while all three match: same data, same definition, same library. */
  computedFrom: { dataFingerprint: string; specHash: string; libraryVersion: string };
  createdAt: string;
  data: {
    file: string;
    trainRows: number;
    trainPositives: number;
    validationRows: number;
    validationPositives: number;
  };
  fit: FitDiagnostics | null;
  seconds: { features: number; fit: number; evaluate: number };
  /** Validation metrics; their 95% order-bootstrap intervals are computed where shown (result-intervals.ts). */
  validation: SplitMetrics;
  /** AP and ROC-AUC on the training rows (null for a baseline). */
  train: { averagePrecision: number; rocAuc: number } | null;
  curves: Curves;
  /** Coefficients on standardized features, by feature name; empty for a baseline. */
  coefficients: { feature: string; coef: number }[];
  /** The fitted pipeline: enough to score new rows without the training data. Null for a baseline. */
  model: FittedModel | null;
}

export interface FitDiagnostics {
  iterations: number;
  converged: boolean;
  loss: number;
  gradNorm: number;
  warning: string | null;
  /** The stopping tolerance and iteration cap the fit ran with (a refit uses the same). */
  tol: number;
  maxIter: number;
  /** Loss+gradient passes over the training rows (absent in results written before it was recorded). */
  evaluations?: number;
  /**
   * The fit's start from a row subsample's solution (its rows and its passes over them, each rows /
   * training rows of a full pass; a chained fit re-solves there from its neighbour); null when the fit
   * started otherwise. Absent in older results.
   */
  subsample?: { rows: number; evaluations: number } | null;
  /**
   * The rows of the subsample whose Hessian started the quasi-Newton model (fits on ≥ 400,000 rows);
   * null otherwise. Absent in older results.
   */
  hessianRows?: number | null;
  /**
   * The experiment whose fit this one continued from (its solution and curvature, see the runner's
   * warm-start chains); null for a cold start. Absent in older results.
   */
  warmStartFrom?: string | null;
}

export interface FittedModel {
  pipeline: PipelineState;
  coef: number[];
  intercept: number;
}
