import { describe, expect, it } from "vitest";
import { dot, moreThuenteLineSearch, type LineSearchOptions, type ObjectiveFunction } from "../../lib/model/line-search";

/**
 * The line search's contract is the strong Wolfe conditions. On 1-D functions whose minimiser is known
 * in closed form, the curvature condition |φ'(α)| ≤ gtol·|φ'(0)| pins the accepted step to an interval
 * around that minimiser that can be written down by hand; the tests check the step lies in it.
 */

function oneD(phi: (a: number) => [number, number]): ObjectiveFunction {
  return (x, g) => {
    const [f, d] = phi(x[0]);
    g[0] = d;
    return f;
  };
}

function search1D(phi: (a: number) => [number, number], stp: number, opts: LineSearchOptions = {}) {
  const [f0, g0] = phi(0);
  const xOut = new Float64Array(1);
  const gOut = new Float64Array(1);
  const res = moreThuenteLineSearch(oneD(phi), Float64Array.of(0), f0, Float64Array.of(g0), Float64Array.of(1), stp, xOut, gOut, new Float64Array(1), new Float64Array(1), opts);
  return { res, xOut, gOut, f0, g0 };
}

function expectStrongWolfe(phi: (a: number) => [number, number], step: number, ftol: number, gtol: number) {
  const [f0, g0] = phi(0);
  const [f, g] = phi(step);
  expect(f).toBeLessThanOrEqual(f0 + ftol * step * g0);
  expect(Math.abs(g)).toBeLessThanOrEqual(gtol * Math.abs(g0));
}

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
const logit = (p: number) => Math.log(p / (1 - p));

describe("moreThuenteLineSearch on a quadratic", () => {
  // φ(α) = (α − 3)²: minimiser 3, φ(0) = 9, φ'(0) = −6. |φ'(α)| = 2|α − 3| ≤ gtol·6 ⇔ |α − 3| ≤ 3·gtol.
  const quad = (a: number): [number, number] => [(a - 3) ** 2, 2 * (a - 3)];

  for (const stp of [0.01, 1, 2.9, 5, 40]) {
    it(`from first step ${stp}, accepts a strong-Wolfe step within 3·gtol of the minimiser`, () => {
      const gtol = 0.01;
      const { res, xOut, gOut } = search1D(quad, stp, { gtol });
      expect(res.status).toBe("converged");
      expectStrongWolfe(quad, res.step, 1e-4, gtol);
      expect(Math.abs(res.step - 3)).toBeLessThanOrEqual(3 * gtol);
      // the returned point, value and gradient are those of the accepted step
      expect(xOut[0]).toBe(res.step);
      expect(res.f).toBe(quad(res.step)[0]);
      expect(gOut[0]).toBe(quad(res.step)[1]);
    });
  }

  it("accepts the first step when it already satisfies the conditions (one evaluation)", () => {
    // α = 1: φ = 4 ≤ 9 − 1e-4·6, |φ'| = 4 ≤ 0.9·6 = 5.4
    const { res } = search1D(quad, 1);
    expect(res).toMatchObject({ status: "converged", step: 1, f: 4, evaluations: 1 });
  });
});

describe("moreThuenteLineSearch on a logistic loss", () => {
  // φ(α) = log(1 + e^(α+s)) − p·(α+s), φ'(α) = σ(α+s) − p, minimiser α* = logit(p) − s.
  // p > σ(s), so +1 is a descent direction. Curvature: |σ(α+s) − p| ≤ gtol·|σ(s) − p|, so
  // α+s ∈ [logit(p − δ), logit(min(p + δ, 1))], δ = gtol·|σ(s) − p| (logit(1) = ∞).
  for (const [p, s] of [[0.9, 0], [0.3, -3], [0.999, -4]] as const) {
    it(`p = ${p}, start ${s}: the step lies in the hand-derived interval around logit(p) − s`, () => {
      const phi = (a: number): [number, number] => {
        const t = a + s;
        return [Math.log1p(Math.exp(t)) - p * t, sigmoid(t) - p];
      };
      const gtol = 0.05;
      const { res } = search1D(phi, 1, { gtol });
      expect(res.status).toBe("converged");
      expectStrongWolfe(phi, res.step, 1e-4, gtol);
      const delta = gtol * Math.abs(sigmoid(s) - p);
      expect(res.step + s).toBeGreaterThanOrEqual(logit(p - delta) - 1e-12);
      expect(res.step + s).toBeLessThanOrEqual(logit(Math.min(p + delta, 1)) + 1e-12);
    });
  }
});

