import { type NamedClassWeight } from "./penalties";
import { assertDesignMatrix, type DesignMatrix } from "./design-matrix";
import { ParameterError } from "./errors";
import { LbfgsMemory, minimizeLbfgs, maxAbs, type CurvaturePairs, type MinimizeResult, type QuasiNewtonOptions, type StopReason } from "./lbfgs";
import { logLossGradient, logLossHessian, margins, sigmoid } from "./objective";
import { minimizePreconditionedLbfgs, withPreconditioner } from "./preconditioned-lbfgs";
import { minimizeOwlqn, pseudoGradient } from "./owlqn";
import { PARAMETER_RULES, checkParameter, checkPenaltyParameters, isFiniteNumber } from "./parameter-rules";
import type { Penalty } from "./penalties";

export { ParameterError } from "./errors";
export type { DesignMatrix } from "./design-matrix";

/**
 * Binary logistic regression with scikit-learn's `LogisticRegression` parametrisation.
 *
 * With s_i = sampleWeight_i × classWeight[y_i] and ℓ_i the log-loss of row i, the minimised
 * objective is exactly scikit-learn's (the intercept b is never penalised):
 *
 *   "none"        Σ s_i ℓ_i
 *   "l2"          ½‖w‖² + C Σ s_i ℓ_i
 *   "l1"          ‖w‖₁ + C Σ s_i ℓ_i
 *   "elasticnet"  r‖w‖₁ + ½(1−r)‖w‖² + C Σ s_i ℓ_i            (r = l1Ratio)
 *
 * Internally we minimise the same objective divided by C·S with S = Σ s_i (for "none": by S):
 *
 *   L(w, b) = (1/S) Σ s_i ℓ_i + λ₂/2 ‖w‖² + λ₁‖w‖₁,   λ₂ = (1−r)/(C·S),  λ₁ = r/(C·S)
 *
 * which has the same minimiser but an O(1), size-independent scale: `loss` in the result and in
 * `onIteration` is this L, and `tol` is measured on its gradient. class_weight "balanced" is
 * w_c = n / (2·count_c) as in scikit-learn (counts of y, not weighted by sampleWeight).
 *
 * Solvers (our own, on Float64Array; see ./lbfgs.ts and ./owlqn.ts):
 *  - "none", "l2" and "elasticnet" with l1Ratio = 0: L-BFGS with the Moré–Thuente line search;
 *  - "l1" and "elasticnet" with l1Ratio > 0: OWL-QN (orthant-wise L-BFGS), which gives exact zeros.
 * Stopping: max-abs projected gradient of L ≤ tol (the pseudo-gradient for L1 terms; the test
 * scikit-learn's lbfgs applies to its own, unscaled objective), or a relative change of L between
 * iterations ≤ 64·ε (stagnation at floating-point noise); both count as converged. Hitting maxIter
 * or a failed line search does not: the fit then has converged = false and a `warning`.
 * NOTE: our tol is on the rescaled objective, so it is NOT numerically comparable with
 * scikit-learn's tol (whose gradient grows with C·S); tol = 1e-6 here is already tight.
 *
 * Why our own solver and not the `ml-logistic-regression` package (kept only as a cross-check in
 * test/model/ml-cross-check.test.ts): it is fixed-step gradient ascent on ml-matrix objects with no
 * penalty, no intercept (a ones column has to be appended), no sample/class weights and no
 * probabilities in its API (`predict` returns classes), and every step allocates several matrices, so
 * one of its steps costs about fifty of our fused passes while a quasi-Newton fit needs 10–30 passes
 * instead of thousands of fixed-size steps (figures: bench/README.md, "Designs tried").
 */

export { PENALTIES, type Penalty } from "./penalties";

/** "none", "balanced" (n / (2·count_c)), or explicit weights per class. */
export type ClassWeight = NamedClassWeight | { 0: number; 1: number };

export interface IterationProgress {
  iteration: number;
  /** The rescaled objective L (see above). */
  loss: number;
  /** Max-abs projected gradient of L (the stopping quantity). */
  gradNorm: number;
}

export interface LogisticOptions {
  penalty: Penalty;
  /** Inverse regularisation strength, finite > 0. Default 1 (as scikit-learn); ignored for "none". */
  C?: number;
  /** Elastic-net mixing r in [0, 1]; required for "elasticnet", ignored otherwise. */
  l1Ratio?: number;
  classWeight?: ClassWeight;
  /** One finite weight ≥ 0 per row (Σ > 0). */
  sampleWeight?: Float64Array;
  /** Max-abs projected gradient of the rescaled objective at which to stop. Default 1e-6. */
  tol?: number;
  /** Maximum number of quasi-Newton iterations (line searches). Default 1000. */
  maxIter?: number;
  /**
   * Starting point (e.g. the solution for a neighbouring C). Default: all zeros for L-BFGS; for
   * OWL-QN (L1 terms) zero coefficients and the intercept of the intercept-only model.
   */
  warmStart?: { coef: ArrayLike<number>; intercept: number };
  /**
   * Start a cold fit from the solution of the same problem on a fixed row subsample (see
   * SubsampleStartOptions). Default: on from SUBSAMPLE_START_MIN_ROWS rows, off below; false turns
   * it off; ignored when the fit has a start (warmStart, a continuation).
   */
  subsampleStart?: boolean | SubsampleStartOptions;
  onIteration?: (info: IterationProgress) => void;
}

