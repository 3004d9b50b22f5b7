import { describe, expect, it } from "vitest";
import { assertDesignMatrix, designMatrixFromRows } from "../../lib/model/design-matrix";
import { expNonPositive, logLossGradient, margins, sigmoid } from "../../lib/model/objective";
import { rng } from "./helpers";

/** Straightforward reference: Σ s_i [log(1 + e^{z_i}) − y_i z_i] and its gradient, one row at a time. */
function naive(data: Float64Array, rows: number, cols: number, y: Float64Array, w: Float64Array | null, theta: Float64Array) {
  const grad = new Float64Array(cols + 1);
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    let z = theta[cols];
    for (let j = 0; j < cols; j++) z += data[i * cols + j] * theta[j];
    const s = w ? w[i] : 1;
    loss += s * (Math.log(1 + Math.exp(z)) - y[i] * z);
    const r = s * (1 / (1 + Math.exp(-z)) - y[i]);
    for (let j = 0; j < cols; j++) grad[j] += r * data[i * cols + j];
    grad[cols] += r;
  }
  return { loss, grad };
}

function randomProblem(rows: number, cols: number, seed: number) {
  const r = rng(seed);
  const data = Float64Array.from({ length: rows * cols }, () => r.normal());
  const y = Float64Array.from({ length: rows }, () => (r.uniform() < 0.3 ? 1 : 0));
  const w = Float64Array.from({ length: rows }, () => 0.2 + 2 * r.uniform());
  const theta = Float64Array.from({ length: cols + 1 }, () => r.normal() * 0.7);
  return { X: { data, rows, cols }, y, w, theta };
}

describe("logLossGradient (fused pass)", () => {
  // Row counts that are and are not multiples of the 4-row block, column counts 1…7.
  for (const [rows, cols] of [[1, 1], [3, 2], [4, 3], [7, 5], [13, 1], [64, 7], [101, 4]] as const) {
    it(`matches a naive row-by-row implementation (${rows} × ${cols}, with and without weights)`, () => {
      const { X, y, w, theta } = randomProblem(rows, cols, rows * 31 + cols);
      for (const weights of [null, w]) {
        const ref = naive(X.data, rows, cols, y, weights, theta);
        const grad = new Float64Array(cols + 1);
        const loss = logLossGradient(X, y, weights, theta, grad, 0.5);
        expect(loss).toBeCloseTo(0.5 * ref.loss, 12);
        for (let j = 0; j <= cols; j++) expect(grad[j]).toBeCloseTo(0.5 * ref.grad[j], 12);
      }
    });
  }

  it("gradient agrees with central finite differences", () => {
    const { X, y, w, theta } = randomProblem(50, 4, 7);
    const grad = new Float64Array(5);
    const scratch = new Float64Array(5);
    logLossGradient(X, y, w, theta, grad, 1 / 50);
    for (let j = 0; j <= 4; j++) {
      const h = 1e-6;
      const tp = theta.slice();
      const tm = theta.slice();
      tp[j] += h;
      tm[j] -= h;
      const fd = (logLossGradient(X, y, w, tp, scratch, 1 / 50) - logLossGradient(X, y, w, tm, scratch, 1 / 50)) / (2 * h);
      expect(grad[j]).toBeCloseTo(fd, 8);
    }
  });

  it("is numerically stable for huge margins (no overflow, exact asymptotics)", () => {
    const X = designMatrixFromRows([[1], [1], [-1], [-1]]);
    const y = Float64Array.from([1, 0, 1, 0]);
    const theta = Float64Array.from([800, 0]); // z = ±800: e^800 overflows a double
    const grad = new Float64Array(2);
    const loss = logLossGradient(X, y, null, theta, grad, 1);
    // rows 2 and 3 are wrong by a margin of 800 each; rows 1 and 4 are right (loss e^-800 ≈ 0)
    expect(loss).toBe(1600);
    expect(grad[0]).toBe(2); // (1−0)·1 + (0−1)·(−1)
    expect(grad[1]).toBe(0);
    expect(Number.isFinite(loss)).toBe(true);
  });

  it("keeps full relative precision for tiny losses (log1p form)", () => {
    const X = designMatrixFromRows([[1]]);
    const grad = new Float64Array(2);
    const loss = logLossGradient(X, Float64Array.from([1]), null, Float64Array.from([40, 0]), grad, 1);
    expect(loss / Math.exp(-40)).toBeCloseTo(1, 12); // log(1 + e^-40) ≈ e^-40; log(1 + x) would give 0
    expect(grad[0] / -Math.exp(-40)).toBeCloseTo(1, 12);
  });

  it("keeps full relative precision for tiny losses inside a four-row block (one log1p per block)", () => {
    // margins of correctly classified rows between 20 and 740: the block's losses are e^-z, down to subnormal
    for (const margins of [[40, 30, 20, 35], [700, 25, 720, 33], [740, 740, 740, 21], [36.5, 36.5, 36.5, 36.5]]) {
      const X = designMatrixFromRows(margins.map((z) => [z]));
      const y = Float64Array.from([1, 1, 1, 1]);
      const grad = new Float64Array(2);
      const loss = logLossGradient(X, y, null, Float64Array.from([1, 0]), grad, 1);
      const exact = margins.reduce((sum, z) => sum + Math.log1p(Math.exp(-z)), 0);
      expect(Math.abs(loss - exact) / exact).toBeLessThan(1e-14);
      const expectedGrad = margins.reduce((sum, z) => sum - (z * Math.exp(-z)) / (1 + Math.exp(-z)), 0); // (σ(z) − 1)·x
      expect(Math.abs(grad[0] - expectedGrad) / Math.abs(expectedGrad)).toBeLessThan(1e-14);
    }
  });

  it("skips zero-weight rows exactly", () => {
    const { X, y, theta } = randomProblem(9, 3, 3);
    const w = new Float64Array(9).fill(1);
    w[4] = 0;
    const grad = new Float64Array(4);
    const loss = logLossGradient(X, y, w, theta, grad, 1);
    const keep = [0, 1, 2, 3, 5, 6, 7, 8];
    const sub = {
      data: Float64Array.from(keep.flatMap((i) => Array.from(X.data.subarray(i * 3, i * 3 + 3)))),
      rows: 8,
      cols: 3,
    };
    const grad2 = new Float64Array(4);
    expect(loss).toBeCloseTo(logLossGradient(sub, Float64Array.from(keep.map((i) => y[i])), null, theta, grad2, 1), 12);
    for (let j = 0; j < 4; j++) expect(grad[j]).toBeCloseTo(grad2[j], 12);
  });
});

