import { describe, expect, it } from "vitest";
import { orderGroups, pairedBootstrapDifference, rankByScore } from "../../../lib/experiments/comparison/bootstrap";
import { isBorderline, nearEndSd, simultaneousIntervals, type FamilyComparison } from "../../../lib/experiments/comparison/family";
import type { GroupedRanking } from "../../../lib/metrics/weighted-ranking";
import { mulberry32 } from "../../helpers/random";

/** `orders` orders of `perOrder` rows, positives with probability `rate`; each scorer's scores from (label, uniform). */
function dataset(seed: number, orders: number, perOrder: number, rate: number, scorers: Record<string, (y: number, u: number) => number>) {
  const random = mulberry32(seed);
  const n = orders * perOrder;
  const labels = new Float64Array(n);
  const orderIds = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    orderIds[i] = 1000 + Math.floor(i / perOrder);
    labels[i] = random() < rate ? 1 : 0;
  }
  const { group, groups } = orderGroups(orderIds);
  const scores: Record<string, Float64Array> = {};
  const rankings = new Map<string, GroupedRanking>();
  for (const [id, scorer] of Object.entries(scorers)) {
    scores[id] = Float64Array.from(labels, (y) => scorer(y, random()));
    rankings.set(id, rankByScore(scores[id], labels, group, groups));
  }
  return { labels, orderIds, scores, rankings, groups };
}

const noise = (_y: number, u: number) => u;
const signal = (strength: number) => (y: number, u: number) => u + strength * y;

describe("simultaneousIntervals", () => {
  it("gives a point interval and no verdict for two identical scorers", () => {
    const d = dataset(1, 80, 10, 0.1, { a: signal(0.5) });
    d.rankings.set("b", d.rankings.get("a")!);
    const family = simultaneousIntervals(d.rankings, d.groups, [{ candidate: "a", reference: "b", metric: "averagePrecision" }], { replicates: 200, seeds: [1, 2] });
    expect(family.comparisons[0]).toMatchObject({ estimate: 0, low: 0, high: 0, verdict: "not distinguishable", borderline: false });
  });

  it("calls a strong scorer better than noise and agrees with the paired bootstrap's point difference", () => {
    const d = dataset(2, 120, 10, 0.1, { strong: signal(0.8), random: noise });
    const family = simultaneousIntervals(d.rankings, d.groups, [{ candidate: "strong", reference: "random", metric: "averagePrecision" }], { replicates: 300, seeds: [7, 8, 9] });
    const c = family.comparisons[0];
    const paired = pairedBootstrapDifference(d.scores.strong, d.scores.random, d.labels, d.orderIds, { candidate: 0.5, reference: 0.5 }, 50);
    expect(c.estimate).toBeCloseTo(paired.averagePrecision.estimate, 12);
    expect(c.verdict).toBe("better");
    expect(c.low).toBeGreaterThan(0);
    expect(c.borderline).toBe(false);
    expect(c.seedSd).toBeGreaterThan(0);
    expect(family).toMatchObject({ method: "bootstrap max-t band", replicates: 300, seeds: [7, 8, 9], seedReplicates: 250, dropped: 0 });
  });

  it("widens with the number of comparisons (one comparison: q near 1.96; ten: well above)", () => {
    const scorers: Record<string, (y: number, u: number) => number> = { ref: noise };
    for (let k = 0; k < 10; k++) scorers[`m${k}`] = noise;
    const d = dataset(3, 150, 10, 0.1, scorers);
    const ten: FamilyComparison[] = Array.from({ length: 10 }, (_, k) => ({ candidate: `m${k}`, reference: "ref", metric: "averagePrecision" }));
    const one = simultaneousIntervals(d.rankings, d.groups, ten.slice(0, 1), { replicates: 1000, seeds: [5] });
    const all = simultaneousIntervals(d.rankings, d.groups, ten, { replicates: 1000, seeds: [5] });
    expect(one.criticalValue).toBeGreaterThan(1.7);
    expect(one.criticalValue).toBeLessThan(2.3);
    expect(all.criticalValue).toBeGreaterThan(one.criticalValue + 0.3);
    const a = all.comparisons[0];
    const b = one.comparisons[0];
    expect(a.high - a.low).toBeGreaterThan(b.high - b.low);
  });

  it("keeps the chance of any false 'real' near 5% for eight independent null comparisons (one-at-a-time intervals: ≈ 34%)", () => {
    let familyErrors = 0;
    const runs = 20;
    for (let run = 0; run < runs; run++) {
      const scorers: Record<string, (y: number, u: number) => number> = {};
      for (let k = 0; k < 8; k++) scorers[`m${k}`] = scorers[`r${k}`] = noise;
      const d = dataset(100 + run, 50, 8, 0.15, scorers);
      const comparisons: FamilyComparison[] = Array.from({ length: 8 }, (_, k) => ({ candidate: `m${k}`, reference: `r${k}`, metric: "averagePrecision" }));
      const family = simultaneousIntervals(d.rankings, d.groups, comparisons, { replicates: 200, seeds: [run + 1] });
      if (family.comparisons.some((c) => c.verdict !== "not distinguishable")) familyErrors++;
      expect(family.criticalValue).toBeGreaterThan(2.2); // ≈ 2.7 for 8 independent comparisons
    }
    expect(familyErrors / runs).toBeLessThanOrEqual(0.15);
  });

  it("counts the replicates it drops because a metric is undefined in them", () => {
    // Three orders with a purchase among 40: many resamples draw none, where AP is undefined.
    const d = dataset(4, 40, 5, 0, { a: noise, b: noise });
    const labels = new Float64Array(d.labels.length);
    labels[0] = labels[60] = labels[120] = 1;
    const { group, groups } = orderGroups(d.orderIds);
    const rankings = new Map([["a", rankByScore(d.scores.a, labels, group, groups)], ["b", rankByScore(d.scores.b, labels, group, groups)]]);
    const family = simultaneousIntervals(rankings, groups, [{ candidate: "a", reference: "b", metric: "averagePrecision" }], { replicates: 400, seeds: [1, 2] });
    // P(no purchase drawn) = (37/40)^40 ≈ 4.4%, so ≈ 35 of 800.
    expect(family.dropped).toBeGreaterThan(10);
    expect(family.dropped).toBeLessThan(80);
    expect(Number.isFinite(family.comparisons[0].low)).toBe(true);
  });

  it("rejects comparisons of experiments it has no ranking for", () => {
    const d = dataset(5, 20, 5, 0.2, { a: noise });
    expect(() => simultaneousIntervals(d.rankings, d.groups, [{ candidate: "a", reference: "missing", metric: "rocAuc" }])).toThrow(/no ranking/);
  });
});

