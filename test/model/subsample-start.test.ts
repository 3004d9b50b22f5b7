import { describe, expect, it } from "vitest";
import {
  evaluateObjective,
  fitLogisticRegression,
  fitLogisticRegressionFrom,
  ParameterError,
  SUBSAMPLE_START_MIN_ROWS,
  subsampleRowIndices,
  type LogisticFit,
  type LogisticOptions,
} from "../../lib/model/logistic-regression";
import type { DesignMatrix } from "../../lib/model/design-matrix";
import { logisticData, mismatches, rng } from "./helpers";

/**
 * Cold fits started from a row subsample's solution (subsampleStart): the same optimum as the fit on
 * all rows from the usual start, in fewer passes over all rows, the same on every run, and off by
 * default on small data.
 */

/** Imbalanced data with correlated columns, as the grid's (a few % positives): x_j = z_j + 0.6·z_0. */
function correlatedData(rows: number, seed: number): { X: DesignMatrix; y: Float64Array } {
  const coef = [0.9, -0.6, 0.4, 0, 0.25, -0.15, 0.7, 0];
  const base = logisticData(rows, coef, -3.2, seed);
  const { data, cols } = base.X;
  for (let i = 0; i < rows; i++) for (let j = 1; j < cols; j++) data[i * cols + j] += 0.6 * data[i * cols];
  return base;
}

const theta = (f: LogisticFit) => [...f.coef, f.intercept];
const small = { minRows: 0, minSubsampleRows: 4_000 } as const;

/**
 * Both fits converged to the same optimum: the objective within 1e-7 relative and the coefficients
 * within 1e-4 relative or 1e-6 (at tol 1e-9: at the default 1e-6 the tolerance alone leaves ≈ 2e-5
 * of freedom between any two starts).
 */
function expectSameOptimum(X: DesignMatrix, y: Float64Array, options: LogisticOptions, started: LogisticFit, cold: LogisticFit): void {
  expect(started.converged).toBe(true);
  expect(cold.converged).toBe(true);
  const objective = (f: LogisticFit) => evaluateObjective(X, y, f.coef, f.intercept, options);
  const a = objective(started);
  const b = objective(cold);
  expect(a.gradNorm).toBeLessThanOrEqual(options.tol ?? 1e-6);
  expect(Math.abs(a.loss - b.loss) / Math.abs(b.loss)).toBeLessThan(1e-7);
  expect(mismatches(theta(started), theta(cold), 1e-4, 1e-6)).toEqual([]);
}

describe("subsampleRowIndices", () => {
  it("picks one row from each of `size` equal blocks, increasing, the same every time", () => {
    for (const [rows, size] of [[1_000_003, 50_000], [100, 7], [17, 17], [5, 1]]) {
      const picked = subsampleRowIndices(rows, size);
      expect(picked.length).toBe(size);
      for (let b = 0; b < size; b++) {
        expect(picked[b]).toBeGreaterThanOrEqual(Math.floor((b * rows) / size));
        expect(picked[b]).toBeLessThan(Math.floor(((b + 1) * rows) / size));
      }
      expect(subsampleRowIndices(rows, size)).toEqual(picked);
    }
    expect(Array.from(subsampleRowIndices(17, 17))).toEqual(Array.from({ length: 17 }, (_, i) => i));
  });

  it("does not fall in step with a period of the rows (offsets spread over the block)", () => {
    const picked = subsampleRowIndices(160_000, 10_000); // blocks of 16 rows
    const offsets = new Array(16).fill(0);
    for (let b = 0; b < picked.length; b++) offsets[picked[b] - 16 * b]++;
    for (const count of offsets) expect(count).toBeGreaterThan(10_000 / 16 / 2);
  });

  it("refuses a size outside 1..rows", () => {
    expect(() => subsampleRowIndices(10, 0)).toThrow(RangeError);
    expect(() => subsampleRowIndices(10, 11)).toThrow(RangeError);
  });
});