describe("moreThuenteLineSearch in several dimensions", () => {
  it("returns x + step·d with its gradient, and the step minimises along d within gtol", () => {
    // f(x) = Σ w_i (x_i − c_i)²; along d from x the minimiser is α* = −Σ w_i (x_i − c_i) d_i / Σ w_i d_i².
    const w = [1, 10, 0.5];
    const c = [1, -2, 4];
    const fun: ObjectiveFunction = (x, g) => {
      let f = 0;
      for (let i = 0; i < 3; i++) {
        f += w[i] * (x[i] - c[i]) ** 2;
        g[i] = 2 * w[i] * (x[i] - c[i]);
      }
      return f;
    };
    const x = Float64Array.of(0, 0, 0);
    const g0 = new Float64Array(3);
    const f0 = fun(x, g0);
    const d = Float64Array.of(1, -1, 2);
    const xOut = new Float64Array(3);
    const gOut = new Float64Array(3);
    const gtol = 1e-3;
    const res = moreThuenteLineSearch(fun, x, f0, g0, d, 1, xOut, gOut, new Float64Array(3), new Float64Array(3), { gtol });
    expect(res.status).toBe("converged");
    let num = 0;
    let den = 0;
    for (let i = 0; i < 3; i++) {
      num -= w[i] * (x[i] - c[i]) * d[i];
      den += w[i] * d[i] * d[i];
    }
    const alphaStar = num / den; // (1 + 20 + 4) / 31.5
    // φ'(α) = 2·den·(α − α*), φ'(0) = −2·den·α*: |α − α*| ≤ gtol·α*
    expect(Math.abs(res.step - alphaStar)).toBeLessThanOrEqual(gtol * alphaStar);
    for (let i = 0; i < 3; i++) expect(xOut[i]).toBeCloseTo(x[i] + res.step * d[i], 14);
    const gCheck = new Float64Array(3);
    expect(res.f).toBeCloseTo(fun(xOut, gCheck), 12);
    expect(Array.from(gOut)).toEqual(Array.from(gCheck));
    expect(Array.from(x)).toEqual([0, 0, 0]); // x is not modified
    expect(dot(g0, d)).toBeLessThan(0);
  });
});

describe("moreThuenteLineSearch statuses", () => {
  const quad = (a: number): [number, number] => [(a - 3) ** 2, 2 * (a - 3)];

  it("fails on a non-descent direction and on a non-positive first step, without evaluating", () => {
    const up = (a: number): [number, number] => [(a + 1) ** 2, 2 * (a + 1)]; // φ'(0) = 2 > 0
    expect(search1D(up, 1).res).toMatchObject({ status: "failed", message: "not a descent direction", step: 0, evaluations: 0 });
    expect(search1D(quad, 0).res).toMatchObject({ status: "failed", message: "initial step must be > 0", evaluations: 0 });
    expect(search1D(quad, -1).res.status).toBe("failed");
  });

  it("warns with the best point when the evaluation budget runs out before a Wolfe point", () => {
    // gtol 1e-6 needs |α − 3| ≤ 3e-6; α = 0.5 has φ = 6.25 < 9 but fails the curvature test.
    const { res, xOut } = search1D(quad, 0.5, { gtol: 1e-6, maxEvaluations: 1 });
    expect(res).toMatchObject({ status: "warning", message: "no Wolfe point within 1 evaluations", step: 0.5, f: 6.25, evaluations: 1 });
    expect(xOut[0]).toBe(0.5);
  });

  it("fails, leaving f(0), when no step decreases f (the gradient at 0 lied)", () => {
    // values rise on both sides of 0 but the caller claims φ'(0) = −1
    const fun = oneD((a) => [1 + a * a, 2 * a]);
    const xOut = Float64Array.of(42);
    const res = moreThuenteLineSearch(fun, Float64Array.of(0), 1, Float64Array.of(-1), Float64Array.of(1), 1, xOut, new Float64Array(1), new Float64Array(1), new Float64Array(1), { maxEvaluations: 6 });
    expect(res.status).toBe("failed");
    expect(res.step).toBe(0);
    expect(res.f).toBe(1);
    expect(xOut[0]).toBe(42); // no point written
  });

  it("stops at stpmax on a function that keeps decreasing", () => {
    const linear = (a: number): [number, number] => [-a, -1];
    const { res } = search1D(linear, 1, { stpmax: 10 });
    expect(res).toMatchObject({ status: "warning", message: "step at the upper bound stpmax", step: 10, f: -10 });
  });

  it("accepts a step whose decrease is below f's noise level only through the approximate-Wolfe rule", () => {
    // f is flat at 1 (its decrease is lost in rounding) while the gradient is that of s·(α − 1)²:
    // at α = 1 the curvature test holds and sufficient decrease misses by ftol·2s = 2e-13 ≤ 1e-12·|f(0)|.
    const s = 1e-9;
    const noisy = (a: number): [number, number] => [1, 2 * s * (a - 1)];
    const on = search1D(noisy, 1);
    expect(on.res.status).toBe("converged");
    expect(on.res.message).toMatch(/approximate Wolfe/);
    expect(on.res.step).toBe(1);
    const off = search1D(noisy, 1, { approxWolfeEps: 0, maxEvaluations: 5 });
    expect(off.res.status).not.toBe("converged");
  });
});