/**
 * A cold fit on many rows first solves the same objective on a deterministic subsample of them, to a
 * loose tolerance, then runs the full-data solver from that solution with the curvature pairs it
 * learnt. The subsample's objective is the full one's in expectation: its data term is the weighted
 * mean log-loss over the subsample's rows (the same class weights, from the full counts) and its
 * penalty weights λ₁, λ₂ are the full problem's (in scikit-learn's terms, C·n/s on s rows). The final
 * fit keeps its own convergence test on all rows, so it reaches the same optimum within tol.
 * The curvature pairs carry over as they are: both data terms are means, so the subsample's Hessian
 * estimates the full one's (no n/s rescaling). Figures behind the defaults: bench/README.md, "Cold
 * fits started from a subsample".
 */
export interface SubsampleStartOptions {
  /** Rows from which it runs, default SUBSAMPLE_START_MIN_ROWS. */
  minRows?: number;
  /** Subsample size: max(minSubsampleRows, ⌈rows / divisor⌉); defaults 50,000 and 16. */
  minSubsampleRows?: number;
  divisor?: number;
  /** The subsample fit's tolerance (max-abs projected gradient of its rescaled objective), default 1e-5. */
  tol?: number;
  /** Hand the subsample fit's curvature pairs to the full fit, default true. */
  curvature?: boolean;
  /**
   * Start the quasi-Newton model on all rows from the subsample's Hessian at the subsample's solution
   * (L-BFGS: H₀ = Ĥ⁻¹, minimizePreconditionedLbfgs; OWL-QN: B₀ = Ĥ) instead of a scaled identity,
   * default true. A fit with a start of its own (a neighbour's continuation, warmStart) then also
   * re-solves on the subsample, from that start, unless the start already meets tol.
   */
  hessian?: boolean;
}

/** Below this many rows a cold fit runs on all rows from the start (bench/README.md). */
export const SUBSAMPLE_START_MIN_ROWS = 400_000;
const SUBSAMPLE_DEFAULTS = { minSubsampleRows: 50_000, divisor: 16, tol: 1e-5, curvature: true, hessian: true };

/** What the subsample start did (absent when it did not run). */
export interface SubsampleStartReport {
  rows: number;
  /** Loss+gradient passes over the subsample's rows (each costs rows / X.rows of a full pass). */
  evaluations: number;
  iterations: number;
}

/** Plain JSON-serialisable result. */
export interface LogisticFit {
  coef: number[];
  intercept: number;
  iterations: number;
  /** Rescaled objective L at the solution. */
  loss: number;
  /** Max-abs projected gradient of L at the solution. */
  gradNorm: number;
  converged: boolean;
  /** Present when converged is false. */
  warning?: string;
  solver?: "lbfgs" | "owlqn";
  stopReason?: StopReason;
  /** Loss+gradient passes over all rows (the subsample start's passes are in `subsample`). */
  evaluations?: number;
  /** Present when the fit started from a subsample's solution or took its Hessian from one. */
  subsample?: SubsampleStartReport;
  /** Present when the quasi-Newton model started from a row subsample's Hessian: that subsample's rows. */
  hessianRows?: number;
}

export const DEFAULT_TOL = PARAMETER_RULES.tol.default;
/** Curvature pairs kept by L-BFGS (scipy's default m = 10). */
const QUASI_NEWTON_MEMORY = 10;
/**
 * Curvature pairs kept by OWL-QN: its subspace direction works on the dense Hessian approximation
 * (O(m·n²) per iteration, nothing next to a data pass), and with one-hot features 30–60 pairs took
 * a full-size fit from ≈ 50–70 to ≈ 30–45 iterations against 10 pairs (bench/README.md).
 */
const OWLQN_MEMORY = 50;

function memorySize(problem: { lambda1: number }): number {
  return problem.lambda1 > 0 ? OWLQN_MEMORY : QUASI_NEWTON_MEMORY;
}
export const DEFAULT_MAX_ITER = PARAMETER_RULES.maxIter.default;

interface Resolved {
  penalty: Penalty;
  C: number;
  l1Ratio: number;
  classWeight: [number, number] | null;
  sampleWeight: Float64Array | null;
  tol: number;
  maxIter: number;
  warmStart: Float64Array | null;
  subsampleStart: Required<SubsampleStartOptions> | null;
  onIteration: ((info: IterationProgress) => void) | null;
}


