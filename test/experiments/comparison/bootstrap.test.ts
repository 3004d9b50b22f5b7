import { describe, expect, it } from "vitest";
import { bootstrapIntervals, intervalsFromRanking, orderGroups, pairedBootstrapDifference, rankByScore, replicateDraws, replicateMetrics, replicateWeights } from "../../../lib/experiments/comparison/bootstrap";
import { bestFBetaThreshold, fBeta } from "../../../lib/metrics";
import { groupWeightedRankingMetrics } from "../../../lib/metrics/weighted-ranking";

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
    const a = bootstrapIntervals(d.scores, d.labels, d.orderIds, 0.9, 100);
    const b = bootstrapIntervals(d.scores, d.labels, d.orderIds, 0.9, 100);
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
    const real = pairedBootstrapDifference(d.scores, weak, d.labels, d.orderIds, { candidate: 1.0, reference: 0.95 }, 100);
    expect(real.averagePrecision.verdict).toBe("better");
    expect(real.rocAuc.low).toBeGreaterThan(0);
    const jitter = lcg(77);
    const same = d.scores.map((s) => s + (jitter() - 0.5) * 1e-3);
    const none = pairedBootstrapDifference(same, d.scores, d.labels, d.orderIds, { candidate: 1.0, reference: 1.0 }, 100);
    expect(none.averagePrecision.verdict).toBe("not distinguishable");
    expect(none.averagePrecision.low).toBeLessThan(0);
    expect(none.averagePrecision.high).toBeGreaterThan(0);
  });
});

describe("intervals at a fixed operating threshold", () => {
  // A weak model on few orders: re-picking the best threshold inside each replicate is what biased
  // the old interval (the maximum over thresholds of a noisy curve sits above the curve at one threshold).
  const rand = lcg(5);
  const orderIds = Array.from({ length: 3000 }, (_, i) => 1000 + (i % 120));
  const labels = orderIds.map(() => (rand() < 0.05 ? 1 : 0));
  // Buyers' scores lean high but share the whole range with everyone else's: no threshold is clean.
  const d = { orderIds, labels, scores: labels.map((y) => (y ? rand() ** 0.2 : rand())) };
  const { group, groups } = orderGroups(d.orderIds);
  const ranking = rankByScore(d.scores, d.labels, group, groups);
  const best = bestFBetaThreshold(d.labels, d.scores, 0.3);

  it("takes precision, recall and F0.3 at the threshold in every replicate, as on the rows repeated by their weights", () => {
    const { samples } = replicateMetrics(ranking, groups, best.threshold, 25);
    let r = 0;
    for (const w of replicateWeights(group, groups, 25)) {
      let tp = 0;
      let fp = 0;
      let positives = 0;
      for (let i = 0; i < d.labels.length; i++) {
        if (d.labels[i] === 1) positives += w[i];
        if (d.scores[i] >= best.threshold) {
          if (d.labels[i] === 1) tp += w[i];
          else fp += w[i];
        }
      }
      const precision = tp / (tp + fp);
      const recall = tp / positives;
      expect(samples.precision[r]).toBeCloseTo(precision, 12);
      expect(samples.recall[r]).toBeCloseTo(recall, 12);
      expect(samples.f03[r]).toBeCloseTo(fBeta(precision, recall, 0.3), 12);
      r++;
    }
    expect(r).toBe(25);
  });

  it("is centred: the replicate mean and the estimate of F0.3, precision and recall lie in the middle third of the interval", () => {
    const { point, samples } = replicateMetrics(ranking, groups, best.threshold, 2000);
    expect(point.f03).toBeCloseTo(best.fBeta, 12);
    const intervals = intervalsFromRanking(ranking, groups, best.threshold, 2000);
    for (const metric of ["f03", "precision", "recall"] as const) {
      const finite = samples[metric].filter(Number.isFinite);
      const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
      const { low, high } = intervals[metric];
      expect(mean, metric).toBeGreaterThan(low + (high - low) / 3);
      expect(mean, metric).toBeLessThan(high - (high - low) / 3);
      expect(point[metric], metric).toBeGreaterThan(low + (high - low) / 3);
      expect(point[metric], metric).toBeLessThan(high - (high - low) / 3);
      expect(intervals[metric].dropped).toBe(0);
    }
  });

  it("the old interval, with the best threshold re-picked in each replicate, fails that check: its mean is above the estimate, which sits in the bottom third", () => {
    const old: number[] = [];
    for (const draws of replicateDraws(groups, 2000)) old.push(groupWeightedRankingMetrics(ranking, draws, 0.3).bestFBeta);
    const sorted = [...old].sort((a, b) => a - b);
    const low = sorted[Math.round(0.025 * (sorted.length - 1))];
    const high = sorted[Math.round(0.975 * (sorted.length - 1))];
    const mean = old.reduce((a, b) => a + b, 0) / old.length;
    expect(mean).toBeGreaterThan(best.fBeta);
    expect(best.fBeta).toBeLessThan(low + (high - low) / 3);
  });

  it("counts the replicates where a metric is undefined and leaves them out", () => {
    // 40 orders, one of which holds the only buyer: a replicate that does not draw it has no positive.
    const orderIds = Array.from({ length: 400 }, (_, i) => Math.floor(i / 10));
    const labels = orderIds.map((_, i) => (i === 5 ? 1 : 0));
    const scores = labels.map((y, i) => (y ? 0.9 : (i % 89) / 100));
    const iv = bootstrapIntervals(scores, labels, orderIds, 0.5, 500);
    const { groups: g } = orderGroups(orderIds);
    let missed = 0;
    for (const draws of replicateDraws(g, 500)) if (draws[0] === 0) missed++;
    expect(missed).toBeGreaterThan(100);
    expect(iv.averagePrecision).toMatchObject({ replicates: 500, dropped: missed });
    expect(iv.recall.dropped).toBe(missed);
    expect(iv.rocAuc.dropped).toBe(missed);
    expect(iv.averagePrecision.low).toBe(1);
  });
});
