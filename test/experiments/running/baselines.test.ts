import { describe, expect, it } from "vitest";
import type { FeatureFrame } from "../../../lib/data/feature-frame";
import { baselineScores } from "../../../lib/experiments/running/baselines";

function frame(popularity: number[], orderedBefore: number[]): FeatureFrame {
  return {
    source: { path: "/memory/frame.csv", size: 0, mtimeMs: 0, fingerprint: "test" },
    rowCount: popularity.length,
    numbers: { global_popularity: Float64Array.from(popularity), ordered_before: Float64Array.from(orderedBefore) },
    categories: {},
    extraColumns: [],
  };
}

/** Row positions from the highest score to the lowest (stable for ties). */
function ranking(scores: Float64Array): number[] {
  return Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
}

const popularity = [0.2, 0.9, 0.05, 0.5, 0.9, 0.0];
const orderedBefore = [1, 0, 1, 0, 1, 0];
const f = frame(popularity, orderedBefore);
const all = Uint32Array.from(popularity.keys());

describe("baselineScores", () => {
  it("global_popularity scores each asked row by its product's popularity", () => {
    expect(Array.from(baselineScores(f, "global_popularity", Uint32Array.of(3, 0, 3)))).toEqual([0.5, 0.2, 0.5]);
  });

  it("ordered_before_then_popularity ranks every past buyer above every other customer, each group by popularity", () => {
    const scores = baselineScores(f, "ordered_before_then_popularity", all);
    // past buyers: rows 4 (0.9), 0 (0.2), 2 (0.05); then rows 1 (0.9), 3 (0.5), 5 (0.0)
    expect(ranking(scores)).toEqual([4, 0, 2, 1, 3, 5]);
    // the others keep their popularity as the score; equal popularity gives equal scores within a group
    expect([scores[1], scores[3], scores[5]]).toEqual([0.9, 0.5, 0]);
    expect(scores[4]).toBeGreaterThan(scores[1]);
  });

  it("keeps the lexicographic order whatever popularity's range (negative, wide) on the rows asked", () => {
    const wide = frame([-1000, 2000, 5, -3], [0, 0, 1, 1]);
    const scores = baselineScores(wide, "ordered_before_then_popularity", Uint32Array.of(0, 1, 2, 3));
    expect(ranking(scores)).toEqual([2, 3, 1, 0]);
    // a subset: the step is taken over the rows asked for
    expect(ranking(baselineScores(wide, "ordered_before_then_popularity", Uint32Array.of(1, 3)))).toEqual([1, 0]);
  });

  it("gives an empty array for no rows", () => {
    expect(baselineScores(f, "global_popularity", new Uint32Array(0))).toHaveLength(0);
    expect(baselineScores(f, "ordered_before_then_popularity", new Uint32Array(0))).toHaveLength(0);
  });
});