/** The named class weights of the rules, or explicit weights per class. */
const CLASS_WEIGHT_REQUIREMENT = `${PARAMETER_RULES.classWeight.values.map((v) => `"${v}"`).join(", ")} or {0: w0, 1: w1} with finite weights > 0`;

/** Validates and resolves the options (throws ParameterError naming the parameter, range and value). */
export function resolveLogisticOptions(options: LogisticOptions, rows: number, cols: number): Resolved {
  if (typeof options !== "object" || options === null) throw new ParameterError("options", "an object", options);
  const { penalty } = options;
  const { C, l1Ratio } = checkPenaltyParameters(options);

  let classWeight: [number, number] | null = null;
  const cw = options.classWeight ?? PARAMETER_RULES.classWeight.default;
  if (cw === "balanced") classWeight = [NaN, NaN]; // filled from y
  else if (typeof cw === "object" && cw !== null) {
    const w0 = (cw as Record<string, unknown>)[0];
    const w1 = (cw as Record<string, unknown>)[1];
    if (!isFiniteNumber(w0) || !isFiniteNumber(w1) || w0 <= 0 || w1 <= 0) {
      throw new ParameterError("classWeight", CLASS_WEIGHT_REQUIREMENT, cw);
    }
    classWeight = [w0, w1];
  } else if (!PARAMETER_RULES.classWeight.test(cw)) {
    throw new ParameterError("classWeight", CLASS_WEIGHT_REQUIREMENT, cw);
  }

  let sampleWeight: Float64Array | null = null;
  if (options.sampleWeight !== undefined) {
    const sw = options.sampleWeight;
    if (!(sw instanceof Float64Array) || sw.length !== rows) {
      throw new ParameterError("sampleWeight", `a Float64Array with one weight per row (length ${rows})`, sw);
    }
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      const v = sw[i];
      if (!(v >= 0) || v === Infinity) throw new ParameterError(`sampleWeight[${i}]`, "a finite number >= 0", v);
      sum += v;
    }
    if (!(sum > 0)) throw new ParameterError("sampleWeight", "weights with a positive sum", `weights summing to ${sum}`);
    sampleWeight = sw;
  }

  const tol = options.tol ?? DEFAULT_TOL;
  checkParameter("tol", tol);
  const maxIter = options.maxIter ?? DEFAULT_MAX_ITER;
  checkParameter("maxIter", maxIter);

  let warmStart: Float64Array | null = null;
  if (options.warmStart !== undefined) {
    const ws = options.warmStart;
    if (typeof ws !== "object" || ws === null) throw new ParameterError("warmStart", "an object { coef, intercept }", ws);
    const coef = ws.coef;
    if (coef === null || typeof coef !== "object" || coef.length !== cols) {
      throw new ParameterError("warmStart.coef", `an array of ${cols} finite numbers (one per column of X)`, coef);
    }
    warmStart = new Float64Array(cols + 1);
    for (let j = 0; j < cols; j++) {
      if (!isFiniteNumber(coef[j])) throw new ParameterError(`warmStart.coef[${j}]`, "a finite number", coef[j]);
      warmStart[j] = coef[j];
    }
    if (!isFiniteNumber(ws.intercept)) throw new ParameterError("warmStart.intercept", "a finite number", ws.intercept);
    warmStart[cols] = ws.intercept;
  }
  if (options.onIteration !== undefined && typeof options.onIteration !== "function") {
    throw new ParameterError("onIteration", "a function", options.onIteration);
  }
  const subsampleStart = resolveSubsampleStart(options.subsampleStart, rows);
  return { penalty, C, l1Ratio, classWeight, sampleWeight, tol, maxIter, warmStart, subsampleStart, onIteration: options.onIteration ?? null };
}

/** The subsample start's settings, or null when it does not run on this many rows. */
function resolveSubsampleStart(option: LogisticOptions["subsampleStart"], rows: number): Required<SubsampleStartOptions> | null {
  if (option === false) return null;
  if (option !== undefined && option !== true && (typeof option !== "object" || option === null)) {
    throw new ParameterError("subsampleStart", "true, false or an object of settings", option);
  }
  const given = typeof option === "object" ? option : {};
  const settings = { minRows: option === true ? 0 : SUBSAMPLE_START_MIN_ROWS, ...SUBSAMPLE_DEFAULTS, ...given };
  const least = { minRows: 0, minSubsampleRows: 1, divisor: 2 } as const;
  for (const [name, minimum] of Object.entries(least) as [keyof typeof least, number][]) {
    const v = settings[name];
    if (!Number.isInteger(v) || v < minimum) throw new ParameterError(`subsampleStart.${name}`, `an integer >= ${minimum}`, v);
  }
  if (!isFiniteNumber(settings.tol) || settings.tol <= 0) throw new ParameterError("subsampleStart.tol", "a finite number > 0", settings.tol);
  for (const name of ["curvature", "hessian"] as const) {
    if (typeof settings[name] !== "boolean") throw new ParameterError(`subsampleStart.${name}`, "true or false", settings[name]);
  }
  if (rows < settings.minRows) return null;
  return settings;
}

