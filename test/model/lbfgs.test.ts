import { describe, expect, it } from "vitest";
import { LbfgsMemory, minimizeLbfgs, type IterationInfo } from "../../lib/model/lbfgs";
import { moreThuenteLineSearch, type ObjectiveFunction } from "../../lib/model/line-search";
import { rng } from "./helpers";

const rosenbrock: ObjectiveFunction = (x, g) => {
  // extended Rosenbrock: Σ 100 (x_{2i+1} − x_{2i}²)² + (1 − x_{2i})²
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < x.length; i += 2) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] += -400 * x[i] * a - 2 * b;
    g[i + 1] += 200 * a;
  }
  return f;
};

/** One-dimensional objective wrapped as an n = 1 ObjectiveFunction. */
function oneD(phi: (a: number) => [number, number]): ObjectiveFunction {
  return (x, g) => {
    const [f, d] = phi(x[0]);
    g[0] = d;
    return f;
  };
}

function search(phi: (a: number) => [number, number], stp: number, opts = {}) {
  const fun = oneD(phi);
  const x = Float64Array.of(0);
  const g0 = new Float64Array(1);
  const f0 = fun(x, g0);
  const d = Float64Array.of(1);
  const xOut = new Float64Array(1);
  const gOut = new Float64Array(1);
  const res = moreThuenteLineSearch(fun, x, f0, g0, d, stp, xOut, gOut, new Float64Array(1), new Float64Array(1), opts);
  return { res, f0, g0: g0[0], xOut: xOut[0], gOut: gOut[0] };
}

describe("Moré–Thuente line search", () => {
  // Test functions 1 and 2 of Moré & Thuente (1994), with their ftol / gtol, from several starts.
  const phi1 = (beta: number) => (a: number): [number, number] => [-a / (a * a + beta), (a * a - beta) / (a * a + beta) ** 2];
  const phi2 = (beta: number) => (a: number): [number, number] => [(a + beta) ** 5 - 2 * (a + beta) ** 4, (a + beta) ** 3 * (5 * (a + beta) - 8)];

  for (const stp of [1e-3, 1e-1, 1e1, 1e3]) {
    it(`finds a strong-Wolfe step for φ(α) = −α/(α²+2), initial step ${stp}`, () => {
      const ftol = 1e-3;
      const gtol = 0.1;
      const { res, f0, g0, gOut } = search(phi1(2), stp, { ftol, gtol, maxEvaluations: 30 });
      expect(res.status).toBe("converged");
      expect(res.f).toBeLessThanOrEqual(f0 + ftol * res.step * g0);
      expect(Math.abs(gOut)).toBeLessThanOrEqual(gtol * Math.abs(g0));
      if (stp <= 1) expect(res.step).toBeCloseTo(Math.SQRT2, 0); // the minimiser is α = √2 (α = 10 already satisfies the conditions)
    });
    it(`finds a strong-Wolfe step for φ(α) = (α+0.004)⁵ − 2(α+0.004)⁴, initial step ${stp}`, () => {
      const ftol = 0.1;
      const gtol = 0.1;
      // φ'(0) ≈ −5e-7, so the curvature test asks for |φ'(α)| ≤ 5e-8: a tight xtol is needed
      const { res, f0, g0, gOut } = search(phi2(0.004), stp, { ftol, gtol, xtol: 1e-12, maxEvaluations: 40 });
      expect(res.status).toBe("converged");
      expect(res.f).toBeLessThanOrEqual(f0 + ftol * res.step * g0);
      expect(Math.abs(gOut)).toBeLessThanOrEqual(gtol * Math.abs(g0));
    });
  }

  it("extrapolates from a far too short first step", () => {
    const { res } = search((a) => [(a - 100) ** 2, 2 * (a - 100)], 1e-3);
    expect(res.status).toBe("converged");
    expect(res.step).toBeGreaterThan(10);
  });

  it("refuses an ascent direction", () => {
    const { res } = search((a) => [a, 1], 1);
    expect(res.status).toBe("failed");
    expect(res.message).toMatch(/descent/);
  });

  it("backs off from non-finite values", () => {
    const { res } = search((a) => (a > 2 ? [NaN, NaN] : [(a - 1) ** 2, 2 * (a - 1)]), 10);
    expect(res.status).not.toBe("failed");
    expect(res.step).toBeLessThan(2);
    expect(res.f).toBeLessThan(1);
  });
});