describe("borderline", () => {
  it("is true when the reported end nearest zero is within two seed standard deviations of zero", () => {
    expect(isBorderline(0.02, { low: 0.001, high: 0.04 }, 0.001)).toBe(true);
    expect(isBorderline(-0.02, { low: -0.04, high: 0.0005 }, 0.001)).toBe(true);
    expect(isBorderline(0.02, { low: 0.01, high: 0.03 }, 0.001)).toBe(false);
    expect(isBorderline(0.001, { low: -0.02, high: 0.022 }, 0.001)).toBe(false);
    expect(isBorderline(0.02, { low: 0.001, high: 0.04 }, NaN)).toBe(false);
  });

  it("measures the seed-to-seed spread at the reported size from smaller seeds (scaled by √ of the replicate ratio)", () => {
    const d = dataset(6, 60, 8, 0.15, { a: signal(0.15), b: noise });
    const comparison: FamilyComparison[] = [{ candidate: "a", reference: "b", metric: "averagePrecision" }];
    const seeds = [11, 12, 13, 14, 15, 16, 17, 18];
    // Direct: the reported-size band under each seed.
    const direct = seeds.map((seed) => simultaneousIntervals(d.rankings, d.groups, comparison, { replicates: 1000, seeds: [seed] }).comparisons[0]);
    const sdDirect = nearEndSd(direct[0].estimate, direct);
    const scaled = simultaneousIntervals(d.rankings, d.groups, comparison, { replicates: 1000, seeds, seedReplicates: 125 }).comparisons[0].seedSd;
    expect(sdDirect).toBeGreaterThan(0);
    expect(scaled / sdDirect).toBeGreaterThan(0.4);
    expect(scaled / sdDirect).toBeLessThan(2.5);
  });
});