function checkX(X: DesignMatrix): void {
  try {
    assertDesignMatrix(X);
  } catch (err) {
    throw new ParameterError("X", "a row-major DesignMatrix { data: Float64Array, rows, cols } with data.length = rows × cols", (err as Error).message);
  }
}

/** Validates y (0/1, both classes present) and returns it as a Float64Array (no copy if it already is one). */
function checkY(y: ArrayLike<number>, rows: number): { y: Float64Array; positives: number } {
  if (y === null || typeof y !== "object" || y.length !== rows) {
    throw new ParameterError("y", `an array of ${rows} labels (one per row of X)`, y);
  }
  const out = y instanceof Float64Array ? y : Float64Array.from(y);
  let positives = 0;
  for (let i = 0; i < rows; i++) {
    const v = out[i];
    if (v === 1) positives++;
    else if (v !== 0) throw new ParameterError(`y[${i}]`, "0 or 1", y[i]);
  }
  if (positives === 0 || positives === rows) {
    throw new ParameterError("y", "labels with both classes 0 and 1 present", `only class ${positives === 0 ? 0 : 1}`);
  }
  return { y: out, positives };
}

/** The problem in solver form: smooth part, its L1 weights and scale (see the header comment). */
interface Problem {
  cols: number;
  rows: number;
  smooth: (theta: Float64Array, grad: Float64Array) => number;
  /** The smooth part's Hessian at theta ((cols + 1)², row-major): one O(cols²) pass over the rows. */
  hessian: (theta: Float64Array, out: Float64Array) => void;
  lambda1: number;
  lambda2: number;
  /** Identifies the data term (shape, class weights, weight sum): fits may continue one another only when it is equal. */
  lossKey: string;
  /** The intercept of the best model without features: the logit of the weighted positive share. */
  interceptOnly: number;
  /** The same objective on the given rows of X: their weighted mean log-loss and the same λ₁, λ₂ (null when they hold one class only). */
  onRows: (rows: Uint32Array) => Problem | null;
  /** The margins of the last pass over X when it was at exactly theta (null otherwise, or on a subsample). */
  marginsAt: (theta: Float64Array) => Float64Array | null;
}

/** `keepMargins`: the passes over X write their margins (Problem.marginsAt), for fitLogisticRegressionFrom's callers. */
function buildProblem(X: DesignMatrix, y: Float64Array, positives: number, r: Resolved, keepMargins = false): Problem {
  const { rows } = X;
  let cw = r.classWeight;
  if (cw !== null && Number.isNaN(cw[0])) cw = [rows / (2 * (rows - positives)), rows / (2 * positives)]; // "balanced"
  let weights: Float64Array | null = null;
  if (cw !== null || r.sampleWeight !== null) {
    weights = new Float64Array(rows);
    const sw = r.sampleWeight;
    for (let i = 0; i < rows; i++) weights[i] = (sw === null ? 1 : sw[i]) * (cw === null ? 1 : cw[y[i]]);
  }
  const S = weights === null ? rows : weights.reduce((a, v) => a + v, 0);
  if (!(S > 0)) throw new ParameterError("sampleWeight", "weights with a positive sum", `weights summing to ${S}`);
  let lambda1 = 0;
  let lambda2 = 0;
  if (r.penalty !== "none") {
    lambda1 = r.l1Ratio / (r.C * S);
    lambda2 = (1 - r.l1Ratio) / (r.C * S);
  }
  return dataTermProblem(X, y, weights, S, lambda1, lambda2, JSON.stringify([rows, X.cols, cw, S, r.sampleWeight === null]), keepMargins);
}

