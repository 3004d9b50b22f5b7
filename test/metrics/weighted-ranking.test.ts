import { describe, expect, it } from "vitest";
import { averagePrecision, bestFBetaThreshold, rocAuc } from "../../lib/metrics";
import { indicesByScoreDescending } from "../../lib/metrics/sort-index";
import { weightedRankingMetrics } from "../../lib/metrics/weighted-ranking";

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
