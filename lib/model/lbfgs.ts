import { dot, moreThuenteLineSearch, type LineSearchOptions, type ObjectiveFunction } from "./line-search";

/**
 * Limited-memory BFGS (Nocedal & Wright, "Numerical Optimization", Alg. 7.4/7.5) for a smooth,
 * unconstrained objective, with the Moré–Thuente strong-Wolfe line search (./line-search.ts).
 * Generic: knows nothing about logistic regression.
 *
 * Stopping rule (checked after every iteration, in this order):
 *  1. "gtol"  — max_i |∇f_i| ≤ gtol (the projected-gradient test of scipy's L-BFGS-B, which
 *               scikit-learn's lbfgs solver uses; without bounds the projected gradient is ∇f);
 *  2. "ftol"  — (f_prev − f) ≤ ftol · max(|f_prev|, |f|, 1) on STALL_ITERATIONS = 3 consecutive
 *               iterations: the loss no longer changes beyond floating-point noise (scipy's
 *               `factr` test, but not on a single short step). Default ftol = 64·ε ≈ 1.4e-14, the
 *               value recent scikit-learn versions pass to scipy; this counts as converged;
 *  3. "maxIter" — iteration budget exhausted: NOT converged;
 *  4. "lineSearch" — no step decreases f even after resetting the memory to steepest descent:
 *               NOT converged unless test 1 holds (usually gtol is below attainable precision).
 */

export interface IterationInfo {
  /** 1-based iteration number (one quasi-Newton step = one line search). */
  iteration: number;
  f: number;
  /** The quantity of the stopping test: max-abs (pseudo/projected) gradient. */
  gradNorm: number;
  step: number;
  /** Cumulative objective+gradient evaluations. */
  evaluations: number;
}

export type StopReason = "gtol" | "ftol" | "maxIter" | "lineSearch";

export interface QuasiNewtonOptions {
  maxIter?: number;
  gtol?: number;
  ftol?: number;
  /** Number of correction pairs kept (m), default 10 as in scipy. */
  memory?: number;
  /**
   * Start from these curvature pairs instead of an empty memory (a path of related problems; see
   * LbfgsMemory.shiftCurvature). Updated in place; must have been created for the same dimension.
   */
  initialMemory?: LbfgsMemory;
  /** The (smooth) objective and its gradient at x0 when the caller already knows them: saves one evaluation. */
  initialValue?: { f: number; grad: Float64Array };
  onIteration?: (info: IterationInfo) => void;
}

export interface LbfgsOptions extends QuasiNewtonOptions {
  lineSearch?: LineSearchOptions;
}

export interface MinimizeResult {
  x: Float64Array;
  f: number;
  /** Gradient (for OWL-QN: gradient of the smooth part) at x. */
  grad: Float64Array;
  gradNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  reason: StopReason;
  message: string;
}

export const DEFAULT_FTOL = 64 * Number.EPSILON;
/** Consecutive iterations with a relative loss change ≤ ftol before stopping as stalled. */
export const STALL_ITERATIONS = 3;

/** Tracks the relative-loss-change guard; returns true once it held STALL_ITERATIONS times in a row. */
export function stallTracker(ftol: number): (fPrev: number, f: number) => boolean {
  let count = 0;
  return (fPrev, f) => {
    count = fPrev - f <= ftol * Math.max(Math.abs(fPrev), Math.abs(f), 1) ? count + 1 : 0;
    return count >= STALL_ITERATIONS;
  };
}

/** Curvature pairs (s, y) as plain arrays, oldest first. */
export interface CurvaturePairs {
  s: number[][];
  y: number[][];
}

/** The L-BFGS memory: the last m pairs (s, y) in a ring buffer and the two-loop recursion. */
export class LbfgsMemory {
  private s: Float64Array[];
  private y: Float64Array[];
  private readonly rho: Float64Array;
  private readonly alpha: Float64Array;
  private start = 0;
  size = 0;
  /**
   * H₀·v in place, replacing the scaled identity of direction(): an approximate inverse Hessian
   * (preconditioned L-BFGS: withPreconditioner sets the inverse of a subsample's Hessian). Null: (sᵀy / yᵀy)·I.
   */
  initialInverse: ((v: Float64Array) => void) | null = null;
  /** The approximate Hessian whose inverse initialInverse applies (n × n), B₀ of hessianApproximation(); null with it. */
  initialHessian: Float64Array | null = null;

