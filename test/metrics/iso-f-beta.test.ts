import { describe, expect, it } from "vitest";
import { fBeta as libraryFBeta } from "../../lib/metrics";
import { isoFBetaCurve, precisionForFBeta } from "../../lib/metrics/iso-f-beta";

/** F-beta written out independently of the library. */
function fBeta(precision: number, recall: number, beta: number): number {
  const b2 = beta * beta;
  return ((1 + b2) * precision * recall) / (b2 * precision + recall);
}

describe("iso-F-beta contours", () => {
  it("every drawn point of each contour has F0.3 equal to its label", () => {
    for (const f of [0.1, 0.2, 0.3, 0.4, 0.5]) {
      const curve = isoFBetaCurve(f, 0.3);
      expect(curve.length).toBeGreaterThan(10);
      for (const p of curve) expect(Math.abs(fBeta(p.precision, p.recall, 0.3) - f)).toBeLessThan(1e-9);
    }
  });

  it("holds for other betas and agrees with the library's F-beta", () => {
    for (const beta of [0.5, 1, 2]) {
      for (const p of isoFBetaCurve(0.35, beta, 50)) expect(Math.abs(fBeta(p.precision, p.recall, beta) - 0.35)).toBeLessThan(1e-9);
    }
    for (const p of isoFBetaCurve(0.2, 0.3, 40)) expect(Math.abs(libraryFBeta(p.precision, p.recall, 0.3) - 0.2)).toBeLessThan(1e-9);
  });

  it("recovers a known point and leaves out precisions above 1", () => {
    const f = fBeta(0.5, 0.2, 0.3);
    expect(precisionForFBeta(f, 0.2, 0.3)).toBeCloseTo(0.5, 12);
    // No precision in [0, 1] reaches F = 0.5 at recall 0.05: (1.09·0.05 − 0.09·0.5) < F·R would need P > 1.
    expect(precisionForFBeta(0.5, 0.05, 0.3)).toBeNull();
  });
});
