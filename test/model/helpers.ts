import type { DesignMatrix } from "../../lib/model/design-matrix";
import type { ClassWeight, LogisticOptions, Penalty } from "../../lib/model/logistic-regression";
import logregFixture from "../fixtures/logreg.json";
import { mulberry32 } from "../helpers/random";

/** Seeded PRNG (mulberry32) with standard normals (Box–Muller). */
export function rng(seed: number) {
  const uniform = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** A logistic-model dataset: standard-normal features, labels drawn from sigmoid(x·w + b). */
export function logisticData(rows: number, coef: readonly number[], intercept: number, seed = 1): { X: DesignMatrix; y: Float64Array } {
  const r = rng(seed);
  const cols = coef.length;
  const data = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = intercept;
    for (let j = 0; j < cols; j++) {
      const v = r.normal();
      data[i * cols + j] = v;
      z += v * coef[j];
    }
    y[i] = r.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: { data, rows, cols }, y };
}

/** |a − b| ≤ max(rel·|b|, abs) elementwise; returns the offending indices. */
export function mismatches(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, abs: number): number[] {
  const bad: number[] = [];
  for (let k = 0; k < expected.length; k++) {
    if (!(Math.abs(actual[k] - expected[k]) <= Math.max(rel * Math.abs(expected[k]), abs))) bad.push(k);
  }
  return bad;
}

/** One case of scikit-learn's logistic-regression fixtures (scripts/fixtures/make_logreg_fixtures.py). */
export interface LogregCase {
  dataset: string;
  penalty: Penalty;
  C: number;
  l1Ratio: number | null;
  classWeight: "none" | "balanced" | { "0": number; "1": number };
  sampleWeight: boolean;
  reference: string;
  coef: number[];
  intercept: number;
  proba: number[];
  optimumCoef: number[];
  optimumIntercept: number;
}

export const logregCases = logregFixture.cases as LogregCase[];

/** The fixtures' datasets by name. */
export const logregDatasets = new Map(
  logregFixture.datasets.map((d) => [
    d.name,
    { X: { data: Float64Array.from(d.X), rows: d.rows, cols: d.cols } as DesignMatrix, y: Float64Array.from(d.y), sampleWeight: Float64Array.from(d.sampleWeight) },
  ]),
);

/** The solver options of a fixture case, at the tight tolerance the comparisons use. */
export function logregOptions(c: LogregCase): LogisticOptions {
  const classWeight: ClassWeight = typeof c.classWeight === "string" ? c.classWeight : { 0: c.classWeight["0"], 1: c.classWeight["1"] };
  return {
    penalty: c.penalty,
    C: c.C,
    l1Ratio: c.l1Ratio ?? undefined,
    classWeight,
    sampleWeight: c.sampleWeight ? logregDatasets.get(c.dataset)!.sampleWeight : undefined,
    tol: 1e-10,
    maxIter: 10000,
  };
}