/** (1/S) Σ s_i ℓ_i + λ₂/2‖w‖² (+ λ₁‖w‖₁ handled by OWL-QN) on X, y with weights s (null: ones), S = Σ s_i. */
function dataTermProblem(X: DesignMatrix, y: Float64Array, weights: Float64Array | null, S: number, lambda1: number, lambda2: number, lossKey: string, keepMargins = false): Problem {
  const { rows, cols } = X;
  const scale = 1 / S;
  // Every pass over all rows writes its margins (a stream of 8 bytes a row beside the pass's reads)
  // and remembers where it was: a fit whose last pass was at its solution has its training scores.
  let margins: Float64Array | null = null;
  const marginsTheta = new Float64Array(cols + 1).fill(NaN);
  const smooth = (theta: Float64Array, grad: Float64Array): number => {
    if (keepMargins) margins ??= new Float64Array(rows);
    let f = logLossGradient(X, y, weights, theta, grad, scale, margins);
    if (margins !== null) marginsTheta.set(theta);
    if (lambda2 > 0) {
      let ww = 0;
      for (let j = 0; j < cols; j++) {
        ww += theta[j] * theta[j];
        grad[j] += lambda2 * theta[j];
      }
      f += 0.5 * lambda2 * ww;
    }
    return f;
  };
  const hessian = (theta: Float64Array, out: Float64Array): void => {
    logLossHessian(X, weights, theta, out, scale);
    for (let j = 0; j < cols; j++) out[j * (cols + 1) + j] += lambda2;
  };
  let positiveWeight = 0;
  for (let i = 0; i < rows; i++) if (y[i] === 1) positiveWeight += weights === null ? 1 : weights[i];
  const interceptOnly = positiveWeight > 0 && positiveWeight < S ? Math.log(positiveWeight / (S - positiveWeight)) : 0;
  const onRows = (picked: Uint32Array): Problem | null => {
    const k = picked.length;
    const data = X.data instanceof Float32Array ? new Float32Array(k * cols) : new Float64Array(k * cols);
    const ySub = new Float64Array(k);
    const wSub = weights === null ? null : new Float64Array(k);
    let positives = 0;
    let sSub = weights === null ? k : 0;
    for (let a = 0; a < k; a++) {
      const i = picked[a];
      data.set(X.data.subarray(i * cols, (i + 1) * cols), a * cols);
      ySub[a] = y[i];
      positives += y[i];
      if (wSub !== null) sSub += wSub[a] = weights![i];
    }
    if (positives === 0 || positives === k || !(sSub > 0)) return null;
    return dataTermProblem({ data, rows: k, cols }, ySub, wSub, sSub, lambda1, lambda2, `subsample of ${lossKey}`);
  };
  const marginsAt = (theta: Float64Array): Float64Array | null => {
    if (margins === null) return null;
    for (let j = 0; j <= cols; j++) if (!Object.is(marginsTheta[j], theta[j])) return null;
    return margins;
  };
  return { cols, rows, smooth, hessian, lambda1, lambda2, lossKey, interceptOnly, onRows, marginsAt };
}

/**
 * `size` of `rows` row indices, increasing, the same on every run: one row from each of `size`
 * equal blocks, at an offset within the block from a fixed integer hash of the block number (a
 * plain stride could fall in step with a periodic layout of the rows, e.g. a fixed number per order).
 */
export function subsampleRowIndices(rows: number, size: number): Uint32Array {
  if (!(size >= 1 && size <= rows)) throw new RangeError(`subsample of ${size} rows out of ${rows}`);
  const out = new Uint32Array(size);
  for (let b = 0; b < size; b++) {
    const start = Math.floor((b * rows) / size);
    const end = Math.floor(((b + 1) * rows) / size);
    out[b] = start + (mix32(b) % (end - start));
  }
  return out;
}

/** A 32-bit integer finaliser (the "lowbias32" constants): consecutive inputs give unrelated outputs. */
function mix32(v: number): number {
  let x = (v ^ 0x9e3779b9) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

function findNonFinite(X: DesignMatrix): string | null {
  const { data, cols } = X;
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) return `${data[k]} at row ${Math.floor(k / cols)}, column ${k % cols}`;
  }
  return null;
}

/** Fits the model; see the module comment for the objective, solvers and stopping rule. */
export function fitLogisticRegression(X: DesignMatrix, y: ArrayLike<number>, options: LogisticOptions): LogisticFit {
  checkX(X);
  const { rows, cols } = X;
  if (rows === 0) throw new ParameterError("X", "a matrix with at least one row", "0 rows");
  const resolved = resolveLogisticOptions(options, rows, cols);
  const labels = checkY(y, rows);
  return solve(X, resolved, buildProblem(X, labels.y, labels.positives, resolved)).fit;
}

/**
 * What one fit hands to the next fit of a sequence on the same X, y and weights (a neighbouring C, or
 * another penalty whose data term is the same): its solution, the smooth part's value and gradient
 * there, and the quasi-Newton curvature pairs. Plain data, so it crosses worker threads by structured
 * clone (≈ 20 vectors of cols + 1 numbers).
 */
export interface FitContinuation {
  lossKey: string;
  /** [coef…, intercept] of the previous solution. */
  theta: number[];
  lambda2: number;
  /** Data term + λ₂/2‖w‖² at theta (without any L1 term) and its gradient. */
  smoothLoss: number;
  smoothGrad: number[];
  curvature: CurvaturePairs;
}

