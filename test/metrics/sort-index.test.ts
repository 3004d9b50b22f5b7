import { describe, expect, it } from "vitest";
import { indicesByScoreDescending } from "../../lib/metrics/sort-index";
import { mulberry32 } from "../helpers/random";

/** Scores read through the order: non-increasing, and the order a permutation of the rows. */
function expectDescendingPermutation(scores: ArrayLike<number>, order: Uint32Array) {
  expect(order).toHaveLength(scores.length);
  expect(new Set(order).size).toBe(scores.length);
  for (let k = 1; k < order.length; k++) {
    if (!(scores[order[k - 1]] >= scores[order[k]])) throw new Error(`rank ${k}: ${scores[order[k - 1]]} before ${scores[order[k]]}`);
  }
}

describe("indicesByScoreDescending", () => {
  it("orders a small input by score, highest first", () => {
    expect(Array.from(indicesByScoreDescending([0.2, 0.9, 0.5, 0.1]))).toEqual([1, 2, 0, 3]);
  });

  it("orders negative scores, zeros of both signs and extremes as numbers compare", () => {
    const scores = [-1, 0, -0, 3.5, -1e300, 1e300, -Number.MIN_VALUE, Number.MIN_VALUE, -2.5];
    const order = indicesByScoreDescending(scores);
    expectDescendingPermutation(scores, order);
    expect(Array.from(order.slice(0, 2))).toEqual([5, 3]);
    expect(order[order.length - 1]).toBe(4);
    // -0 and +0 are tied: next to each other, between the smallest positive and the largest negative.
    const zeros = [order.indexOf(1), order.indexOf(2)].sort((a, b) => a - b);
    expect(zeros[1] - zeros[0]).toBe(1);
    expect(order[zeros[0] - 1]).toBe(7);
    expect(order[zeros[1] + 1]).toBe(6);
  });

  it("gives tied scores in descending index order", () => {
    expect(Array.from(indicesByScoreDescending([0.5, 0.5, 0.7, 0.5]))).toEqual([2, 3, 1, 0]);
  });

  it("sorts random scores of every magnitude like a comparison sort", () => {
    const random = mulberry32(3);
    const scores = Float64Array.from({ length: 50_000 }, () => (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20));
    expectDescendingPermutation(scores, indicesByScoreDescending(scores));
    // Probabilities sharing their high bits: the passes over the low digits carry the order.
    const close = Float64Array.from({ length: 20_000 }, () => 0.25 + random() * 1e-12);
    expectDescendingPermutation(close, indicesByScoreDescending(close));
  });

  it("handles empty and constant input", () => {
    expect(indicesByScoreDescending([])).toHaveLength(0);
    expect(Array.from(indicesByScoreDescending([0.3, 0.3, 0.3]))).toEqual([2, 1, 0]);
  });
});
