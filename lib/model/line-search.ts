/**
 * Moré–Thuente line search (J. J. Moré and D. J. Thuente, "Line search algorithms with guaranteed
 * sufficient decrease", ACM TOMS 20(3), 1994), following the MINPACK-2 routines dcsrch/dcstep that
 * scipy's L-BFGS-B also uses. It finds a step satisfying the STRONG Wolfe conditions
 *
 *   φ(α) ≤ φ(0) + ftol·α·φ'(0)        (sufficient decrease)
 *   |φ'(α)| ≤ gtol·|φ'(0)|            (curvature)
 *
 * by safeguarded cubic/quadratic interpolation inside an interval of uncertainty, so it also
 * extrapolates when the first trial step is too short.
 *
 * Addition (Hager & Zhang's "approximate Wolfe" idea, CG_DESCENT 2005): close to the optimum the
 * decrease of f falls below its rounding noise and the sufficient-decrease test cannot be verified
 * from function values. A step is then also accepted when the curvature test holds and the
 * sufficient-decrease test fails by no more than the noise: f(α) ≤ f(0) + ftol·α·φ'(0) + ε_f·|f(0)|,
 * ε_f = `approxWolfeEps` (default 1e-12, between the √n·ε and n·ε rounding levels of a sum of n
 * terms; 0 disables it). Far from the noise regime this changes nothing.
 */

/** Objective with gradient: returns f(x) and writes ∇f(x) into `grad`. */
export type ObjectiveFunction = (x: Float64Array, grad: Float64Array) => number;

export interface LineSearchOptions {
  /** Sufficient-decrease constant (Armijo), default 1e-4. */
  ftol?: number;
  /** Curvature constant, default 0.9 (the usual choice for quasi-Newton directions). */
  gtol?: number;
  /** Relative width of the interval of uncertainty below which the search stops, default 0.1. */
  xtol?: number;
  stpmin?: number;
  stpmax?: number;
  /** Maximum number of function evaluations, default 20. */
  maxEvaluations?: number;
  /** Relative noise level of f for the approximate-Wolfe acceptance, default 1e-12 (0: off). */
  approxWolfeEps?: number;
}

export type LineSearchStatus =
  | "converged" // strong Wolfe conditions hold
  | "warning" // stopped early (rounding, interval too small, eval budget); the best point has f < f(0)
  | "failed"; // no point with f < f(0) found

export interface LineSearchResult {
  status: LineSearchStatus;
  message: string;
  step: number;
  f: number;
  evaluations: number;
}

/**
 * Searches along `d` from `x` (with f0 = f(x), g0 = ∇f(x)), starting with step `stp`.
 * On return `xOut`/`gOut` hold the accepted point and its gradient (when status !== "failed").
 * `xTry`/`gTry` are scratch buffers of the same length (no allocation per call).
 */