export interface FitFrom {
  fit: LogisticFit;
  continuation: FitContinuation;
  /**
   * The margins x_i·coef + intercept of every row of X at the fit's solution when the solver's last
   * pass over X was there (the same bits as decisionFunction; it is not when the fit stopped at its
   * start, or after a rejected trial step); null otherwise. The caller owns the array.
   */
  margins: Float64Array | null;
}

/**
 * Fits like fitLogisticRegression, but continues from a previous fit of the same data when `from` is
 * given, and returns what the next fit needs. Consecutive problems differ only in λ₁ and λ₂ (C, the
 * penalty), while the data term is the same function: the start is the previous solution, whose value
 * and gradient for the new objective follow without a data pass (the L2 term moves by Δλ₂/2‖w‖²), and
 * the curvature pairs stay exact after y ← y + Δλ₂·s (LbfgsMemory.shiftCurvature) — so a fit along a
 * grid of C needs a fraction of a cold fit's passes. Each fit still stops on its own tolerance, so the
 * solution is the same optimum as a cold fit's, within that tolerance (not bit for bit).
 * With `from` = null the fit is exactly fitLogisticRegression's (cold).
 */
export function fitLogisticRegressionFrom(
  X: DesignMatrix,
  y: ArrayLike<number>,
  options: LogisticOptions,
  from: FitContinuation | null,
): FitFrom {
  checkX(X);
  const { rows, cols } = X;
  if (rows === 0) throw new ParameterError("X", "a matrix with at least one row", "0 rows");
  const resolved = resolveLogisticOptions(options, rows, cols);
  if (from !== null && resolved.warmStart !== null) throw new ParameterError("warmStart", "absent when continuing from a previous fit", "both given");
  const labels = checkY(y, rows);
  const problem = buildProblem(X, labels.y, labels.positives, resolved, true);
  return solveContinued(X, resolved, problem, from);
}

function solveContinued(X: DesignMatrix, resolved: Resolved, problem: Problem, from: FitContinuation | null): FitFrom {
  const { cols } = X;
  let memory: LbfgsMemory | undefined;
  let initialValue: { f: number; grad: Float64Array } | undefined;
  if (from !== null) {
    if (from.lossKey !== problem.lossKey) {
      throw new ParameterError("from", "the continuation of a fit on the same X, y and weights", `a fit of ${from.lossKey}, not ${problem.lossKey}`);
    }
    const delta = problem.lambda2 - from.lambda2;
    memory = LbfgsMemory.fromPairs(cols + 1, memorySize(problem), from.curvature);
    memory.shiftCurvature(delta, cols);
    const grad = Float64Array.from(from.smoothGrad);
    let ww = 0;
    for (let j = 0; j < cols; j++) {
      grad[j] += delta * from.theta[j];
      ww += from.theta[j] * from.theta[j];
    }
    initialValue = { f: from.smoothLoss + 0.5 * delta * ww, grad };
    resolved = { ...resolved, warmStart: Float64Array.from(from.theta) };
  }
  memory ??= new LbfgsMemory(cols + 1, memorySize(problem));
  const { fit, result, margins } = solve(X, resolved, problem, { memory, initialValue });
  let smoothLoss = result.f;
  if (problem.lambda1 > 0) for (let j = 0; j < cols; j++) smoothLoss -= problem.lambda1 * Math.abs(result.x[j]); // OWL-QN reports F = smooth + L1
  const continuation: FitContinuation = {
    lossKey: problem.lossKey,
    theta: Array.from(result.x),
    lambda2: problem.lambda2,
    smoothLoss,
    smoothGrad: Array.from(result.grad),
    curvature: memory.pairs(),
  };
  return { fit, continuation, margins };
}

/** A point of logisticRegressionPath: the fit at one C. */
export interface LogisticPathFit extends LogisticFit {
  C: number;
}

/**
 * Fits one configuration over a sequence of C (weakest-to-strongest regularization order is up to the
 * caller; increasing C is the usual path), each fit continuing from the previous one
 * (fitLogisticRegressionFrom: its solution, value, gradient and curvature pairs) — as scikit-learn's
 * logistic_regression_path warm-starts, plus the curvature; on the full-size default data this cut a
 * 30-point L2 path from 167 to ≈ 100 iterations (bench/README.md). The first point starts from the
 * intercept-only model. Every point still stops on its own tolerance.
 */
export function* logisticRegressionPath(
  X: DesignMatrix,
  y: ArrayLike<number>,
  Cs: readonly number[],
  options: Omit<LogisticOptions, "C" | "warmStart">,
): Generator<LogisticPathFit> {
  checkX(X);
  const { rows, cols } = X;
  if (rows === 0) throw new ParameterError("X", "a matrix with at least one row", "0 rows");
  const labels = checkY(y, rows);
  let previous: FitContinuation | null = null;
  for (const C of Cs) {
    const resolved = resolveLogisticOptions({ ...options, C }, rows, cols);
    if (previous === null) resolved.warmStart = interceptOnlyStart(labels.y, cols);
    const { fit, continuation } = solveContinued(X, resolved, buildProblem(X, labels.y, labels.positives, resolved), previous);
    previous = continuation;
    yield { ...fit, C };
  }
}