describe("minimizeLbfgs", () => {
  it("solves the 2-D Rosenbrock function from (−1.2, 1)", () => {
    const res = minimizeLbfgs(rosenbrock, [-1.2, 1], { gtol: 1e-10, maxIter: 500 });
    expect(res.converged).toBe(true);
    expect(res.reason).toBe("gtol");
    expect(res.x[0]).toBeCloseTo(1, 8);
    expect(res.x[1]).toBeCloseTo(1, 8);
    expect(res.iterations).toBeLessThan(60);
  });

  it("solves the 20-D extended Rosenbrock function", () => {
    const x0 = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
    const res = minimizeLbfgs(rosenbrock, x0, { gtol: 1e-9, maxIter: 1000 });
    expect(res.converged).toBe(true);
    for (const v of res.x) expect(v).toBeCloseTo(1, 7);
  });

  it("solves an ill-conditioned quadratic (condition number 1e4) to machine precision", () => {
    const n = 30;
    const a = Float64Array.from({ length: n }, (_, i) => 10 ** ((4 * i) / (n - 1)));
    const c = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const quad: ObjectiveFunction = (x, g) => {
      let f = 0;
      for (let i = 0; i < n; i++) {
        const r = x[i] - c[i];
        f += 0.5 * a[i] * r * r;
        g[i] = a[i] * r;
      }
      return f;
    };
    // ftol: 0 switches the loss-change guard off (f* = 0 here, where the guard is absolute)
    const res = minimizeLbfgs(quad, new Float64Array(n), { gtol: 1e-10, ftol: 0, maxIter: 2000 });
    expect(res.converged).toBe(true);
    for (let i = 0; i < n; i++) expect(Math.abs(res.x[i] - c[i])).toBeLessThan(1e-10);
  });

  it("reports maxIter as NOT converged, and calls onIteration once per iteration", () => {
    const seen: IterationInfo[] = [];
    const res = minimizeLbfgs(rosenbrock, [-1.2, 1], { gtol: 1e-10, maxIter: 3, onIteration: (info) => seen.push(info) });
    expect(res.converged).toBe(false);
    expect(res.reason).toBe("maxIter");
    expect(res.iterations).toBe(3);
    expect(seen.map((s) => s.iteration)).toEqual([1, 2, 3]);
    for (let k = 1; k < seen.length; k++) expect(seen[k].f).toBeLessThan(seen[k - 1].f);
    expect(seen[2].gradNorm).toBe(res.gradNorm);
  });

  it("stops at once when started at the optimum, and does not modify x0", () => {
    const x0 = Float64Array.of(1, 1);
    const res = minimizeLbfgs(rosenbrock, x0, { gtol: 1e-12 });
    expect(res.iterations).toBe(0);
    expect(res.converged).toBe(true);
    res.x[0] = 5;
    expect(x0[0]).toBe(1);
  });

  it("stops on the relative loss-change guard when tol is unattainable (and calls that converged)", () => {
    // f has a floor of rounding noise: gtol = 0 can never be met by the gradient test
    const res = minimizeLbfgs(rosenbrock, [-1.2, 1], { gtol: 0, maxIter: 10000 });
    expect(res.converged).toBe(true);
    expect(["ftol", "lineSearch", "gtol"]).toContain(res.reason);
    expect(res.x[0]).toBeCloseTo(1, 7);
    expect(res.iterations).toBeLessThan(200);
  });

  it("throws on a non-finite objective at the start", () => {
    expect(() => minimizeLbfgs((_x, g) => (g.fill(0), NaN), [0])).toThrow(/not finite at the starting point/);
  });
});

