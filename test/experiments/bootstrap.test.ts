import { describe, expect, it } from "vitest";
import { bootstrapIntervals, orderGroups, pairedBootstrapDifference, replicateWeights } from "../../lib/experiments/bootstrap";

function lcg(seed: number) {
  return () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
}

function sample(n: number, orders: number, signal: number, seed: number) {
  const rand = lcg(seed);
  const orderIds = Array.from({ length: n }, (_, i) => 1000 + (i % orders));
  const labels = Array.from({ length: n }, () => (rand() < 0.1 ? 1 : 0));
  const noise = Array.from({ length: n }, () => rand());
  return { orderIds, labels, noise, scores: labels.map((y, i) => noise[i] + signal * y) };
}

describe("order bootstrap", () => {
  it("resamples whole orders: rows of one order always share a weight, and each replicate draws as many orders as there are", () => {
    const { group, groups } = orderGroups([5, 5, 9, 7, 9, 5]);
    expect(groups).toBe(3);
    for (const w of replicateWeights(group, groups, 20, 1)) {
      expect(w[0]).toBe(w[1]);
      expect(w[1]).toBe(w[5]);
      expect(w[2]).toBe(w[4]);
      expect(w[0] + w[2] + w[3]).toBe(3);
    }
  });

  it("gives an interval that contains the estimate and is reproducible", () => {
    const d = sample(4000, 200, 0.5, 3);
    const a = bootstrapIntervals(d.scores, d.labels, d.orderIds, 100);
    const b = bootstrapIntervals(d.scores, d.labels, d.orderIds, 100);
    expect(a).toEqual(b);
    for (const iv of Object.values(a)) {
      expect(iv.low).toBeLessThanOrEqual(iv.estimate);
      expect(iv.high).toBeGreaterThanOrEqual(iv.estimate);
      expect(iv.high - iv.low).toBeGreaterThan(0);
    }
  });

  it("calls a real difference better and a tiny one not distinguishable", () => {
    const d = sample(4000, 200, 0.6, 9);
    const weak = d.labels.map((y, i) => d.noise[i] + 0.1 * y);
    const real = pairedBootstrapDifference(d.scores, weak, d.labels, d.orderIds, 100);
    expect(real.averagePrecision.verdict).toBe("better");
    expect(real.rocAuc.low).toBeGreaterThan(0);
    const jitter = lcg(77);
    const same = d.scores.map((s) => s + (jitter() - 0.5) * 1e-3);
    const none = pairedBootstrapDifference(same, d.scores, d.labels, d.orderIds, 100);
    expect(none.averagePrecision.verdict).toBe("not distinguishable");
    expect(none.averagePrecision.low).toBeLessThan(0);
    expect(none.averagePrecision.high).toBeGreaterThan(0);
  });
});
