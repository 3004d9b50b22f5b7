import { describe, expect, it } from "vitest";
import { designMatrixFromRows, type DesignMatrix } from "../../lib/model/design-matrix";
import {
  decisionFunction,
  evaluateObjective,
  fitLogisticRegression,
  ParameterError,
  predictProba,
  type IterationProgress,
  type LogisticOptions,
} from "../../lib/model/logistic-regression";
import { logisticData, mismatches } from "./helpers";

const { X, y } = logisticData(500, [1.2, -0.8, 0.5, 0, 0.3], -1.5, 42);

function errorOf(fn: () => unknown): ParameterError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ParameterError);
    return err as ParameterError;
  }
  throw new Error("expected a ParameterError");
}

describe("parameter validation", () => {
  const fit = (options: Partial<LogisticOptions> & Record<string, unknown>, Xs: DesignMatrix = X, ys: ArrayLike<number> = y) =>
    fitLogisticRegression(Xs, ys, { penalty: "l2", ...options } as LogisticOptions);

  const cases: Array<[string, () => unknown, string, string]> = [
    ["C < 0", () => fit({ C: -1 }), "C", "C must be a finite number > 0, got -1"],
    ["C = 0", () => fit({ C: 0 }), "C", "C must be a finite number > 0, got 0"],
    ["C = NaN", () => fit({ C: NaN }), "C", "C must be a finite number > 0, got NaN"],
    ["C = Infinity", () => fit({ C: Infinity }), "C", "C must be a finite number > 0, got Infinity"],
    ["C as a string", () => fit({ C: "1" as unknown as number }), "C", 'C must be a finite number > 0, got "1"'],
    ["unknown penalty", () => fit({ penalty: "lasso" as never }), "penalty", 'penalty must be one of "none", "l2", "l1", "elasticnet", got "lasso"'],
    ["elasticnet without l1Ratio", () => fit({ penalty: "elasticnet" }), "l1Ratio", 'l1Ratio must be a number in [0, 1] when penalty is "elasticnet", got undefined'],
    ["l1Ratio > 1", () => fit({ penalty: "elasticnet", l1Ratio: 1.5 }), "l1Ratio", 'l1Ratio must be a number in [0, 1] when penalty is "elasticnet", got 1.5'],
    ["classWeight 'auto'", () => fit({ classWeight: "auto" as never }), "classWeight", 'classWeight must be "none", "balanced" or {0: w0, 1: w1} with finite weights > 0, got "auto"'],
    ["classWeight missing class 1", () => fit({ classWeight: { 0: 1 } as never }), "classWeight", 'classWeight must be "none", "balanced" or {0: w0, 1: w1} with finite weights > 0, got {"0":1}'],
    ["classWeight negative", () => fit({ classWeight: { 0: 1, 1: -2 } }), "classWeight", 'classWeight must be "none", "balanced" or {0: w0, 1: w1} with finite weights > 0, got {"0":1,"1":-2}'],
    ["sampleWeight wrong length", () => fit({ sampleWeight: new Float64Array(3) }), "sampleWeight", "sampleWeight must be a Float64Array with one weight per row (length 500), got Float64Array of length 3"],
    ["sampleWeight plain array", () => fit({ sampleWeight: [1, 2] as never }), "sampleWeight", "sampleWeight must be a Float64Array with one weight per row (length 500), got an array of length 2"],
    ["sampleWeight negative", () => fit({ sampleWeight: new Float64Array(500).fill(1).fill(-2, 7, 8) }), "sampleWeight[7]", "sampleWeight[7] must be a finite number >= 0, got -2"],
    ["sampleWeight all zero", () => fit({ sampleWeight: new Float64Array(500) }), "sampleWeight", "sampleWeight must be weights with a positive sum, got \"weights summing to 0\""],
    ["tol < 0", () => fit({ tol: -1e-4 }), "tol", "tol must be a finite number >= 0, got -0.0001"],
    ["maxIter = 0", () => fit({ maxIter: 0 }), "maxIter", "maxIter must be an integer >= 1, got 0"],
    ["maxIter fractional", () => fit({ maxIter: 2.5 }), "maxIter", "maxIter must be an integer >= 1, got 2.5"],
    ["warmStart.coef wrong length", () => fit({ warmStart: { coef: [1, 2], intercept: 0 } }), "warmStart.coef", "warmStart.coef must be an array of 5 finite numbers (one per column of X), got an array of length 2"],
    ["warmStart.coef NaN", () => fit({ warmStart: { coef: [0, 0, NaN, 0, 0], intercept: 0 } }), "warmStart.coef[2]", "warmStart.coef[2] must be a finite number, got NaN"],
    ["warmStart.intercept missing", () => fit({ warmStart: { coef: [0, 0, 0, 0, 0] } as never }), "warmStart.intercept", "warmStart.intercept must be a finite number, got undefined"],
    ["onIteration not a function", () => fit({ onIteration: 3 as never }), "onIteration", "onIteration must be a function, got 3"],
    ["y of the wrong length", () => fit({}, X, [0, 1]), "y", "y must be an array of 500 labels (one per row of X), got an array of length 2"],
    ["y not 0/1", () => fit({}, X, Float64Array.from(y).fill(2, 10, 11)), "y[10]", "y[10] must be 0 or 1, got 2"],
    ["y with one class", () => fit({}, X, new Float64Array(500)), "y", 'y must be labels with both classes 0 and 1 present, got "only class 0"'],
    ["X with a bad shape", () => fit({}, { data: new Float64Array(10), rows: 500, cols: 5 }), "X", "X must be a row-major DesignMatrix"],
    ["X with NaN", () => fit({}, { ...X, data: Float64Array.from(X.data).fill(NaN, 12, 13) }), "X", 'X must be finite numbers only, got "NaN at row 2, column 2"'],
  ];
  for (const [name, run, parameter, message] of cases) {
    it(`rejects ${name}`, () => {
      const err = errorOf(run);
      expect(err.parameter).toBe(parameter);
      expect(err.message.startsWith(message)).toBe(true);
    });
  }

  it("accepts l1Ratio with other penalties (ignored) but still range-checks it", () => {
    expect(fit({ l1Ratio: 0.5 }).converged).toBe(true);
    expect(errorOf(() => fit({ l1Ratio: -0.1 })).message).toBe("l1Ratio must be a number in [0, 1] (it is only used by elasticnet), got -0.1");
  });
});