  constructor(
    readonly n: number,
    readonly m: number,
  ) {
    this.s = Array.from({ length: m }, () => new Float64Array(n));
    this.y = Array.from({ length: m }, () => new Float64Array(n));
    this.rho = new Float64Array(m);
    this.alpha = new Float64Array(m);
  }

  clear(): void {
    this.start = 0;
    this.size = 0;
  }

  /** The stored pairs, oldest first, as plain arrays (to hand the curvature to another thread). */
  pairs(): CurvaturePairs {
    const s: number[][] = [];
    const y: number[][] = [];
    for (let t = 0; t < this.size; t++) {
      const k = (this.start + t) % this.m;
      s.push(Array.from(this.s[k]));
      y.push(Array.from(this.y[k]));
    }
    return { s, y };
  }

  /** A memory holding the given pairs (oldest first; the newest m are kept, unsafe ones skipped). */
  static fromPairs(n: number, m: number, pairs: CurvaturePairs): LbfgsMemory {
    const memory = new LbfgsMemory(n, m);
    if (pairs.s.length !== pairs.y.length) throw new RangeError(`curvature pairs: ${pairs.s.length} s but ${pairs.y.length} y vectors`);
    const zero = new Float64Array(n);
    for (let t = 0; t < pairs.s.length; t++) {
      if (pairs.s[t].length !== n || pairs.y[t].length !== n) throw new RangeError(`curvature pair ${t} has dimension ${pairs.s[t].length}/${pairs.y[t].length}, expected ${n}`);
      memory.push(Float64Array.from(pairs.s[t]), zero, Float64Array.from(pairs.y[t]), zero);
    }
    return memory;
  }

  /**
   * Re-expresses the stored pairs for the objective f + (delta/2)·Σ_{i<count} x_i²: its gradient
   * differences are exactly y + delta·s on those coordinates. Along a regularization path, consecutive
   * problems differ by such a quadratic term, so the curvature learnt on one C stays valid for the
   * next instead of being rebuilt from steepest descent. Pairs whose curvature yᵀs is no longer
   * safely positive are dropped.
   */
  shiftCurvature(delta: number, count: number): void {
    const kept: { s: Float64Array; y: Float64Array; rho: number }[] = [];
    for (let t = 0; t < this.size; t++) {
      const k = (this.start + t) % this.m;
      const s = this.s[k];
      const y = this.y[k];
      let ys = 0;
      let yy = 0;
      for (let i = 0; i < this.n; i++) {
        if (i < count) y[i] += delta * s[i];
        ys += y[i] * s[i];
        yy += y[i] * y[i];
      }
      if (ys > Number.EPSILON * yy && yy > 0) kept.push({ s, y, rho: 1 / ys });
    }
    // Re-pack oldest first; the buffers of unused and dropped slots stay allocated for later pairs.
    const keptS = new Set(kept.map((p) => p.s));
    const keptY = new Set(kept.map((p) => p.y));
    this.s = [...keptS, ...this.s.filter((b) => !keptS.has(b))];
    this.y = [...keptY, ...this.y.filter((b) => !keptY.has(b))];
    kept.forEach((p, k) => (this.rho[k] = p.rho));
    this.start = 0;
    this.size = kept.length;
  }

  /** Stores s = xNew − x, y = gNew − g unless the curvature yᵀs is not safely positive. */
  push(xNew: Float64Array, x: Float64Array, gNew: Float64Array, g: Float64Array): boolean {
    const k = (this.start + this.size) % this.m;
    const s = this.s[k];
    const y = this.y[k];
    let ys = 0;
    let yy = 0;
    for (let i = 0; i < this.n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      ys += y[i] * s[i];
      yy += y[i] * y[i];
    }
    if (!(ys > Number.EPSILON * yy) || !(yy > 0)) return false;
    this.rho[k] = 1 / ys;
    if (this.size < this.m) this.size++;
    else this.start = (this.start + 1) % this.m;
    return true;
  }

