/** Loader and comparison helpers for test/fixtures/metrics.json (written by scripts/fixtures/make_metric_fixtures.py). */
import { expect } from "vitest";
import raw from "../fixtures/metrics.json";

export interface FixtureCase {
  name: string;
  yTrue: number[];
  yScore: number[];
  pr: { precision: number[]; recall: number[]; thresholds: number[] };
  averagePrecision: number;
  roc: { fpr: number[]; tpr: number[]; thresholds: number[] };
  rocAll: { fpr: number[]; tpr: number[]; thresholds: number[] };
  rocAuc: number;
  gini: number;
  isProbability: boolean;
  logLoss?: number;
  brier?: number;
  calibration?: { nBins: number; probTrue: number[]; probPred: number[]; counts: number[]; bins: number[] };
  calibrationQuantile?: { nBins: number; edges: number[]; probTrue: number[]; probPred: number[]; counts: number[]; bins: number[] };
  fBeta: {
    beta: number;
    curve: number[];
    best: { index: number; threshold: number; precision: number; recall: number; fBeta: number };
  }[];
  confusion: { threshold: number; tp: number; fp: number; tn: number; fn: number }[];
  topK: {
    k: number;
    tp: number;
    threshold: number;
    tiedRows: number;
    tiedRowsSelected: number;
    precision: number;
    recall: number;
  }[];
}

export const fixture = raw as unknown as { sklearn: string; cases: FixtureCase[] };
export const cases: FixtureCase[] = fixture.cases;
export const probabilityCases: FixtureCase[] = cases.filter((c) => c.isProbability);

export const TOLERANCE = 1e-12;

/** |actual − expected| ≤ tol, with a readable failure message. */
export function expectNumberClose(actual: number, expected: number, tol = TOLERANCE, label = ""): void {
  if (!(Math.abs(actual - expected) <= tol)) {
    expect.fail(`${label} expected ${expected}, got ${actual} (diff ${Math.abs(actual - expected)} > ${tol})`);
  }
}

/** Same length and element-wise |actual − expected| ≤ tol. */
export function expectArrayClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = TOLERANCE, label = ""): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectNumberClose(actual[i], expected[i], tol, `${label}[${i}]`);
}

/** A deterministic pseudo-random generator (mulberry32) for test data. */
export { mulberry32 as rng } from "../helpers/random";
