import { describe, expect, it } from "vitest";
import { LbfgsMemory, minimizeLbfgs } from "../../lib/model/lbfgs";
import { choleskyFactor, choleskySolveInPlace } from "../../lib/model/cholesky";
import { minimizePreconditionedLbfgs } from "../../lib/model/preconditioned-lbfgs";

/** L-BFGS started from an approximate Hessian's inverse, and the Cholesky it inverts with. */

/** f(x) = ½ xᵀAx − bᵀx, its gradient Ax − b. */
function quadratic(A: number[][], b: number[]) {
  const n = b.length;
  let evaluations = 0;
  const fun = (x: Float64Array, g: Float64Array) => {
    evaluations++;
    let f = 0;
    for (let i = 0; i < n; i++) {
      let ax = 0;
      for (let j = 0; j < n; j++) ax += A[i][j] * x[j];
      g[i] = ax - b[i];
      f += 0.5 * x[i] * ax - b[i] * x[i];
    }
    return f;
  };
  const exact = (_x: Float64Array, out: Float64Array) => A.forEach((row, i) => row.forEach((v, j) => (out[i * n + j] = v)));
  return { fun, exact, evaluations: () => evaluations };
}

const A = [
  [4, 2, 0],
  [2, 5, 1],
  [0, 1, 3],
];

describe("minimizePreconditionedLbfgs", () => {
  const b = [1, -2, 0.5];

  it("takes the Newton step when Ĥ is the Hessian: one iteration, two evaluations, the exact minimiser", () => {
    const q = quadratic(A, b);
    const result = minimizePreconditionedLbfgs(q.fun, q.exact, [0, 0, 0], { gtol: 1e-12 });
    expect(result.preconditioned).toBe(true);
    expect(result.iterations).toBe(1);
    expect(result.evaluations).toBe(2);
    expect(q.evaluations()).toBe(2);
    // A·x = b
    for (let i = 0; i < 3; i++) expect(A[i].reduce((a, v, j) => a + v * result.x[j], 0)).toBeCloseTo(b[i], 12);
  });

  it("with a rough Ĥ (the diagonal only) reaches the same minimiser in fewer iterations than plain L-BFGS", () => {
    const ill = [ // positive definite (leading minors 100, 36, 0.8), condition number ≈ 4,900
      [100, 8, 0],
      [8, 1, 0.1],
      [0, 0.1, 0.05],
    ];
    const q = quadratic(ill, b);
    const diagonal = (_x: Float64Array, out: Float64Array) => {
      out.fill(0);
      for (let i = 0; i < 3; i++) out[i * 3 + i] = ill[i][i];
    };
    const pre = minimizePreconditionedLbfgs(q.fun, diagonal, [0, 0, 0], { gtol: 1e-10 });
    const plain = minimizeLbfgs(q.fun, [0, 0, 0], { gtol: 1e-10 });
    expect(pre.converged).toBe(true);
    expect(pre.iterations).toBeLessThan(plain.iterations);
    for (let j = 0; j < 3; j++) expect(pre.x[j]).toBeCloseTo(plain.x[j], 7);
  });

  it("is plain L-BFGS, bit for bit, when Ĥ is not positive definite", () => {
    const q = quadratic(A, b);
    const indefinite = (_x: Float64Array, out: Float64Array) => out.set([1, 0, 0, 0, -1, 0, 0, 0, 1]);
    const pre = minimizePreconditionedLbfgs(q.fun, indefinite, [0.1, 0.2, 0.3], { gtol: 1e-9 });
    const plain = minimizeLbfgs(q.fun, [0.1, 0.2, 0.3], { gtol: 1e-9 });
    expect(pre.preconditioned).toBe(false);
    expect(Array.from(pre.x)).toEqual(Array.from(plain.x));
    expect(pre.evaluations).toBe(plain.evaluations);
  });

  it("damps a singular Ĥ (collinear columns) and still converges", () => {
    const singular = [
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 2],
    ];
    // f = ½(x₀ + x₁ − 1)² + (x₂ − 1)²: minimisers x₀ + x₁ = 1, x₂ = 1
    const fun = (x: Float64Array, g: Float64Array) => {
      const r = x[0] + x[1] - 1;
      g[0] = r;
      g[1] = r;
      g[2] = 2 * (x[2] - 1);
      return 0.5 * r * r + (x[2] - 1) ** 2;
    };
    const result = minimizePreconditionedLbfgs(fun, (_x, out) => out.set(singular.flat()), [0, 0, 0], { gtol: 1e-10 });
    expect(result.preconditioned).toBe(true);
    expect(result.converged).toBe(true);
    expect(result.x[0] + result.x[1]).toBeCloseTo(1, 9);
    expect(result.x[2]).toBeCloseTo(1, 9);
  });

  it("hands its curvature pairs back in the memory, without the preconditioner", () => {
    const q = quadratic(A, b);
    const memory = new LbfgsMemory(3, 10);
    const rough = (_x: Float64Array, out: Float64Array) => out.set([3, 0, 0, 0, 6, 0, 0, 0, 2]);
    minimizePreconditionedLbfgs(q.fun, rough, [0, 0, 0], { gtol: 1e-10, initialMemory: memory });
    expect(memory.size).toBeGreaterThan(0);
    expect(memory.initialInverse).toBeNull();
  });

  it("takes no Hessian when the start already meets gtol", () => {
    const q = quadratic(A, b);
    let taken = 0;
    const start = Float64Array.of(0, 0, 0);
    // the exact minimiser
    const L = new Float64Array(9);
    choleskyFactor(Float64Array.from(A.flat()), 3, L);
    start.set(b);
    choleskySolveInPlace(L, 3, start);
    const result = minimizePreconditionedLbfgs(q.fun, (x, out) => (taken++, q.exact(x, out)), start, { gtol: 1e-9 });
    expect(taken).toBe(0);
    expect(result.iterations).toBe(0);
  });
});
