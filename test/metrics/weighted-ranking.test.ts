import { describe, expect, it } from "vitest";
import { averagePrecision, bestFBetaThreshold, binaryClfCurve, binaryClfCurveFromSorted, rocAuc } from "../../lib/metrics";
import { indicesByScoreDescending } from "../../lib/metrics/sort-index";
import { groupedRanking, groupedRankingByScore, groupWeightedRankingMetrics, weightedRankingMetrics } from "../../lib/metrics/weighted-ranking";

function lcg(seed: number) {
  return () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
}

describe("indicesByScoreDescending", () => {
  it("orders any doubles like a comparator sort", () => {
    const rand = lcg(11);
    const scores = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? -rand() * 1e6 : i % 11 === 0 ? 0.5 : i % 13 === 0 ? -0 : rand() * 10 ** Math.floor(rand() * 10 - 5)));
    const order = indicesByScoreDescending(scores);
    const sorted = [...order].map((i) => scores[i]);
    const expected = [...scores].sort((a, b) => b - a);
    expect(sorted).toEqual(expected);
    expect(new Set(order).size).toBe(scores.length);
  });
});

describe("weightedRankingMetrics", () => {
  const rand = lcg(5);
  const n = 3000;
  const labels = Array.from({ length: n }, () => (rand() < 0.1 ? 1 : 0));
  const scores = labels.map((y) => Math.round((rand() + y * 0.4) * 50) / 50); // many ties

  it("with unit weights equals the unweighted scikit-learn-style metrics", () => {
    const m = weightedRankingMetrics(indicesByScoreDescending(scores), scores, labels, new Float64Array(n).fill(1), 0.3);
    expect(m.averagePrecision).toBeCloseTo(averagePrecision(labels, scores), 12);
    expect(m.rocAuc).toBeCloseTo(rocAuc(labels, scores), 12);
    expect(m.bestFBeta).toBeCloseTo(bestFBetaThreshold(labels, scores, 0.3).fBeta, 12);
  });

  it("with integer weights equals the metrics on rows repeated that many times", () => {
    const weights = Array.from({ length: n }, () => Math.floor(rand() * 3));
    const repeatedLabels: number[] = [];
    const repeatedScores: number[] = [];
    weights.forEach((w, i) => {
      for (let k = 0; k < w; k++) {
        repeatedLabels.push(labels[i]);
        repeatedScores.push(scores[i]);
      }
    });
    const m = weightedRankingMetrics(indicesByScoreDescending(scores), scores, labels, weights, 0.3);
    expect(m.averagePrecision).toBeCloseTo(averagePrecision(repeatedLabels, repeatedScores), 12);
    expect(m.rocAuc).toBeCloseTo(rocAuc(repeatedLabels, repeatedScores), 12);
    expect(m.bestFBeta).toBeCloseTo(bestFBetaThreshold(repeatedLabels, repeatedScores, 0.3).fBeta, 12);
  });
});

describe("groupWeightedRankingMetrics", () => {
  const rand = lcg(23);
  const n = 4000;
  const groupCount = 300;
  const labels = Array.from({ length: n }, () => (rand() < 0.08 ? 1 : 0));
  const scores = labels.map((y) => Math.round((rand() + y * 0.3) * 40) / 40); // many ties
  const group = Uint32Array.from({ length: n }, () => Math.floor(rand() * groupCount));
  const ranking = groupedRanking(indicesByScoreDescending(scores), scores, labels, group, groupCount);

  it("equals weightedRankingMetrics with each row weighted by its group's weight", () => {
    for (let trial = 0; trial < 5; trial++) {
      const groupWeights = Float64Array.from({ length: groupCount }, () => Math.floor(rand() * 4));
      const rowWeights = Float64Array.from(group, (g) => groupWeights[g]);
      const expected = weightedRankingMetrics(indicesByScoreDescending(scores), scores, labels, rowWeights, 0.3);
      expect(groupWeightedRankingMetrics(ranking, groupWeights, 0.3)).toEqual(expected);
    }
  });

  it("its sorted scores and labels give the same curve as binaryClfCurve", () => {
    const withNegativeZero = scores.map((v, i) => (i % 97 === 0 ? -0 : v));
    const r = groupedRanking(indicesByScoreDescending(withNegativeZero), withNegativeZero, labels, group, groupCount);
    expect(binaryClfCurveFromSorted(r.scores, r.labels)).toEqual(binaryClfCurve(labels, withNegativeZero));
  });

  it("built with labels and groups carried through the sort (groupedRankingByScore), it is the same ranking", () => {
    const withNegativeZero = scores.map((v, i) => (i % 97 === 0 ? -0 : v));
    const byIndex = groupedRanking(indicesByScoreDescending(withNegativeZero), withNegativeZero, labels, group, groupCount);
    const carried = groupedRankingByScore(withNegativeZero, labels, group, groupCount);
    expect(Array.from(carried.scores, (v) => v + 0)).toEqual(Array.from(byIndex.scores, (v) => v + 0));
    expect(carried.thresholdEnds).toEqual(byIndex.thresholdEnds);
    expect(carried.groupPositives).toEqual(byIndex.groupPositives);
    expect(carried.groupNegatives).toEqual(byIndex.groupNegatives);
    // −0 kept, after the +0 rows, as a native sort reversed leaves them.
    const zeros = Array.from(carried.scores).filter((v) => v === 0);
    const negatives = withNegativeZero.filter((v) => Object.is(v, -0)).length;
    expect(zeros.map((v) => Object.is(v, -0))).toEqual(zeros.map((_, k) => k >= zeros.length - negatives));
    // Within each tie group the same labels per group (the order inside a tie is free).
    const key = (r: typeof carried) => Array.from(r.scores, (v, k) => `${v + 0}|${r.groups[k]}|${r.labels[k]}`).sort();
    expect(key(carried)).toEqual(key(byIndex));
    for (let trial = 0; trial < 3; trial++) {
      const groupWeights = Float64Array.from({ length: groupCount }, () => Math.floor(rand() * 4));
      expect(groupWeightedRankingMetrics(carried, groupWeights, 0.3, 700)).toEqual(groupWeightedRankingMetrics(byIndex, groupWeights, 0.3, 700));
    }
  });

  it("with unit weights equals the unweighted metrics", () => {
    const m = groupWeightedRankingMetrics(ranking, new Float64Array(groupCount).fill(1), 0.3);
    expect(m.averagePrecision).toBeCloseTo(averagePrecision(labels, scores), 12);
    expect(m.rocAuc).toBeCloseTo(rocAuc(labels, scores), 12);
  });

  it("gives NaN AP and AUC when the drawn groups hold no positive", () => {
    const onlyNegatives = Float64Array.from({ length: groupCount }, (_, g) => (ranking.groupPositives[g] === 0 ? 1 : 0));
    const m = groupWeightedRankingMetrics(ranking, onlyNegatives, 0.3);
    expect(m.averagePrecision).toBeNaN();
    expect(m.rocAuc).toBeNaN();
    expect(m.bestFBeta).toBe(0);
    const rowWeights = Float64Array.from(group, (g) => onlyNegatives[g]);
    expect(m).toEqual(weightedRankingMetrics(indicesByScoreDescending(scores), scores, labels, rowWeights, 0.3));
  });
});
