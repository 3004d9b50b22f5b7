import { describe, expect, it } from "vitest";
import { designMatrixFromRows, type DesignMatrix } from "../../lib/model/design-matrix";
import { logLossGradient, logLossHessian } from "../../lib/model/objective";
import { rng } from "./helpers";

/** logLossHessian: the weighted log-loss's Hessian on the rows it is given (the subsample's, in the fits). */

function randomProblem(rows: number, cols: number, seed: number, float32 = false) {
  const r = rng(seed);
  const values = Float64Array.from({ length: rows * cols }, () => r.normal());
  const data = float32 ? Float32Array.from(values) : values;
  const y = Float64Array.from({ length: rows }, () => (r.uniform() < 0.3 ? 1 : 0));
  const w = Float64Array.from({ length: rows }, () => 0.2 + 2 * r.uniform());
  const theta = Float64Array.from({ length: cols + 1 }, () => r.normal() * 0.7);
  return { X: { data, rows, cols } as DesignMatrix, y, w, theta };
}

describe("logLossHessian", () => {
  it("on two rows worked by hand", () => {
    // rows x = [2] and x = [−1], θ = (w, b) = (0, 0): σ = ½, σ(1 − σ) = ¼ on both; weights 1 and 3; scale ½
    // H = ½ · (1·¼·[4, 2; 2, 1] + 3·¼·[1, −1; −1, 1]) = ½ · [1.75, −0.25; −0.25, 1]
    const X = designMatrixFromRows([[2], [-1]]);
    const out = new Float64Array(4);
    logLossHessian(X, Float64Array.of(1, 3), new Float64Array(2), out, 0.5);
    expect(Array.from(out)).toEqual([0.875, -0.125, -0.125, 0.5]);
  });

  // Row counts that are and are not multiples of the 4-row block; float64 and the runner's float32 matrices.
  for (const [rows, cols, float32] of [[1, 1, false], [5, 2, false], [8, 3, true], [13, 4, false], [30, 6, true]] as const) {
    it(`is the derivative of logLossGradient's gradient (${rows} × ${cols}${float32 ? ", float32" : ""}, with and without weights)`, () => {
      const { X, y, w, theta } = randomProblem(rows, cols, rows * 17 + cols, float32);
      const n = cols + 1;
      for (const weights of [null, w]) {
        const H = new Float64Array(n * n);
        logLossHessian(X, weights, theta, H, 1 / rows);
        const plus = new Float64Array(n);
        const minus = new Float64Array(n);
        const h = 1e-5;
        for (let k = 0; k < n; k++) {
          const t = Float64Array.from(theta);
          t[k] = theta[k] + h;
          logLossGradient(X, y, weights, t, plus, 1 / rows);
          t[k] = theta[k] - h;
          logLossGradient(X, y, weights, t, minus, 1 / rows);
          for (let j = 0; j < n; j++) expect(H[j * n + k]).toBeCloseTo((plus[j] - minus[j]) / (2 * h), 7);
        }
        for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) expect(H[j * n + k]).toBe(H[k * n + j]);
      }
    });
  }

  it("skips nothing on one-hot columns (the zero test only avoids adding zeros)", () => {
    const rows = [[1, 0, 0, 0.5], [0, 1, 0, -1], [0, 0, 1, 2], [1, 0, 0, 0], [0, 0, 0, 3], [0, 1, 0, 1]];
    const X = designMatrixFromRows(rows);
    const theta = Float64Array.of(0.3, -0.2, 0.1, 0.4, -1);
    const out = new Float64Array(25);
    logLossHessian(X, null, theta, out, 1);
    // reference: Σ σ(1 − σ) x̃ x̃ᵀ row by row
    const ref = new Float64Array(25);
    for (const row of rows) {
      const x = [...row, 1];
      const z = x.reduce((a, v, j) => a + v * theta[j], 0);
      const p = 1 / (1 + Math.exp(-z));
      for (let j = 0; j < 5; j++) for (let k = 0; k < 5; k++) ref[j * 5 + k] += p * (1 - p) * x[j] * x[k];
    }
    for (let k = 0; k < 25; k++) expect(out[k]).toBeCloseTo(ref[k], 14);
  });
});