describe("LbfgsMemory.shiftCurvature and warm memory", () => {
  // f(x) = Σ_i a_i (x_i − 1)² / 2 + (λ/2) Σ_{i<count} x_i²: a quadratic whose L2 weight λ changes.
  const a = [3, 1, 0.5, 2];
  const count = 3;
  const quadratic = (lambda: number): ObjectiveFunction => (x, g) => {
    let f = 0;
    for (let i = 0; i < x.length; i++) {
      const l = i < count ? lambda : 0;
      f += (a[i] * (x[i] - 1) ** 2) / 2 + (l * x[i] * x[i]) / 2;
      g[i] = a[i] * (x[i] - 1) + l * x[i];
    }
    return f;
  };

  it("turns pairs of one L2 weight into exactly the pairs of another", () => {
    const shifted = new LbfgsMemory(4, 5);
    const direct = new LbfgsMemory(4, 5);
    const points = [[0, 0, 0, 0], [1, 2, -1, 0.5], [0.5, 0.25, 2, -1], [2, 1, 1, 1]].map((p) => Float64Array.from(p));
    const gradient = (f: ObjectiveFunction, x: Float64Array) => {
      const g = new Float64Array(4);
      f(x, g);
      return g;
    };
    for (let k = 1; k < points.length; k++) {
      shifted.push(points[k], points[k - 1], gradient(quadratic(2), points[k]), gradient(quadratic(2), points[k - 1]));
      direct.push(points[k], points[k - 1], gradient(quadratic(0.5), points[k]), gradient(quadratic(0.5), points[k - 1]));
    }
    shifted.shiftCurvature(0.5 - 2, count);
    const q = Float64Array.from([0.3, -1, 2, 0.7]);
    const d1 = new Float64Array(4);
    const d2 = new Float64Array(4);
    shifted.direction(q, d1);
    direct.direction(q, d2);
    expect(shifted.size).toBe(direct.size);
    d1.forEach((v, i) => expect(v).toBeCloseTo(d2[i], 12));
  });

  it("drops pairs whose curvature is no longer positive", () => {
    const memory = new LbfgsMemory(1, 3);
    memory.push(Float64Array.of(1), Float64Array.of(0), Float64Array.of(1), Float64Array.of(0)); // yᵀs = 1
    memory.shiftCurvature(-2, 1); // y = 1 − 2·1 = −1: not a curvature pair any more
    expect(memory.size).toBe(0);
  });

  it("a warm memory and a known start value reach the same minimum in fewer evaluations", () => {
    const first = minimizeLbfgs(quadratic(2), [0, 0, 0, 0]);
    const memory = new LbfgsMemory(4, 10);
    minimizeLbfgs(quadratic(2), [0, 0, 0, 0], { initialMemory: memory });
    memory.shiftCurvature(0.5 - 2, count);
    const g = new Float64Array(4);
    const f = quadratic(0.5)(first.x, g);
    const cold = minimizeLbfgs(quadratic(0.5), first.x);
    const warm = minimizeLbfgs(quadratic(0.5), first.x, { initialMemory: memory, initialValue: { f, grad: g } });
    warm.x.forEach((v, i) => expect(v).toBeCloseTo(cold.x[i], 6));
    cold.x.forEach((v, i) => expect(v).toBeCloseTo(i < count ? a[i] / (a[i] + 0.5) : 1, 6));
    expect(warm.evaluations).toBeLessThan(cold.evaluations);
  });
});

describe("LbfgsMemory.hessianApproximation", () => {
  it("is the inverse of the two-loop recursion's H: B·(−direction(q)) = q, and symmetric", () => {
    const n = 6;
    const r = rng(3);
    const memory = new LbfgsMemory(n, 4);
    // pairs of a convex quadratic with a dense, well-conditioned Hessian M = AᵀA + I
    const A = Float64Array.from({ length: n * n }, () => r.normal());
    const hessianTimes = (s: Float64Array) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let v = s[i];
        for (let k = 0; k < n; k++) {
          let as = 0;
          for (let j = 0; j < n; j++) as += A[k * n + j] * s[j];
          v += A[k * n + i] * as;
        }
        out[i] = v;
      }
      return out;
    };
    const zero = new Float64Array(n);
    for (let t = 0; t < 6; t++) {
      const s = Float64Array.from({ length: n }, () => r.normal());
      expect(memory.push(s, zero, hessianTimes(s), zero)).toBe(true);
    }
    expect(memory.size).toBe(4); // the oldest two pairs were dropped
    const B = new Float64Array(n * n);
    memory.hessianApproximation(B, new Float64Array(n));
    const q = Float64Array.from({ length: n }, () => r.normal());
    const d = new Float64Array(n);
    memory.direction(q, d);
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) {
        v -= B[i * n + j] * d[j];
        expect(B[i * n + j]).toBeCloseTo(B[j * n + i], 9);
      }
      expect(v).toBeCloseTo(q[i], 9);
    }
  });

  it("is the identity for an empty memory", () => {
    const B = new Float64Array(9).fill(7);
    new LbfgsMemory(3, 2).hessianApproximation(B, new Float64Array(3));
    expect([...B]).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
});