describe("fitLogisticRegression", () => {
  it("reports non-convergence with maxIter = 2 (L-BFGS and OWL-QN)", () => {
    for (const options of [
      { penalty: "l2", C: 1 },
      { penalty: "l1", C: 1 },
      { penalty: "elasticnet", C: 1, l1Ratio: 0.5 },
    ] as LogisticOptions[]) {
      const fit = fitLogisticRegression(X, y, { ...options, maxIter: 2 });
      expect(fit.converged).toBe(false);
      expect(fit.iterations).toBe(2);
      expect(fit.stopReason).toBe("maxIter");
      expect(fit.warning).toMatch(/did not converge \(reached maxIter = 2\) after 2 iteration\(s\): max-abs projected gradient \S+ > tol 1e-6/);
    }
  });

  it("converges with the defaults and the result is plain JSON", () => {
    const fit = fitLogisticRegression(X, y, { penalty: "l2", C: 1 });
    expect(fit.converged).toBe(true);
    expect(fit.warning).toBeUndefined();
    expect(fit.gradNorm).toBeLessThanOrEqual(1e-6);
    expect(Array.isArray(fit.coef)).toBe(true);
    expect(JSON.parse(JSON.stringify(fit))).toEqual(fit);
  });

  it("warm start reaches the same optimum in fewer iterations", () => {
    const tol = 1e-9;
    const cold = fitLogisticRegression(X, y, { penalty: "l2", C: 1, tol });
    const neighbour = fitLogisticRegression(X, y, { penalty: "l2", C: 0.8, tol });
    const warm = fitLogisticRegression(X, y, { penalty: "l2", C: 1, tol, warmStart: { coef: neighbour.coef, intercept: neighbour.intercept } });
    expect(warm.converged).toBe(true);
    expect(warm.iterations).toBeLessThan(cold.iterations);
    expect(mismatches([...warm.coef, warm.intercept], [...cold.coef, cold.intercept], 1e-7, 1e-9)).toEqual([]);

    // L1: same optimum, same zeros
    const coldL1 = fitLogisticRegression(X, y, { penalty: "l1", C: 1, tol });
    const nbL1 = fitLogisticRegression(X, y, { penalty: "l1", C: 1.2, tol });
    const warmL1 = fitLogisticRegression(X, y, { penalty: "l1", C: 1, tol, warmStart: { coef: nbL1.coef, intercept: nbL1.intercept } });
    expect(warmL1.iterations).toBeLessThan(coldL1.iterations);
    expect(warmL1.coef.map((v) => v === 0)).toEqual(coldL1.coef.map((v) => v === 0));
    expect(mismatches([...warmL1.coef, warmL1.intercept], [...coldL1.coef, coldL1.intercept], 1e-7, 1e-9)).toEqual([]);

    // restarting from the optimum itself needs (almost) nothing
    const again = fitLogisticRegression(X, y, { penalty: "l2", C: 1, tol, warmStart: { coef: cold.coef, intercept: cold.intercept } });
    expect(again.iterations).toBeLessThanOrEqual(1);
  });

  it("calls onIteration once per iteration with the loss decreasing", () => {
    const seen: IterationProgress[] = [];
    const fit = fitLogisticRegression(X, y, { penalty: "l2", C: 1, onIteration: (info) => seen.push(info) });
    expect(seen.map((s) => s.iteration)).toEqual(Array.from({ length: fit.iterations }, (_, k) => k + 1));
    for (let k = 1; k < seen.length; k++) expect(seen[k].loss).toBeLessThanOrEqual(seen[k - 1].loss);
    expect(seen.at(-1)!.loss).toBe(fit.loss);
    expect(seen.at(-1)!.gradNorm).toBe(fit.gradNorm);
  });

  it("integer sample weights are equivalent to repeating rows", () => {
    const small = logisticData(60, [0.7, -1.1], 0.2, 3);
    const counts = Float64Array.from({ length: 60 }, (_, i) => 1 + (i % 3));
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 60; i++) {
      for (let k = 0; k < counts[i]; k++) {
        rows.push([small.X.data[2 * i], small.X.data[2 * i + 1]]);
        labels.push(small.y[i]);
      }
    }
    const weighted = fitLogisticRegression(small.X, small.y, { penalty: "l2", C: 0.3, sampleWeight: counts, tol: 1e-10 });
    const repeated = fitLogisticRegression(designMatrixFromRows(rows), labels, { penalty: "l2", C: 0.3, tol: 1e-10 });
    expect(mismatches([...weighted.coef, weighted.intercept], [...repeated.coef, repeated.intercept], 1e-7, 1e-9)).toEqual([]);
  });

  it('classWeight "balanced" is n / (2 · count_c)', () => {
    let positives = 0;
    for (const v of y) positives += v;
    const explicit = { 0: 500 / (2 * (500 - positives)), 1: 500 / (2 * positives) };
    const a = fitLogisticRegression(X, y, { penalty: "l1", C: 0.05, classWeight: "balanced", tol: 1e-10 });
    const b = fitLogisticRegression(X, y, { penalty: "l1", C: 0.05, classWeight: explicit, tol: 1e-10 });
    expect(a.coef).toEqual(b.coef);
    expect(a.intercept).toBe(b.intercept);
  });

  it("never penalises the intercept", () => {
    // very strong L2: coefficients → 0, intercept → logit of the positive rate
    const fit = fitLogisticRegression(X, y, { penalty: "l2", C: 1e-11, tol: 1e-12 });
    let positives = 0;
    for (const v of y) positives += v;
    const rate = positives / 500;
    for (const v of fit.coef) expect(Math.abs(v)).toBeLessThan(1e-8); // ≈ C·Σ(y − ȳ)x ≈ 1e-9
    expect(fit.intercept).toBeCloseTo(Math.log(rate / (1 - rate)), 6);
    // strong L1: all coefficients exactly 0, intercept still fitted
    const l1 = fitLogisticRegression(X, y, { penalty: "l1", C: 1e-5 });
    expect(l1.coef.every((v) => v === 0)).toBe(true);
    expect(l1.intercept).toBeCloseTo(Math.log(rate / (1 - rate)), 5);
  });

  it("elasticnet with l1Ratio 0 is L2 and with l1Ratio 1 is L1", () => {
    const tol = 1e-10;
    const en0 = fitLogisticRegression(X, y, { penalty: "elasticnet", C: 0.2, l1Ratio: 0, tol });
    const l2 = fitLogisticRegression(X, y, { penalty: "l2", C: 0.2, tol });
    expect(en0.solver).toBe("lbfgs");
    expect(mismatches(en0.coef, l2.coef, 1e-12, 1e-14)).toEqual([]);
    const en1 = fitLogisticRegression(X, y, { penalty: "elasticnet", C: 0.2, l1Ratio: 1, tol });
    const l1 = fitLogisticRegression(X, y, { penalty: "l1", C: 0.2, tol });
    expect(en1.solver).toBe("owlqn");
    expect(mismatches(en1.coef, l1.coef, 1e-12, 1e-14)).toEqual([]);
  });

  it("the fit satisfies its own stopping test (evaluateObjective)", () => {
    for (const options of [
      { penalty: "none" },
      { penalty: "l2", C: 0.5 },
      { penalty: "l1", C: 0.02, classWeight: "balanced" },
      { penalty: "elasticnet", C: 0.1, l1Ratio: 0.4, classWeight: { 0: 1, 1: 3 } },
    ] as LogisticOptions[]) {
      const fit = fitLogisticRegression(X, y, { ...options, tol: 1e-8 });
      const check = evaluateObjective(X, y, fit.coef, fit.intercept, options);
      expect(check.loss).toBeCloseTo(fit.loss, 14);
      expect(check.gradNorm).toBeLessThanOrEqual(1e-8);
    }
  });

  it("does not modify its inputs", () => {
    const data = Float64Array.from(X.data);
    const labels = Float64Array.from(y);
    const warm = { coef: [0.1, 0.1, 0.1, 0.1, 0.1], intercept: 0 };
    fitLogisticRegression({ data, rows: 500, cols: 5 }, labels, { penalty: "l1", C: 1, classWeight: "balanced", warmStart: warm });
    expect(data).toEqual(X.data);
    expect(labels).toEqual(y);
    expect(warm.coef).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
  });
});

