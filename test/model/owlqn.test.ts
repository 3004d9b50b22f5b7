import { describe, expect, it } from "vitest";
import { minimizeLbfgs } from "../../lib/model/lbfgs";
import type { ObjectiveFunction } from "../../lib/model/line-search";
import { minimizeOwlqn, nextStep, pseudoGradient } from "../../lib/model/owlqn";
import { rng } from "./helpers";

/** ½‖Ax − b‖² with A (m × n, row-major). */
function leastSquares(A: Float64Array, b: Float64Array, m: number, n: number): ObjectiveFunction {
  const r = new Float64Array(m);
  return (x, g) => {
    let f = 0;
    for (let i = 0; i < m; i++) {
      let s = -b[i];
      for (let j = 0; j < n; j++) s += A[i * n + j] * x[j];
      r[i] = s;
      f += 0.5 * s * s;
    }
    g.fill(0);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) g[j] += A[i * n + j] * r[i];
    return f;
  };
}

/** Cyclic coordinate descent for ½‖Ax − b‖² + Σ λ_j|x_j|, run to machine precision (reference). */
function lassoCoordinateDescent(A: Float64Array, b: Float64Array, m: number, n: number, lambda: Float64Array): Float64Array {
  const x = new Float64Array(n);
  const r = Float64Array.from(b, (v) => -v); // r = Ax − b
  const colSq = new Float64Array(n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) colSq[j] += A[i * n + j] ** 2;
  for (let sweep = 0; sweep < 100000; sweep++) {
    let maxChange = 0;
    for (let j = 0; j < n; j++) {
      let rho = 0;
      for (let i = 0; i < m; i++) rho += A[i * n + j] * (r[i] - A[i * n + j] * x[j]);
      const z = -rho;
      const xNew = Math.sign(z) * Math.max(Math.abs(z) - lambda[j], 0) / colSq[j];
      const delta = xNew - x[j];
      if (delta !== 0) {
        for (let i = 0; i < m; i++) r[i] += A[i * n + j] * delta;
        x[j] = xNew;
        maxChange = Math.max(maxChange, Math.abs(delta));
      }
    }
    if (maxChange < 1e-15) break;
  }
  return x;
}

describe("pseudoGradient", () => {
  it("is the minimum-norm subgradient of f + Σλ|x|", () => {
    const x = Float64Array.of(1, -1, 0, 0, 0, 0);
    const g = Float64Array.of(0.5, 0.5, 0.3, -2, 2, 7);
    const lambda = Float64Array.of(1, 1, 1, 1, 1, 0);
    expect([...pseudoGradient(x, g, lambda, new Float64Array(6))]).toEqual([1.5, -0.5, 0, -1, 1, 7]);
  });
});