/** Zero coefficients and the logit of the positive share as intercept: nearer the strongly regularized first point than all zeros. */
function interceptOnlyStart(y: Float64Array, cols: number): Float64Array {
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i];
  const start = new Float64Array(cols + 1);
  const share = positives / y.length;
  if (share > 0 && share < 1) start[cols] = Math.log(share / (1 - share));
  return start;
}

function solve(
  X: DesignMatrix,
  resolved: Resolved,
  problem: Problem,
  path: { memory?: LbfgsMemory; initialValue?: { f: number; grad: Float64Array } } = {},
): { fit: LogisticFit; result: MinimizeResult; margins: Float64Array | null } {
  const { cols } = X;
  const solver = problem.lambda1 > 0 ? "owlqn" : "lbfgs";
  let theta0 = resolved.warmStart;
  if (theta0 === null) {
    theta0 = new Float64Array(cols + 1);
    // OWL-QN starts cold from the intercept-only model: there the intercept's gradient is zero and a
    // strong L1 penalty keeps every coefficient at zero, so such a fit converges in one pass instead of
    // ≈ 11 spent finding the intercept from zero (bench/README.md).
    if (solver === "owlqn") theta0[cols] = problem.interceptOnly;
  }
  const onIteration = resolved.onIteration;
  const options = {
    maxIter: resolved.maxIter,
    gtol: resolved.tol,
    memory: memorySize(problem),
    initialMemory: path.memory,
    initialValue: path.initialValue,
    onIteration: onIteration ? (info: { iteration: number; f: number; gradNorm: number }) => onIteration({ iteration: info.iteration, loss: info.f, gradNorm: info.gradNorm }) : undefined,
  };
  let subsample: SubsampleStartReport | undefined;
  let hessianRows: number | undefined;
  const settings = resolved.subsampleStart;
  const cold = resolved.warmStart === null && path.initialValue === undefined && (path.memory === undefined || path.memory.size === 0);
  const preconditioned = settings !== null && settings.hessian;
  let result: MinimizeResult;
  try {
    let sub: Problem | null = null;
    if (settings !== null && (cold || preconditioned)) {
      const size = Math.max(settings.minSubsampleRows, Math.ceil(problem.rows / settings.divisor));
      if (size < problem.rows) sub = problem.onRows(subsampleRowIndices(problem.rows, size));
    }
    // A fit continuing its neighbour re-solves on the subsample too, from the neighbour's solution, unless
    // that is already its answer: the Hessian is then taken near its own optimum, not the neighbour's
    // (from C = 1e-6 to 1e-4 the margins grow, and a chained fit took 25 passes instead of 5 + 15
    // subsample passes; bench/README.md).
    const known = path.initialValue;
    const warmPrefit = preconditioned && !cold && !(known !== undefined && maxAbs(known.grad) <= resolved.tol);
    if ((cold || warmPrefit) && sub !== null) {
      const memory = path.memory ?? new LbfgsMemory(cols + 1, memorySize(problem));
      const prefitOptions = { maxIter: resolved.maxIter, gtol: settings!.tol, memory: memorySize(problem), initialMemory: memory };
      // Not from the subsample's Hessian: measured, it saved few passes on L2 fits (that Hessian is taken at
      // the cold start, far from the optimum) and an L1 fit then stalled above a 1e-9 tolerance.
      const prefit = minimizeProblem(sub, theta0, prefitOptions);
      if (prefit.x.every(Number.isFinite)) {
        subsample = { rows: sub.rows, evaluations: prefit.evaluations, iterations: prefit.iterations };
        theta0 = Float64Array.from(prefit.x);
        options.initialValue = undefined; // it was the value at the neighbour's solution
        if (!settings!.curvature) memory.clear();
        options.initialMemory = memory;
      } else memory.clear();
    }
    if (preconditioned && sub !== null) {
      const run = minimizeWithHessian(problem, sub, theta0, options);
      result = run.result;
      if (run.preconditioned) hessianRows = sub.rows;
    } else result = minimizeProblem(problem, theta0, options);
  } catch (err) {
    const where = findNonFinite(X);
    if (where !== null) throw new ParameterError("X", "finite numbers only", where);
    throw err;
  }

  const fit: LogisticFit = {
    coef: Array.from(result.x.subarray(0, cols)),
    intercept: result.x[cols],
    iterations: result.iterations,
    loss: result.f,
    gradNorm: result.gradNorm,
    converged: result.converged,
    solver,
    stopReason: result.reason,
    evaluations: result.evaluations,
  };
  if (subsample !== undefined) fit.subsample = subsample;
  if (hessianRows !== undefined) fit.hessianRows = hessianRows;
  if (!fit.converged) {
    fit.warning =
      `${solver === "owlqn" ? "OWL-QN" : "L-BFGS"} did not converge (${result.message}) after ${result.iterations} iteration(s): ` +
      `max-abs projected gradient ${result.gradNorm.toExponential(2)} > tol ${resolved.tol.toExponential()}. ` +
      `Increase maxIter, loosen tol, or check the feature scaling.`;
  }
  if (!Number.isFinite(fit.loss) || fit.coef.some((v) => !Number.isFinite(v))) {
    fit.converged = false;
    fit.warning = `the fit diverged (non-finite loss or coefficients): ${fit.warning ?? result.message}`;
  }
  return { fit, result, margins: problem.marginsAt(result.x) };
}