describe("L1 fits start from the intercept-only model", () => {
  it("a penalty strong enough to zero every coefficient converges in one pass, at the logit of the positive share", () => {
    const positives = y.reduce((a, v) => a + v, 0);
    const fit = fitLogisticRegression(X, y, { penalty: "l1", C: 1e-5 });
    expect(fit.converged).toBe(true);
    expect(fit.evaluations).toBe(1);
    expect(fit.coef).toEqual([0, 0, 0, 0, 0]);
    expect(fit.intercept).toBeCloseTo(Math.log(positives / (y.length - positives)), 12);
  });

  it("with class weights the start is the weighted share's logit: 0 for balanced weights", () => {
    const fit = fitLogisticRegression(X, y, { penalty: "elasticnet", l1Ratio: 0.9, C: 1e-5, classWeight: "balanced" });
    expect(fit.evaluations).toBe(1);
    expect(fit.coef).toEqual([0, 0, 0, 0, 0]);
    expect(fit.intercept).toBeCloseTo(0, 12);
    const weighted = fitLogisticRegression(X, y, { penalty: "l1", C: 1e-5, classWeight: { 0: 1, 1: 3 } });
    const positives = y.reduce((a, v) => a + v, 0);
    expect(weighted.evaluations).toBe(1);
    expect(weighted.intercept).toBeCloseTo(Math.log((3 * positives) / (y.length - positives)), 12);
  });
});

describe("predictProba and decisionFunction", () => {
  it("are sigmoid(x·coef + b) and x·coef + b", () => {
    const M = designMatrixFromRows([
      [0, 0],
      [1, 2],
      [-300, 0],
    ]);
    const z = decisionFunction(M, [0.5, -0.25], 0.1);
    [0.1, 0.1, -149.9].forEach((v, i) => expect(z[i]).toBeCloseTo(v, 13));
    const p = predictProba(M, [0.5, -0.25], 0.1);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-0.1)), 15);
    expect(p[2]).toBeGreaterThan(0);
    expect(p[2]).toBeCloseTo(Math.exp(-149.9), 70);
  });

  it("rejects coefficients of the wrong length", () => {
    expect(() => predictProba(X, [1, 2], 0)).toThrow(/coef has 2 values but X has 5 columns/);
  });
});