describe("minimizeOwlqn", () => {
  it("matches the closed-form soft-thresholding solution of a separable problem, with exact zeros", () => {
    // Σ ½ a_i (x_i − c_i)² + λ_i |x_i|  →  x_i = sign(c_i) · max(|c_i| − λ_i / a_i, 0)
    const a = Float64Array.of(1, 2, 0.5, 4, 1, 3, 1);
    const c = Float64Array.of(3, -1, 0.2, 0.1, -5, 0.5, -0.3);
    const lambda = Float64Array.of(1, 1, 1, 1, 1, 0, 0);
    const fun: ObjectiveFunction = (x, g) => {
      let f = 0;
      for (let i = 0; i < x.length; i++) {
        f += 0.5 * a[i] * (x[i] - c[i]) ** 2;
        g[i] = a[i] * (x[i] - c[i]);
      }
      return f;
    };
    const res = minimizeOwlqn(fun, new Float64Array(7), lambda, { gtol: 1e-12 });
    expect(res.converged).toBe(true);
    const expected = [...c].map((ci, i) => Math.sign(ci) * Math.max(Math.abs(ci) - lambda[i] / a[i], 0));
    for (let i = 0; i < 7; i++) {
      if (expected[i] === 0) expect(res.x[i]).toBe(0);
      else expect(res.x[i]).toBeCloseTo(expected[i], 12);
    }
  });

  it("agrees with coordinate descent on a correlated lasso problem (zeros exactly where CD has them)", () => {
    const r = rng(5);
    const m = 60;
    const n = 12;
    const A = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      const common = r.normal();
      for (let j = 0; j < n; j++) A[i * n + j] = r.normal() + 0.8 * common; // correlated columns
    }
    const truth = Float64Array.from({ length: n }, (_, j) => (j % 3 === 0 ? 2 - j / 5 : 0));
    const b = Float64Array.from({ length: m }, (_, i) => {
      let s = 0.3 * r.normal();
      for (let j = 0; j < n; j++) s += A[i * n + j] * truth[j];
      return s;
    });
    const lambda = new Float64Array(n).fill(8);
    const reference = lassoCoordinateDescent(A, b, m, n, lambda);
    const res = minimizeOwlqn(leastSquares(A, b, m, n), new Float64Array(n), lambda, { gtol: 1e-11, maxIter: 1000 });
    expect(res.converged).toBe(true);
    const zeros = [...reference].filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(2); // the test is meaningful
    for (let j = 0; j < n; j++) {
      if (reference[j] === 0) expect(res.x[j]).toBe(0);
      // f ≈ 37 here, so its rounding noise (~1e-14) limits the attainable accuracy to ~1e-8
      else expect(res.x[j]).toBeCloseTo(reference[j], 7);
    }
  });

  it("reaches the coordinate-descent solution with either direction, the subspace one in fewer evaluations", () => {
    // Correlated columns and coordinates pinned at zero: zeroing those components of the full-space
    // quasi-Newton direction leaves moves of their correlated neighbours that the model mis-predicts.
    const r = rng(11);
    const m = 80;
    const n = 30;
    const A = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      const common = r.normal();
      for (let j = 0; j < n; j++) A[i * n + j] = r.normal() + 0.99 * common;
    }
    const truth = Float64Array.from({ length: n }, (_, j) => (j % 3 === 0 ? 2 - j / 5 : 0));
    const b = Float64Array.from({ length: m }, (_, i) => {
      let s = 0.3 * r.normal();
      for (let j = 0; j < n; j++) s += A[i * n + j] * truth[j];
      return s;
    });
    const lambda = new Float64Array(n).fill(5);
    const reference = lassoCoordinateDescent(A, b, m, n, lambda);
    expect([...reference].filter((v) => v === 0).length).toBeGreaterThan(5);
    const fits = (["clipped", "subspace"] as const).map((direction) =>
      minimizeOwlqn(leastSquares(A, b, m, n), new Float64Array(n), lambda, { gtol: 1e-10, maxIter: 1000, direction, backtracking: "halve" }),
    );
    for (const res of fits) {
      expect(res.converged).toBe(true);
      for (let j = 0; j < n; j++) {
        if (reference[j] === 0) expect(res.x[j]).toBe(0);
        else expect(res.x[j]).toBeCloseTo(reference[j], 6);
      }
    }
    const [clipped, subspace] = fits;
    expect(subspace.evaluations).toBeLessThan(clipped.evaluations);
  });

  it("takes the same solution with halving and with interpolating backtracking", () => {
    const r = rng(5);
    const m = 60;
    const n = 12;
    const A = Float64Array.from({ length: m * n }, () => r.normal());
    const b = Float64Array.from({ length: m }, () => 3 * r.normal());
    const lambda = new Float64Array(n).fill(10);
    const reference = lassoCoordinateDescent(A, b, m, n, lambda);
    for (const backtracking of ["halve", "interpolate"] as const) {
      const res = minimizeOwlqn(leastSquares(A, b, m, n), new Float64Array(n), lambda, { gtol: 1e-10, backtracking });
      expect(res.converged).toBe(true);
      for (let j = 0; j < n; j++) {
        if (reference[j] === 0) expect(res.x[j]).toBe(0);
        else expect(res.x[j]).toBeCloseTo(reference[j], 7);
      }
    }
  });

  it("leaves λ = 0 coordinates unpenalised and equals L-BFGS when all λ are 0", () => {
    const r = rng(9);
    const m = 40;
    const n = 5;
    const A = Float64Array.from({ length: m * n }, () => r.normal());
    const b = Float64Array.from({ length: m }, () => r.normal() * 3);
    const fun = leastSquares(A, b, m, n);
    const o = minimizeOwlqn(fun, new Float64Array(n), new Float64Array(n), { gtol: 1e-11 });
    const l = minimizeLbfgs(fun, new Float64Array(n), { gtol: 1e-11 });
    for (let j = 0; j < n; j++) expect(o.x[j]).toBeCloseTo(l.x[j], 9);
  });

  it("reports maxIter as not converged", () => {
    const fun: ObjectiveFunction = (x, g) => {
      g[0] = 2 * (x[0] - 3) + (x[1] - 1);
      g[1] = x[0] - 3 + 10 * (x[1] - 1);
      return (x[0] - 3) ** 2 + (x[0] - 3) * (x[1] - 1) + 5 * (x[1] - 1) ** 2;
    };
    const res = minimizeOwlqn(fun, [0, 0], [0.1, 0.1], { gtol: 1e-12, maxIter: 1 });
    expect(res.converged).toBe(false);
    expect(res.reason).toBe("maxIter");
    expect(res.iterations).toBe(1);
  });

  it("validates lambda", () => {
    const fun: ObjectiveFunction = (x, g) => ((g[0] = x[0]), 0.5 * x[0] * x[0]);
    expect(() => minimizeOwlqn(fun, [1], [-1])).toThrow(/lambda\[0\] must be a finite number >= 0, got -1/);
    expect(() => minimizeOwlqn(fun, [1], [1, 2])).toThrow(/lambda has 2 values, expected 1/);
  });
});

describe("nextStep (backtracking after a rejected step)", () => {
  it("is the minimiser of the quadratic through φ(0), φ'(0) and φ(step) when that lies in [0.1, 0.5]·step", () => {
    // φ(α) = 1 − 2α + 5α²: minimiser 0.2; rejected step 1 with φ(1) = 4
    expect(nextStep(1, 1, 4, -2)).toBeCloseTo(0.2, 15);
    // the same parabola seen from step 0.5: φ(0.5) = 1.25, minimiser still 0.2 = 0.4 × 0.5
    expect(nextStep(0.5, 1, 1.25, -2)).toBeCloseTo(0.2, 15);
  });

  it("keeps the next step within [0.1, 0.5] of the rejected one", () => {
    // φ(α) = 1 − α + 1000α²: minimiser 5e-4, below 0.1 × 1
    expect(nextStep(1, 1, 1000, -1)).toBe(0.1);
    // φ(α) = 1 − α + 0.6α²: minimiser 0.83, above 0.5 × 1 (rejected only through the sufficient-decrease constant)
    expect(nextStep(1, 1, 0.6, -1)).toBe(0.5);
    // no positive curvature in the model: half
    expect(nextStep(1, 1, 0, -1)).toBe(0.5);
  });

  it("halves the step when the objective was not finite there", () => {
    expect(nextStep(0.8, 1, Infinity, -1)).toBe(0.4);
    expect(nextStep(0.8, 1, NaN, -1)).toBe(0.4);
  });
});