describe("fitLogisticRegression with subsampleStart", () => {
  const cases: [string, LogisticOptions][] = [
    ["L2", { penalty: "l2", C: 1e-3 }],
    ["L2, strong", { penalty: "l2", C: 1e-6 }],
    ["none", { penalty: "none" }],
    ["L1", { penalty: "l1", C: 1e-2 }],
    ["L1, weak", { penalty: "l1", C: 1 }],
    ["elastic-net", { penalty: "elasticnet", C: 1e-2, l1Ratio: 0.5 }],
    ["L1, balanced classes", { penalty: "l1", C: 1e-3, classWeight: "balanced" }],
    ["L2, balanced classes", { penalty: "l2", C: 1e-4, classWeight: "balanced" }],
    ["elastic-net, explicit class weights", { penalty: "elasticnet", C: 1e-3, l1Ratio: 0.3, classWeight: { 0: 1, 1: 4 } }],
  ];
  for (const seed of [3, 29]) {
    const { X, y } = correlatedData(80_000, seed);
    for (const [name, caseOptions] of cases) {
      it(`${name}, seed ${seed}: the cold fit's optimum, in fewer passes over all rows`, () => {
        const options: LogisticOptions = { ...caseOptions, tol: 1e-9 };
        const cold = fitLogisticRegression(X, y, { ...options, subsampleStart: false });
        const started = fitLogisticRegression(X, y, { ...options, subsampleStart: small });
        expect(cold.subsample).toBeUndefined();
        expect(started.subsample).toMatchObject({ rows: 5_000 }); // ⌈80,000 / 16⌉
        expect(started.subsample!.evaluations).toBeGreaterThan(0);
        expectSameOptimum(X, y, options, started, cold);
        expect(started.evaluations!).toBeLessThan(cold.evaluations!);
        // L-BFGS starts from the subsample's inverse Hessian, OWL-QN's model from its Hessian
        expect(started.hessianRows).toBe(5_000);
      });
    }
  }

  it("without the subsample's Hessian (hessian: false) the L2 fit reaches the same optimum in more passes", () => {
    const { X, y } = correlatedData(80_000, 37);
    for (const options of [{ penalty: "l2", C: 1, tol: 1e-9 }, { penalty: "none", tol: 1e-9 }] as LogisticOptions[]) {
      const withHessian = fitLogisticRegression(X, y, { ...options, subsampleStart: small });
      const without = fitLogisticRegression(X, y, { ...options, subsampleStart: { ...small, hessian: false } });
      expect(without.hessianRows).toBeUndefined();
      expect(without.subsample).toMatchObject({ rows: 5_000 });
      expectSameOptimum(X, y, options, withHessian, without);
      expect(withHessian.evaluations!).toBeLessThan(without.evaluations!);
    }
  });

  it("L1 on collinear columns (a singular Hessian): preconditioned with Ĥ + λ₁I, the cold optimum in no more passes", () => {
    // a duplicated column and two indicator columns summing to 1 (collinear with the intercept), as
    // the grid's one-hot and base features are
    const base = correlatedData(60_000, 43);
    const cols = base.X.cols + 3;
    const data = new Float64Array(base.X.rows * cols);
    for (let i = 0; i < base.X.rows; i++) {
      data.set(base.X.data.subarray(i * base.X.cols, (i + 1) * base.X.cols), i * cols);
      data[i * cols + base.X.cols] = base.X.data[i * base.X.cols];
      const indicator = base.X.data[i * base.X.cols + 1] > 0 ? 1 : 0;
      data[i * cols + base.X.cols + 1] = indicator;
      data[i * cols + base.X.cols + 2] = 1 - indicator;
    }
    const X: DesignMatrix = { data, rows: base.X.rows, cols };
    for (const C of [1, 1e-2]) {
      const options: LogisticOptions = { penalty: "l1", C, tol: 1e-8 };
      const cold = fitLogisticRegression(X, base.y, { ...options, subsampleStart: false });
      const started = fitLogisticRegression(X, base.y, { ...options, subsampleStart: small });
      expect(started.hessianRows).toBe(4_000);
      expect(started.converged).toBe(true);
      const objective = (f: LogisticFit) => evaluateObjective(X, base.y, f.coef, f.intercept, options).loss;
      expect((objective(started) - objective(cold)) / Math.abs(objective(cold))).toBeLessThan(1e-8);
      expect(started.evaluations!).toBeLessThanOrEqual(cold.evaluations!);
    }
  });

  it("a fit continuing its neighbour takes the subsample's Hessian too, and reaches the cold optimum", () => {
    const { X, y } = correlatedData(60_000, 41);
    const options: LogisticOptions = { penalty: "l2", C: 1e-1, tol: 1e-9, subsampleStart: small };
    const first = fitLogisticRegressionFrom(X, y, { ...options, C: 1e-3 }, null);
    const next = fitLogisticRegressionFrom(X, y, options, first.continuation);
    // it re-solves on the subsample from the neighbour's solution, in fewer subsample passes than from the cold start
    const coldStarted = fitLogisticRegression(X, y, options);
    expect(next.fit.subsample!.evaluations).toBeGreaterThan(0);
    expect(next.fit.subsample!.evaluations).toBeLessThan(coldStarted.subsample!.evaluations);
    expect(next.fit.hessianRows).toBe(4_000);
    expectSameOptimum(X, y, options, next.fit, fitLogisticRegression(X, y, { ...options, subsampleStart: false }));
    // a continuation that already meets the tolerance costs nothing: no subsample fit, no pass
    const again = fitLogisticRegressionFrom(X, y, options, next.continuation);
    expect(again.fit.subsample).toBeUndefined();
    expect(again.fit.evaluations).toBe(0);
  });

  it("keeps the cold fit's exact zeros at a tight tolerance (L1, elastic-net)", () => {
    const { X, y } = correlatedData(60_000, 11);
    for (const options of [{ penalty: "l1", C: 3e-3, tol: 1e-9 }, { penalty: "elasticnet", C: 3e-3, l1Ratio: 0.7, tol: 1e-9 }] as LogisticOptions[]) {
      const cold = fitLogisticRegression(X, y, { ...options, subsampleStart: false });
      const started = fitLogisticRegression(X, y, { ...options, subsampleStart: small });
      expect(cold.coef.some((v) => v === 0)).toBe(true);
      expect(started.coef.map((v) => v === 0)).toEqual(cold.coef.map((v) => v === 0));
      expect(mismatches(theta(started), theta(cold), 1e-6, 1e-8)).toEqual([]);
    }
  });

  it("with sample weights: the weighted optimum", () => {
    const { X, y } = correlatedData(60_000, 5);
    const r = rng(8);
    const sampleWeight = Float64Array.from({ length: X.rows }, () => 0.25 + 2 * r.uniform());
    const options: LogisticOptions = { penalty: "l1", C: 1e-3, sampleWeight, classWeight: "balanced", tol: 1e-9 };
    const cold = fitLogisticRegression(X, y, { ...options, subsampleStart: false });
    const started = fitLogisticRegression(X, y, { ...options, subsampleStart: small });
    expect(started.subsample).toBeDefined();
    expectSameOptimum(X, y, options, started, cold);
  });

  it("on float32 matrices too (the runner's)", () => {
    const { X, y } = correlatedData(60_000, 13);
    const X32: DesignMatrix = { data: Float32Array.from(X.data), rows: X.rows, cols: X.cols };
    const options: LogisticOptions = { penalty: "elasticnet", C: 1e-2, l1Ratio: 0.5, tol: 1e-9 };
    const cold = fitLogisticRegression(X32, y, { ...options, subsampleStart: false });
    const started = fitLogisticRegression(X32, y, { ...options, subsampleStart: small });
    expectSameOptimum(X32, y, options, started, cold);
  });

  it("gives the same fit twice", () => {
    const { X, y } = correlatedData(50_000, 17);
    for (const options of [{ penalty: "l1", C: 1e-2 }, { penalty: "l2", C: 1e-3, classWeight: "balanced" }] as LogisticOptions[]) {
      const first = fitLogisticRegression(X, y, { ...options, subsampleStart: small });
      expect(first.subsample).toBeDefined();
      expect(fitLogisticRegression(X, y, { ...options, subsampleStart: small })).toEqual(first);
    }
  });

  it(`is on by default from ${SUBSAMPLE_START_MIN_ROWS.toLocaleString("en")} rows, off below, and false turns it off`, () => {
    const { X, y } = logisticData(SUBSAMPLE_START_MIN_ROWS, [0.8, -0.5, 0.3], -3, 21);
    const onByDefault = fitLogisticRegression(X, y, { penalty: "l1", C: 1e-3 });
    expect(onByDefault.subsample).toMatchObject({ rows: Math.max(50_000, Math.ceil(X.rows / 16)) });
    const off = fitLogisticRegression(X, y, { penalty: "l1", C: 1e-3, subsampleStart: false });
    expect(off.subsample).toBeUndefined();
    expect(onByDefault.evaluations!).toBeLessThan(off.evaluations!);
    const below = { X: { ...X, rows: X.rows - 1, data: X.data.subarray(0, (X.rows - 1) * X.cols) }, y: y.subarray(0, X.rows - 1) };
    expect(fitLogisticRegression(below.X, below.y, { penalty: "l1", C: 1e-3 }).subsample).toBeUndefined();
  });

  it("on a tiny file it does not run: the fit is the plain cold fit, bit for bit", () => {
    const { X, y } = logisticData(300, [1, -1, 0.5], -1, 4);
    for (const options of [{ penalty: "l1", C: 0.1 }, { penalty: "l2", C: 1 }] as LogisticOptions[]) {
      const fit = fitLogisticRegression(X, y, options);
      expect(fit.subsample).toBeUndefined();
      expect(fit).toEqual(fitLogisticRegression(X, y, { ...options, subsampleStart: false }));
    }
    // forced on, a subsample as large as the data is no subsample: the plain fit again
    expect(fitLogisticRegression(X, y, { penalty: "l1", C: 0.1, subsampleStart: true })).toEqual(fitLogisticRegression(X, y, { penalty: "l1", C: 0.1, subsampleStart: false }));
  });

  it("a chain's first fit (fitLogisticRegressionFrom without a previous fit) is fitLogisticRegression's, bit for bit", () => {
    const { X, y } = correlatedData(40_000, 19);
    for (const options of [{ penalty: "l2", C: 1e-4, subsampleStart: small }, { penalty: "l1", C: 1e-2, subsampleStart: small }] as LogisticOptions[]) {
      const first = fitLogisticRegressionFrom(X, y, options, null).fit;
      expect(first.subsample).toBeDefined();
      expect(first).toEqual(fitLogisticRegression(X, y, options));
    }
  });

  it("without the subsample's Hessian, does not run when the fit has a start of its own (warmStart, a continuation)", () => {
    const { X, y } = correlatedData(40_000, 23);
    const flat = { ...small, hessian: false };
    for (const penalty of ["l2", "l1"] as const) {
      const warm = fitLogisticRegression(X, y, { penalty, C: 1e-3, warmStart: { coef: new Array(X.cols).fill(0), intercept: -3 }, subsampleStart: flat });
      expect(warm.subsample).toBeUndefined();
      expect(warm.converged).toBe(true);
    }
    const first = fitLogisticRegressionFrom(X, y, { penalty: "l2", C: 1e-4, subsampleStart: flat }, null);
    expect(first.fit.subsample).toBeDefined(); // a chain's first fit is cold
    const next = fitLogisticRegressionFrom(X, y, { penalty: "l2", C: 1e-3, subsampleStart: flat }, first.continuation);
    expect(next.fit.subsample).toBeUndefined();
    expect(next.fit.converged).toBe(true);
  });

  it("with it (the default), a fit with a start of its own re-solves on the subsample from that start", () => {
    const { X, y } = correlatedData(40_000, 23);
    const start = { coef: new Array(X.cols).fill(0), intercept: -3 };
    const options: LogisticOptions = { penalty: "l2", C: 1e-3, subsampleStart: small, tol: 1e-9 };
    const warm = fitLogisticRegression(X, y, { ...options, warmStart: start });
    expect(warm.subsample!.evaluations).toBeGreaterThan(0);
    expect(warm.hessianRows).toBe(4_000);
    expectSameOptimum(X, y, options, warm, fitLogisticRegression(X, y, { ...options, subsampleStart: false }));
  });

  it("skips the subsample when it holds one class only", () => {
    const { X, y } = logisticData(40_000, [0.5, 0.5], -2, 31);
    const picked = new Set(subsampleRowIndices(X.rows, 4_000)); // the rows the fit's subsample takes
    y.fill(0);
    for (let i = 0, placed = 0; placed < 40; i += 7) if (!picked.has(i)) (y[i] = 1), placed++;
    const fit = fitLogisticRegression(X, y, { penalty: "l2", C: 1, subsampleStart: small });
    expect(fit.subsample).toBeUndefined();
    expect(fit).toEqual(fitLogisticRegression(X, y, { penalty: "l2", C: 1, subsampleStart: false }));
  });

  it("rejects bad settings naming the setting", () => {
    const { X, y } = logisticData(100, [1], 0, 2);
    const bad: [unknown, string][] = [
      ["yes", "subsampleStart"],
      [{ divisor: 1 }, "subsampleStart.divisor"],
      [{ minSubsampleRows: 0 }, "subsampleStart.minSubsampleRows"],
      [{ minRows: -1 }, "subsampleStart.minRows"],
      [{ tol: 0 }, "subsampleStart.tol"],
      [{ curvature: 1 }, "subsampleStart.curvature"],
      [{ hessian: "yes" }, "subsampleStart.hessian"],
    ];
    for (const [value, name] of bad) {
      const call = () => fitLogisticRegression(X, y, { penalty: "l2", subsampleStart: value as LogisticOptions["subsampleStart"] });
      expect(call).toThrow(ParameterError);
      expect(call).toThrow(new RegExp(`^${name.replace(".", "\\.")} must be`));
    }
  });
});