  /**
   * The dense Hessian approximation B = H⁻¹ of the stored pairs into `out` (n × n, row-major):
   * B₀ = (yᵀy / sᵀy)·I from the newest pair (the inverse of direction()'s H₀, identity when empty), or
   * initialHessian when set,
   * then the BFGS updates B ← B − (Bs)(Bs)ᵀ/(sᵀBs) + yyᵀ/(yᵀs), oldest first. O(m·n²): for the
   * handful of coefficients of a logistic regression this is negligible next to one data pass.
   * `scratch` holds n numbers.
   */
  hessianApproximation(out: Float64Array, scratch: Float64Array): void {
    const n = this.n;
    out.fill(0);
    let b0 = 1;
    if (this.size > 0) {
      const newest = (this.start + this.size - 1) % this.m;
      const yNew = this.y[newest];
      b0 = this.rho[newest] * dot(yNew, yNew);
    }
    if (this.initialHessian !== null) out.set(this.initialHessian);
    else for (let i = 0; i < n; i++) out[i * n + i] = b0;
    const bs = scratch;
    for (let t = 0; t < this.size; t++) {
      const k = (this.start + t) % this.m;
      const s = this.s[k];
      const y = this.y[k];
      let sBs = 0;
      for (let i = 0; i < n; i++) {
        let v = 0;
        const row = i * n;
        for (let j = 0; j < n; j++) v += out[row + j] * s[j];
        bs[i] = v;
        sBs += v * s[i];
      }
      if (!(sBs > 0)) continue;
      const rho = this.rho[k];
      for (let i = 0; i < n; i++) {
        const row = i * n;
        const a = bs[i] / sBs;
        const c = y[i] * rho;
        for (let j = 0; j < n; j++) out[row + j] += c * y[j] - a * bs[j];
      }
    }
  }

  /** d = −H·q by the two-loop recursion, with H₀ = (sᵀy / yᵀy)·I from the newest pair. */
  direction(q: Float64Array, d: Float64Array): void {
    const n = this.n;
    for (let i = 0; i < n; i++) d[i] = -q[i];
    if (this.size === 0) {
      this.initialInverse?.(d);
      return;
    }
    for (let t = this.size - 1; t >= 0; t--) {
      const k = (this.start + t) % this.m;
      const a = this.rho[k] * dot(this.s[k], d);
      this.alpha[k] = a;
      const y = this.y[k];
      for (let i = 0; i < n; i++) d[i] -= a * y[i];
    }
    if (this.initialInverse !== null) this.initialInverse(d);
    else {
      const newest = (this.start + this.size - 1) % this.m;
      const yNew = this.y[newest];
      const gamma = 1 / (this.rho[newest] * dot(yNew, yNew));
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let t = 0; t < this.size; t++) {
      const k = (this.start + t) % this.m;
      const b = this.rho[k] * dot(this.y[k], d);
      const s = this.s[k];
      const c = this.alpha[k] - b;
      for (let i = 0; i < n; i++) d[i] += c * s[i];
    }
  }
}

export function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > m || a !== a) m = a; // NaN propagates
  }
  return m;
}

export function norm2(v: Float64Array): number {
  return Math.sqrt(dot(v, v));
}

export function resolveQuasiNewtonOptions(options: QuasiNewtonOptions): Required<Omit<QuasiNewtonOptions, "onIteration" | "initialMemory" | "initialValue">> {
  return {
    maxIter: options.maxIter ?? 1000,
    gtol: options.gtol ?? 1e-6,
    ftol: options.ftol ?? DEFAULT_FTOL,
    memory: options.memory ?? 10,
  };
}

/** The memory to start from: the given one (checked) or a new, empty one. */
export function memoryFor(initial: LbfgsMemory | undefined, n: number, m: number): LbfgsMemory {
  if (initial === undefined) return new LbfgsMemory(n, m);
  if (initial.n !== n) throw new RangeError(`initialMemory has dimension ${initial.n}, expected ${n}`);
  return initial;
}

/** f and ∇f at x (written into g): the caller's values when given, else one evaluation. Returns [f, evaluations]. */
export function startValue(fun: ObjectiveFunction, x: Float64Array, g: Float64Array, initial?: { f: number; grad: Float64Array }): [number, number] {
  if (initial === undefined) return [fun(x, g), 1];
  if (initial.grad.length !== x.length) throw new RangeError(`initialValue.grad has ${initial.grad.length} values, expected ${x.length}`);
  g.set(initial.grad);
  return [initial.f, 0];
}