/** The L1 weight of every parameter: λ₁ for each coefficient, 0 for the intercept (not penalised). */
function l1Weights(problem: Problem): Float64Array {
  const lambda = new Float64Array(problem.cols + 1).fill(problem.lambda1);
  lambda[problem.cols] = 0;
  return lambda;
}

/**
 * minimizeProblem with the quasi-Newton model started from the Hessian of `rows` (the problem's row
 * subsample) at theta0: L-BFGS from H₀ = Ĥ⁻¹ (minimizePreconditionedLbfgs), OWL-QN from B₀ = Ĥ, or
 * Ĥ + λ₁I where Ĥ is singular (withPreconditioner).
 */
function minimizeWithHessian(problem: Problem, rows: Problem, theta0: Float64Array, options: QuasiNewtonOptions): { result: MinimizeResult; preconditioned: boolean } {
  const hessian = (x: Float64Array, out: Float64Array) => rows.hessian(x, out);
  if (problem.lambda1 === 0) {
    const result = minimizePreconditionedLbfgs(problem.smooth, hessian, theta0, options);
    return { result, preconditioned: result.preconditioned };
  }
  const memory = options.initialMemory ?? new LbfgsMemory(problem.cols + 1, memorySize(problem));
  return withPreconditioner(memory, hessian, theta0, { damped: false, ridge: problem.lambda1 }, (preconditioned) => ({
    result: minimizeProblem(problem, theta0, { ...options, initialMemory: memory }),
    preconditioned,
  }));
}

/** OWL-QN when the problem has an L1 term, else L-BFGS. */
function minimizeProblem(problem: Problem, theta0: Float64Array, options: QuasiNewtonOptions): MinimizeResult {
  if (problem.lambda1 === 0) return minimizeLbfgs(problem.smooth, theta0, options);
  return minimizeOwlqn(problem.smooth, theta0, l1Weights(problem), options);
}

/**
 * The rescaled objective L and its max-abs projected gradient at given coefficients, for the
 * same data and options as fitLogisticRegression (used to check optimality).
 */
export function evaluateObjective(
  X: DesignMatrix,
  y: ArrayLike<number>,
  coef: ArrayLike<number>,
  intercept: number,
  options: LogisticOptions,
): { loss: number; gradNorm: number } {
  checkX(X);
  const resolved = resolveLogisticOptions(options, X.rows, X.cols);
  const labels = checkY(y, X.rows);
  const problem = buildProblem(X, labels.y, labels.positives, resolved);
  const cols = X.cols;
  if (coef.length !== cols) throw new ParameterError("coef", `an array of ${cols} numbers`, coef);
  const theta = new Float64Array(cols + 1);
  theta.set(Array.from(coef));
  theta[cols] = intercept;
  const grad = new Float64Array(cols + 1);
  let loss = problem.smooth(theta, grad);
  if (problem.lambda1 > 0) {
    for (let j = 0; j < cols; j++) loss += problem.lambda1 * Math.abs(theta[j]);
    pseudoGradient(theta, grad, l1Weights(problem), grad);
  }
  return { loss, gradNorm: maxAbs(grad) };
}

/** Margins x_i·coef + intercept (scikit-learn's decision_function). */
export function decisionFunction(X: DesignMatrix, coef: ArrayLike<number>, intercept: number): Float64Array {
  checkX(X);
  return margins(X, coef, intercept);
}

/** P(y = 1 | x_i) for every row (scikit-learn's predict_proba[:, 1]). */
export function predictProba(X: DesignMatrix, coef: ArrayLike<number>, intercept: number): Float64Array {
  return probabilitiesOfMargins(decisionFunction(X, coef, intercept));
}

/** σ(z_i) for margins z (decisionFunction, FitFrom.margins), in place: returns the same array. */
export function probabilitiesOfMargins(z: Float64Array): Float64Array {
  for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i]);
  return z;
}