export function moreThuenteLineSearch(
  fun: ObjectiveFunction,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  d: Float64Array,
  stp: number,
  xOut: Float64Array,
  gOut: Float64Array,
  xTry: Float64Array,
  gTry: Float64Array,
  options: LineSearchOptions = {},
): LineSearchResult {
  const ftol = options.ftol ?? 1e-4;
  const gtol = options.gtol ?? 0.9;
  const xtol = options.xtol ?? 0.1;
  const stpmin = options.stpmin ?? 0;
  const stpmax = options.stpmax ?? 1e20;
  const maxEvaluations = options.maxEvaluations ?? 20;
  const approxWolfeEps = options.approxWolfeEps ?? 1e-12;
  const n = x.length;

  const ginit = dot(g0, d);
  if (!(ginit < 0)) return { status: "failed", message: "not a descent direction", step: 0, f: f0, evaluations: 0 };
  if (!(stp > 0)) return { status: "failed", message: "initial step must be > 0", step: 0, f: f0, evaluations: 0 };

  const finit = f0;
  const gtest = ftol * ginit;
  let brackt = false;
  let stage1 = true;
  let width = stpmax - stpmin;
  let width1 = width / 0.5;
  const st: StepState = { stx: 0, fx: finit, gx: ginit, sty: 0, fy: finit, gy: ginit, stp, brackt: false };
  let stmin = 0;
  let stmax = stp + 4 * stp;

  let bestF = finit;
  let bestStp = 0;
  let evaluations = 0;

  const evaluate = (a: number): [number, number] => {
    for (let i = 0; i < n; i++) xTry[i] = x[i] + a * d[i];
    const f = fun(xTry, gTry);
    evaluations++;
    const g = dot(gTry, d);
    if (Number.isFinite(f) && f < bestF) {
      bestF = f;
      bestStp = a;
      xOut.set(xTry);
      gOut.set(gTry);
    }
    return [f, g];
  };

  let lastF = finit;
  const finish = (status: LineSearchStatus, message: string): LineSearchResult => {
    if (status === "converged") {
      // the last evaluated point satisfies the Wolfe conditions; it is not necessarily the lowest f
      xOut.set(xTry);
      gOut.set(gTry);
      return { status, message, step: st.stp, f: lastF, evaluations };
    }
    if (bestStp > 0) return { status: "warning", message, step: bestStp, f: bestF, evaluations };
    return { status: "failed", message, step: 0, f: finit, evaluations };
  };

  let stpUpper = stpmax;
  for (;;) {
    let [f, g] = evaluate(st.stp);
    // Non-finite values (overflow far along d): never go that far again, retreat towards stx.
    while (!Number.isFinite(f) || !Number.isFinite(g)) {
      if (evaluations >= maxEvaluations) return finish("warning", "objective not finite along the search direction");
      stpUpper = st.stx + 0.9 * (st.stp - st.stx);
      st.stp = st.stx + 0.5 * (st.stp - st.stx);
      [f, g] = evaluate(st.stp);
    }
    lastF = f;
    const ftest = finit + st.stp * gtest;
    if (stage1 && f <= ftest && g >= 0) stage1 = false;

    if (brackt && stmax - stmin <= xtol * stmax) return finish("warning", "interval of uncertainty below xtol");
    if (brackt && (st.stp <= stmin || st.stp >= stmax)) return finish("warning", "rounding errors prevent progress");
    if (st.stp === stpmax && f <= ftest && g <= gtest) return finish("warning", "step at the upper bound stpmax");
    if (st.stp === stpmin && (f > ftest || g >= gtest)) return finish("warning", "step at the lower bound stpmin");
    if (f <= ftest && Math.abs(g) <= gtol * -ginit) return finish("converged", "strong Wolfe conditions satisfied");
    if (f <= ftest + approxWolfeEps * Math.abs(finit) && Math.abs(g) <= gtol * -ginit) {
      return finish("converged", "approximate Wolfe conditions satisfied (decrease of f below its noise level)");
    }
    if (evaluations >= maxEvaluations) return finish("warning", `no Wolfe point within ${maxEvaluations} evaluations`);

    st.brackt = brackt;
    if (stage1 && f <= st.fx && f > ftest) {
      // Modified function ψ(α) = φ(α) − φ(0) − ftol·α·φ'(0) until a step with ψ ≤ 0 and φ' ≥ 0 is found.
      const fm = f - st.stp * gtest;
      const gm = g - gtest;
      st.fx -= st.stx * gtest;
      st.fy -= st.sty * gtest;
      st.gx -= gtest;
      st.gy -= gtest;
      dcstep(st, fm, gm, stmin, stmax);
      st.fx += st.stx * gtest;
      st.fy += st.sty * gtest;
      st.gx += gtest;
      st.gy += gtest;
    } else {
      dcstep(st, f, g, stmin, stmax);
    }
    brackt = st.brackt;

    if (brackt) {
      // force a sufficient decrease in the size of the interval
      if (Math.abs(st.sty - st.stx) >= 0.66 * width1) st.stp = st.stx + 0.5 * (st.sty - st.stx);
      width1 = width;
      width = Math.abs(st.sty - st.stx);
      stmin = Math.min(st.stx, st.sty);
      stmax = Math.max(st.stx, st.sty);
    } else {
      stmin = st.stp + 1.1 * (st.stp - st.stx);
      stmax = st.stp + 4.0 * (st.stp - st.stx);
    }
    st.stp = Math.min(Math.max(st.stp, stpmin), stpmax, stpUpper);
    if ((brackt && (st.stp <= stmin || st.stp >= stmax)) || (brackt && stmax - stmin <= xtol * stmax)) st.stp = st.stx;
  }
}