/**
 * What both quasi-Newton solvers iterate on: the current point x with its gradient g, the candidate
 * point and gradient a step writes (xNew, gNew), the search direction d and the curvature memory.
 */
export class QuasiNewtonIterate {
  x: Float64Array;
  g: Float64Array;
  xNew: Float64Array;
  gNew: Float64Array;
  readonly d: Float64Array;
  readonly mem: LbfgsMemory;

  constructor(x0: ArrayLike<number>, initialMemory: LbfgsMemory | undefined, m: number) {
    const n = x0.length;
    this.x = Float64Array.from(x0);
    this.g = new Float64Array(n);
    this.xNew = new Float64Array(n);
    this.gNew = new Float64Array(n);
    this.d = new Float64Array(n);
    this.mem = memoryFor(initialMemory, n, m);
  }

  /** The candidate becomes the current point; the step and the change of gradient go into the memory. */
  accept(): void {
    this.mem.push(this.xNew, this.x, this.gNew, this.g);
    [this.x, this.xNew] = [this.xNew, this.x];
    [this.g, this.gNew] = [this.gNew, this.g];
  }

  /** The solver's answer at the current point; converged when it stopped on a tolerance or the gradient is below gtol. */
  result(stop: { f: number; gradNorm: number; gtol: number; iterations: number; evaluations: number; reason: StopReason; message: string }): MinimizeResult {
    const { f, gradNorm, gtol, iterations, evaluations, reason, message } = stop;
    return { x: this.x, f, grad: this.g, gradNorm, iterations, evaluations, converged: reason === "gtol" || reason === "ftol" || gradNorm <= gtol, reason, message };
  }
}

/** Minimises a smooth function from x0 (not modified). */
export function minimizeLbfgs(fun: ObjectiveFunction, x0: ArrayLike<number>, options: LbfgsOptions = {}): MinimizeResult {
  const { maxIter, gtol, ftol, memory: m } = resolveQuasiNewtonOptions(options);
  const n = x0.length;
  const it = new QuasiNewtonIterate(x0, options.initialMemory, m);
  const { d, mem } = it;
  const xTry = new Float64Array(n);
  const gTry = new Float64Array(n);
  const stalled = stallTracker(ftol);

  let [f, evaluations] = startValue(fun, it.x, it.g, options.initialValue);
  if (!Number.isFinite(f)) throw new RangeError(`objective is not finite at the starting point (f = ${f})`);
  let gradNorm = maxAbs(it.g);
  const result = (iterations: number, reason: StopReason, message: string) => it.result({ f, gradNorm, gtol, iterations, evaluations, reason, message });
  if (gradNorm <= gtol) return result(0, "gtol", "gradient below gtol at the starting point");

  for (let iter = 1; iter <= maxIter; iter++) {
    const { x, g, xNew, gNew } = it;
    let ls;
    for (let attempt = 0; ; attempt++) {
      mem.direction(g, d);
      let dg = dot(d, g);
      if (!(dg < 0)) {
        // not a descent direction (numerical trouble in the memory): fall back to steepest descent
        mem.clear();
        mem.direction(g, d);
        dg = dot(d, g);
      }
      const stp0 = mem.size === 0 && mem.initialInverse === null ? Math.min(1, 1 / norm2(d)) : 1;
      ls = moreThuenteLineSearch(fun, x, f, g, d, stp0, xNew, gNew, xTry, gTry, options.lineSearch);
      evaluations += ls.evaluations;
      if (ls.status !== "failed" || mem.size === 0 || attempt > 0) break;
      mem.clear(); // retry once from steepest descent
    }
    if (ls.status === "failed") {
      return result(iter - 1, "lineSearch", `line search failed: ${ls.message}`);
    }
    it.accept();
    const fPrev = f;
    f = ls.f;
    gradNorm = maxAbs(it.g);
    options.onIteration?.({ iteration: iter, f, gradNorm, step: ls.step, evaluations });
    if (gradNorm <= gtol) return result(iter, "gtol", "max-abs gradient ≤ gtol");
    if (stalled(fPrev, f)) return result(iter, "ftol", `relative reduction of f ≤ ftol on ${STALL_ITERATIONS} consecutive iterations`);
  }
  return result(maxIter, "maxIter", `reached maxIter = ${maxIter}`);
}
