import { choleskyFactor, choleskySolveInPlace } from "./cholesky";
import type { ObjectiveFunction } from "./line-search";
import { maxAbs, memoryFor, minimizeLbfgs, startValue, type LbfgsMemory, type LbfgsOptions, type MinimizeResult } from "./lbfgs";

/**
 * L-BFGS whose initial inverse Hessian H₀ is the inverse of an approximate Hessian Ĥ taken once at the
 * start, instead of a scaled identity: for logistic regression with n ≫ p, Ĥ is the exact Hessian on a
 * row subsample (a fraction of one data pass to form, a (p+1)² Cholesky to invert), so the first
 * direction is already a Newton step and the curvature pairs only correct Ĥ's sampling error, where
 * plain L-BFGS spends tens of passes learning the curvature of badly scaled columns. Everything else
 * (Moré–Thuente line search, stopping rule, the memory handed in and out) is minimizeLbfgs's, so the
 * answer is the same optimum within the same tolerance.
 *
 * Tried first: Newton's method with Ĥ re-taken at every iterate (bench/README.md, "Fits"): one pass an
 * iteration, but its rate is the sampling error of Ĥ, so tight tolerances on small subsamples needed
 * more passes than plain L-BFGS; the curvature pairs on top of a fixed Ĥ do not have that floor.
 *
 * `hessian(x, out)` writes Ĥ at x into out (n × n, row-major, symmetric). When Ĥ is not positive
 * definite even after damping, this is plain minimizeLbfgs.
 */
export function minimizePreconditionedLbfgs(
  fun: ObjectiveFunction,
  hessian: (x: Float64Array, out: Float64Array) => void,
  x0: ArrayLike<number>,
  options: LbfgsOptions = {},
): MinimizeResult & { preconditioned: boolean } {
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const [f, evaluations] = startValue(fun, x, g, options.initialValue);
  if (!Number.isFinite(f)) throw new RangeError(`objective is not finite at the starting point (f = ${f})`);
  const memory = memoryFor(options.initialMemory, n, options.memory ?? 10);
  const needed = !(maxAbs(g) <= (options.gtol ?? Infinity)); // no Hessian for a start that is already the answer
  return withPreconditioner(memory, needed ? hessian : null, x, { damped: true }, (preconditioned) => {
    const result = minimizeLbfgs(fun, x, { ...options, initialMemory: memory, initialValue: { f, grad: g } });
    return { ...result, evaluations: result.evaluations + evaluations, preconditioned };
  });
}

/**
 * Runs `solve` with the memory's H₀ = Ĥ⁻¹ and B₀ = Ĥ (Ĥ = hessian(x); LbfgsMemory.initialInverse /
 * initialHessian), then takes them off again: the memory may go on to another fit (a chain), where
 * this Ĥ is not the Hessian. OWL-QN's subspace direction uses B₀, its clipped direction H₀. `solve`
 * is told whether Ĥ was usable: positive definite, or made so by the relative damping of
 * factorDamped when `damped`, or by adding `ridge` to its diagonal. OWL-QN takes Ĥ, or Ĥ + λ₁I when Ĥ
 * is singular (collinear columns): there the L1 term's ±λ₁ has a component along Ĥ's null space, and
 * the tiny relative damping turned it into steps of λ₁/μ (weak-L1 fits took 250–520 passes instead
 * of 12–16); with μ = λ₁ those steps are at most of unit size (bench/README.md). With hessian = null
 * no Ĥ is taken.
 */
export function withPreconditioner<T>(
  memory: LbfgsMemory,
  hessian: ((x: Float64Array, out: Float64Array) => void) | null,
  x: Float64Array,
  { damped, ridge = 0 }: { damped: boolean; ridge?: number },
  solve: (preconditioned: boolean) => T,
): T {
  const n = memory.n;
  let preconditioned = false;
  if (hessian !== null) {
    const H = new Float64Array(n * n);
    const L = new Float64Array(n * n);
    hessian(x, H);
    let usable = damped ? factorDamped(H, n, L) : choleskyFactor(H, n, L);
    if (!usable && ridge > 0) {
      for (let a = 0; a < n; a++) H[a * n + a] += ridge;
      usable = choleskyFactor(H, n, L);
    }
    if (usable) {
      memory.initialInverse = (v) => choleskySolveInPlace(L, n, v);
      memory.initialHessian = H;
      preconditioned = true;
    }
  }
  try {
    return solve(preconditioned);
  } finally {
    memory.initialInverse = null;
    memory.initialHessian = null;
  }
}

/**
 * Cholesky of Ĥ, or of Ĥ + μI with μ = 1e-10, 1e-8, 1e-6 × its largest diagonal entry when Ĥ is
 * singular: unpenalized fits on collinear columns (the gradient has no component along the null
 * space, so the damped step is a step to one of the equally good optima).
 */
function factorDamped(H: Float64Array, n: number, L: Float64Array): boolean {
  if (choleskyFactor(H, n, L)) return true;
  let maxDiagonal = 0;
  for (let a = 0; a < n; a++) maxDiagonal = Math.max(maxDiagonal, H[a * n + a]);
  let added = 0;
  for (const relative of [1e-10, 1e-8, 1e-6]) {
    const mu = relative * maxDiagonal;
    for (let a = 0; a < n; a++) H[a * n + a] += mu - added;
    added = mu;
    if (choleskyFactor(H, n, L)) return true;
  }
  return false;
}
