import { describe, expect, it } from "vitest";
import { addBinCounts, binCount, binOf, learnBins, populationStabilityIndex, proportions, PSI_FLOOR, psiLevel } from "../../lib/monitoring/psi";
import { mulberry32 } from "../helpers/random";

function normals(seed: number, n: number, scale = 1, shift = 0): Float64Array {
  const u = mulberry32(seed);
  return Float64Array.from({ length: n }, () => shift + scale * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
}

function psiOf(reference: Float64Array, observed: Float64Array): number {
  const bins = learnBins(reference);
  const ref = new Float64Array(binCount(bins));
  addBinCounts(bins, reference, ref);
  const obs = new Float64Array(binCount(bins));
  addBinCounts(bins, observed, obs);
  return populationStabilityIndex(proportions(ref), obs);
}

describe("populationStabilityIndex", () => {
  it("is Σ (a − e) ln(a / e) over the bins (hand-computed)", () => {
    // e = (0.5, 0.5), a = (0.25, 0.75): 0.25·ln 2 + 0.25·ln 1.5
    expect(populationStabilityIndex([0.5, 0.5], [25, 75])).toBeCloseTo(0.25 * Math.log(2) + 0.25 * Math.log(1.5), 12);
    expect(populationStabilityIndex([0.2, 0.3, 0.5], [20, 30, 50])).toBe(0);
  });

  it("floors empty bins at 1e-4 instead of returning infinity", () => {
    const psi = populationStabilityIndex([1, 0], [50, 50]);
    expect(psi).toBeCloseTo((0.5 - 1) * Math.log(0.5 / 1) + (0.5 - PSI_FLOOR) * Math.log(0.5 / PSI_FLOOR), 12);
    expect(Number.isFinite(psi)).toBe(true);
  });

  it("is NaN with no observed rows and refuses mismatched bins", () => {
    expect(populationStabilityIndex([0.5, 0.5], [0, 0])).toBeNaN();
    expect(() => populationStabilityIndex([0.5, 0.5], [1, 2, 3])).toThrow(/bins/);
  });

  it("reads as stable below 0.1 and a major shift above 0.25", () => {
    expect(psiLevel(0.05)).toBe("stable");
    expect(psiLevel(0.2)).toBe("moderate shift");
    expect(psiLevel(0.3)).toBe("major shift");
    expect(psiLevel(NaN)).toBe("unavailable");
  });

  it("stays below 0.1 for another sample of the same distribution and exceeds 0.25 when it is scaled", () => {
    const reference = normals(1, 50_000, 1, 5);
    expect(psiOf(reference, normals(2, 20_000, 1, 5))).toBeLessThan(0.01);
    const scaled = normals(3, 20_000, 1, 5).map((x) => x * 1.5);
    expect(psiOf(reference, scaled)).toBeGreaterThan(0.25);
  });
});

describe("bins", () => {
  it("bins few-valued features by value, with an 'other' bin for unseen values", () => {
    const bins = learnBins(Float64Array.from([0, 1, 0, 0, 1]));
    expect(bins).toEqual({ kind: "discrete", values: [0, 1] });
    const counts = new Float64Array(binCount(bins));
    addBinCounts(bins, [0, 1, 1, 7], counts);
    expect(Array.from(counts)).toEqual([1, 2, 1]);
  });

  it("bins continuous features by deciles, merging the deciles a repeated value fills", () => {
    // 75% of the values are the imputed 33, as days_since_purchase_variant_id.
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i < 750 ? 33 : i));
    const bins = learnBins(values);
    expect(bins.kind).toBe("quantile");
    if (bins.kind !== "quantile") return;
    expect(new Set(bins.edges).size).toBe(bins.edges.length);
    expect(bins.edges[0]).toBe(33);
    expect(binOf(bins, 33)).toBe(0); // x ≤ e1
    expect(binOf(bins, 33.5)).toBe(1);
    expect(binOf(bins, 1e9)).toBe(bins.edges.length);
    const counts = new Float64Array(binCount(bins));
    addBinCounts(bins, values, counts);
    expect(counts[0]).toBe(750);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
  });
});