describe("expNonPositive", () => {
  it("is within 2 ulp of Math.exp on [−745, 0] and keeps its special values", () => {
    let worst = 0;
    const r = rng(11);
    const xs = [0, -0, -1e-300, -5e-324, -Math.LN2 / 128, -Math.LN2, -1, -700, -700.0000001, -708.39, -744.44, -745.2, -800];
    for (let k = 0; k < 200_000; k++) xs.push(-745 * r.uniform(), -40 * r.uniform(), -(r.uniform() ** 8));
    for (const x of xs) {
      const exact = Math.exp(x);
      const ours = expNonPositive(x);
      if (exact >= 2.2250738585072014e-308) worst = Math.max(worst, Math.abs(ours - exact) / exact);
      else expect(Math.abs(ours - exact)).toBeLessThanOrEqual(5e-324);
    }
    expect(worst).toBeLessThanOrEqual(2 * Number.EPSILON);
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-Infinity)).toBe(0);
    expect(expNonPositive(NaN)).toBeNaN();
    expect(expNonPositive(1)).toBe(Math.exp(1)); // outside its range it is Math.exp
    expect(expNonPositive(1000)).toBe(Infinity);
  });
});

describe("margins, sigmoid and design matrices", () => {
  it("computes x·coef + intercept row by row", () => {
    const X = designMatrixFromRows([
      [1, 2],
      [3, 4],
      [0, -1],
    ]);
    expect([...margins(X, [0.5, -1], 2)]).toEqual([0.5, -0.5, 3]);
    expect(() => margins(X, [1], 0)).toThrow(/coef has 1 values but X has 2 columns/);
  });

  it("sigmoid is stable and symmetric", () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-40)).toBeCloseTo(Math.exp(-40), 30);
    expect(sigmoid(3) + sigmoid(-3)).toBeCloseTo(1, 15);
  });

  it("checks the row-major shape", () => {
    expect(() => assertDesignMatrix({ data: new Float64Array(5), rows: 2, cols: 3 })).toThrow(/expected rows × cols = 2 × 3 = 6/);
    expect(() => designMatrixFromRows([[1, 2], [3]])).toThrow(/row 1 has 1 values, expected 2/);
    const X = designMatrixFromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect([...X.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => assertDesignMatrix(X)).not.toThrow();
  });
});
