import { describe, expect, it } from "vitest";
import {
  fitLogisticRegression,
  fitLogisticRegressionFrom,
  ParameterError,
  type FitContinuation,
  type LogisticFit,
  type LogisticOptions,
  type Penalty,
} from "../../lib/model/logistic-regression";
import type { DesignMatrix } from "../../lib/model/design-matrix";
import { logisticData, logregCases, logregDatasets, logregOptions, mismatches, type LogregCase } from "./helpers";

/**
 * Fits that continue from their neighbour along C (fitLogisticRegressionFrom, the runner's warm-start
 * chains): the same optimum as a cold fit within the tolerance, in fewer loss+gradient passes, and the
 * same agreement with scikit-learn's fixtures as the cold fits of sklearn-fixtures.test.ts.
 */

const { X, y } = logisticData(2000, [1.2, -0.8, 0.5, 0, 0.3, -0.2, 0.9], -1.5, 7);

function chain(steps: LogisticOptions[], data: { X: DesignMatrix; y: Float64Array } = { X, y }): LogisticFit[] {
  let from: FitContinuation | null = null;
  const fits: LogisticFit[] = [];
  for (const options of steps) {
    const out = fitLogisticRegressionFrom(data.X, data.y, options, from);
    fits.push(out.fit);
    // through structured clone, as between worker threads
    from = structuredClone(out.continuation);
  }
  return fits;
}

const passes = (fits: LogisticFit[]) => fits.reduce((s, f) => s + f.evaluations!, 0);
const theta = (f: LogisticFit) => [...f.coef, f.intercept];

describe("fitLogisticRegressionFrom", () => {
  const tol = 1e-9;

  it("without a previous fit is fitLogisticRegression, bit for bit", () => {
    const options: LogisticOptions = { penalty: "l2", C: 0.1, tol };
    expect(fitLogisticRegressionFrom(X, y, options, null).fit).toEqual(fitLogisticRegression(X, y, options));
  });

  it("an L2 chain over C then 'none' reaches every cold optimum in fewer passes", () => {
    const steps: LogisticOptions[] = [...[1e-4, 1e-2, 1, 100].map((C) => ({ penalty: "l2" as Penalty, C, tol })), { penalty: "none", tol }];
    const warm = chain(steps);
    const cold = steps.map((options) => fitLogisticRegression(X, y, options));
    for (let k = 0; k < steps.length; k++) {
      expect(warm[k].converged).toBe(true);
      expect(mismatches(theta(warm[k]), theta(cold[k]), 1e-6, 1e-8)).toEqual([]);
    }
    expect(warm[0]).toEqual(cold[0]); // the first fit of a chain is a cold fit
    for (let k = 1; k < steps.length; k++) expect(warm[k].evaluations!).toBeLessThan(cold[k].evaluations!);
    expect(passes(warm)).toBeLessThan(0.7 * passes(cold));
  });

  it("an L1 chain keeps the cold fits' exact zeros", () => {
    const steps: LogisticOptions[] = [1e-3, 1e-2, 0.1, 1].map((C) => ({ penalty: "l1", C, tol }));
    const warm = chain(steps);
    const cold = steps.map((options) => fitLogisticRegression(X, y, options));
    for (let k = 0; k < steps.length; k++) {
      expect(warm[k].converged).toBe(true);
      expect(warm[k].coef.map((v) => v === 0)).toEqual(cold[k].coef.map((v) => v === 0));
      expect(mismatches(theta(warm[k]), theta(cold[k]), 1e-6, 1e-8)).toEqual([]);
    }
    expect(warm[0].coef.some((v) => v === 0)).toBe(true);
    expect(passes(warm)).toBeLessThan(passes(cold));
  });

  it("gives the same solution whichever neighbour it starts from (within the tolerance)", () => {
    const target: LogisticOptions = { penalty: "l2", C: 1, tol };
    const fromBelow = chain([{ penalty: "l2", C: 1e-3, tol }, target]).at(-1)!;
    const fromAbove = chain([{ penalty: "none", tol }, target]).at(-1)!;
    const fromL1 = chain([{ penalty: "l1", C: 0.01, tol }, target]).at(-1)!;
    for (const fit of [fromAbove, fromL1]) expect(mismatches(theta(fit), theta(fromBelow), 1e-6, 1e-8)).toEqual([]);
  });

  it("refuses a continuation from other data or other weights, and a warmStart beside it", () => {
    const { continuation } = fitLogisticRegressionFrom(X, y, { penalty: "l2", C: 1 }, null);
    const balanced = () => fitLogisticRegressionFrom(X, y, { penalty: "l2", C: 1, classWeight: "balanced" }, continuation);
    expect(balanced).toThrow(ParameterError);
    expect(balanced).toThrow(/from must be the continuation of a fit on the same X, y and weights/);
    const other = logisticData(1500, [1, 1, 1, 1, 1, 1, 1], 0, 3);
    expect(() => fitLogisticRegressionFrom(other.X, other.y, { penalty: "l2", C: 1 }, continuation)).toThrow(ParameterError);
    expect(() => fitLogisticRegressionFrom(X, y, { penalty: "l2", C: 1, warmStart: { coef: new Array(7).fill(0), intercept: 0 } }, continuation)).toThrow(/warmStart/);
  });
});

describe("warm-start chains on scikit-learn's fixtures", () => {
  type Case = LogregCase;
  const cases = logregCases.filter((c) => !c.sampleWeight);
  const datasets = logregDatasets;
  const groups = new Map<string, Case[]>();
  for (const c of cases) {
    const family = c.penalty === "l2" || c.penalty === "none" ? "smooth" : `${c.penalty}:${c.l1Ratio}`;
    const key = `${c.dataset} ${family} classWeight=${JSON.stringify(c.classWeight)}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const strength = (c: Case) => (c.penalty === "none" ? Infinity : c.C);

  it.each([...groups.entries()].filter(([, g]) => g.length > 1))("%s: every fit of the chain agrees with scikit-learn", (_key, group) => {
    const ordered = [...group].sort((a, b) => strength(a) - strength(b));
    const d = datasets.get(ordered[0].dataset)!;
    const fits = chain(ordered.map(logregOptions), d);
    ordered.forEach((c, k) => {
      expect(fits[k].converged).toBe(true);
      // the tolerances of sklearn-fixtures.test.ts for the cold fits
      expect(mismatches(fits[k].coef, c.coef, 1e-4, 1e-6)).toEqual([]);
      expect(mismatches([fits[k].intercept], [c.intercept], 1e-4, 1e-6)).toEqual([]);
      if (c.penalty === "l1" || c.penalty === "elasticnet") expect(fits[k].coef.map((v) => v === 0)).toEqual(c.coef.map((v) => v === 0));
    });
  });
});
