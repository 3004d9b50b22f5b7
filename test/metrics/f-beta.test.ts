import { describe, expect, it } from "vitest";
import { MetricInputError } from "../../lib/metrics/errors";
import { bestFBetaFromCurve, bestFBetaThreshold, fBeta, fBetaCurve } from "../../lib/metrics/f-beta";
import { cases, expectArrayClose, expectNumberClose } from "./fixtures";

describe("fBeta", () => {
  it("gives hand-computed values", () => {
    expect(fBeta(0.5, 0.5, 1)).toBe(0.5);
    expectNumberClose(fBeta(1, 0.5, 1), 2 / 3, 1e-15);
    expectNumberClose(fBeta(0.8, 0.4, 0.3), (1.09 * 0.8 * 0.4) / (0.09 * 0.8 + 0.4), 1e-15);
    expectNumberClose(fBeta(0.8, 0.4, 2), (5 * 0.8 * 0.4) / (4 * 0.8 + 0.4), 1e-15);
  });

  it("is 0 when precision and recall are 0", () => {
    expect(fBeta(0, 0, 0.3)).toBe(0);
  });

  it("rejects bad arguments", () => {
    expect(() => fBeta(0.5, 0.5, 0)).toThrow(MetricInputError);
    expect(() => fBeta(0.5, 0.5, -1)).toThrow(/beta must be a finite number > 0, got -1/);
    expect(() => fBeta(0.5, 0.5, NaN)).toThrow(/beta/);
    expect(() => fBeta(1.5, 0.5, 1)).toThrow(/precision must be in \[0, 1\]/);
    expect(() => fBeta(0.5, NaN, 1)).toThrow(/recall must be in \[0, 1\]/);
  });
});

describe("fBetaCurve / bestFBetaThreshold", () => {
  for (const c of cases) {
    for (const f of c.fBeta) {
      it(`matches the numpy reference on ${c.name}, beta ${f.beta}`, () => {
        const curve = fBetaCurve(c.yTrue, c.yScore, f.beta);
        expectArrayClose(curve.fBeta, f.curve, 1e-12, "fBeta");
        expectArrayClose(curve.thresholds, c.pr.thresholds, 0, "thresholds");
        expectArrayClose(curve.precision, c.pr.precision.slice(0, -1), 1e-12, "precision");
        expectArrayClose(curve.recall, c.pr.recall.slice(0, -1), 1e-12, "recall");
        const best = bestFBetaThreshold(c.yTrue, c.yScore, f.beta);
        expect(best.index).toBe(f.best.index);
        expect(best.threshold).toBe(f.best.threshold);
        expectNumberClose(best.precision, f.best.precision);
        expectNumberClose(best.recall, f.best.recall);
        expectNumberClose(best.fBeta, f.best.fBeta);
      });
    }
  }

  it("breaks ties in F toward the highest threshold", () => {
    const curve = {
      thresholds: new Float64Array([0.1, 0.2, 0.3, 0.4]),
      precision: new Float64Array([0.5, 0.6, 0.6, 0.3]),
      recall: new Float64Array([1, 0.5, 0.5, 0.1]),
      fBeta: new Float64Array([0.4, 0.7, 0.7, 0.2]),
    };
    expect(bestFBetaFromCurve(curve)).toEqual({ threshold: 0.3, precision: 0.6, recall: 0.5, fBeta: 0.7, index: 2 });
    // Real data with a tie: positives at 0.9 and 0.1, negatives at 0.5 and 0.3.
    // F1 at 0.9: P=1, R=0.5 → 2/3; at 0.1: P=0.5, R=1 → 2/3 (tie) → 0.9 wins.
    const best = bestFBetaThreshold([1, 0, 0, 1], [0.9, 0.5, 0.3, 0.1], 1);
    expect(best.threshold).toBe(0.9);
    expect(best.index).toBe(3);
  });

  it("prefers precision at beta 0.3", () => {
    // Top row positive, then a block of mixed rows: F0.3 picks the pure top, F2 picks everything.
    const y = [1, 1, 0, 1, 0, 1, 0, 1];
    const s = [0.9, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    expect(bestFBetaThreshold(y, s, 0.3).threshold).toBe(0.9);
    expect(bestFBetaThreshold(y, s, 2).threshold).toBe(0.5);
  });

  it("throws without positives or with a bad beta", () => {
    expect(() => fBetaCurve([0, 0], [0.1, 0.2], 0.3)).toThrow(/no positive/);
    expect(() => bestFBetaThreshold([0, 1], [0.1, 0.2], 0)).toThrow(/beta/);
  });
});