interface StepState {
  stx: number;
  fx: number;
  gx: number;
  sty: number;
  fy: number;
  gy: number;
  stp: number;
  brackt: boolean;
}

/**
 * θ and γ of dcstep's cubic through the steps a and b, whose values are fa, fb and whose
 * derivatives d1, d2 are added to θ in that order (the order MINPACK adds them, kept for the bits):
 * θ = 3(fa − fb)/(b − a) + d1 + d2, |γ| = √(θ² − d1·d2), scaled by the largest magnitude against
 * overflow; γ is negative when `negative`.
 */
function cubicTerms(fa: number, fb: number, a: number, b: number, d1: number, d2: number, negative: boolean): [theta: number, gamma: number] {
  const theta = (3 * (fa - fb)) / (b - a) + d1 + d2;
  const sc = Math.max(Math.abs(theta), Math.abs(d1), Math.abs(d2));
  const gamma = sc * Math.sqrt(Math.max(0, (theta / sc) ** 2 - (d1 / sc) * (d2 / sc)));
  return [theta, negative ? -gamma : gamma];
}

/** r = p/q of dcstep's cubic minimizer, with the derivative at the step it moves from and at the other end. */
function cubicRatio(theta: number, gamma: number, dFrom: number, dOther: number): number {
  const p = gamma - dFrom + theta;
  const q = gamma - dFrom + gamma + dOther;
  return p / q;
}

/**
 * MINPACK-2 dcstep: updates the interval of uncertainty [stx, sty] with the trial step (stp, fp, dp)
 * and computes the next trial step by safeguarded cubic / quadratic / secant interpolation.
 */
function dcstep(s: StepState, fp: number, dp: number, stpmin: number, stpmax: number): void {
  const { stx, fx, gx: dx, sty, fy, gy: dy, stp } = s;
  const sgnd = dp * Math.sign(dx);
  let stpf: number;

  if (fp > fx) {
    // Case 1: higher function value; the minimum is bracketed.
    const [theta, gamma] = cubicTerms(fx, fp, stx, stp, dx, dp, stp < stx);
    const r = cubicRatio(theta, gamma, dx, dp);
    const stpc = stx + r * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    s.brackt = true;
  } else if (sgnd < 0) {
    // Case 2: lower function value and derivatives of opposite sign; bracketed.
    const [theta, gamma] = cubicTerms(fx, fp, stx, stp, dx, dp, stp > stx);
    const r = cubicRatio(theta, gamma, dp, dx);
    const stpc = stp + r * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    s.brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // Case 3: lower function value, same-sign derivatives, |derivative| decreases.
    const [theta, gamma] = cubicTerms(fx, fp, stx, stp, dx, dp, stp > stx);
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (s.brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      if (stp > stx) stpf = Math.min(stp + 0.66 * (sty - stp), stpf);
      else stpf = Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.min(stpmax, stpf);
      stpf = Math.max(stpmin, stpf);
    }
  } else {
    // Case 4: lower function value, same-sign derivatives, |derivative| does not decrease.
    if (s.brackt) {
      const [theta, gamma] = cubicTerms(fp, fy, stp, sty, dy, dp, stp > sty);
      const r = cubicRatio(theta, gamma, dp, dy);
      stpf = stp + r * (sty - stp);
    } else if (stp > stx) {
      stpf = stpmax;
    } else {
      stpf = stpmin;
    }
  }

  // Update the interval which contains a minimiser.
  if (fp > fx) {
    s.sty = stp;
    s.fy = fp;
    s.gy = dp;
  } else {
    if (sgnd < 0) {
      s.sty = stx;
      s.fy = fx;
      s.gy = dx;
    }
    s.stx = stp;
    s.fx = fp;
    s.gx = dp;
  }
  s.stp = stpf;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
