import { describe, expect, it } from "vitest";
import { sortScoresWithLabels, sortScoresWithPayload } from "../../lib/metrics/sort-scores";
import { mulberry32 } from "../helpers/random";

/** The positives per distinct score, the only label information any metric reads from the sort. */
function positivesByScore(scores: ArrayLike<number>, labels: ArrayLike<number>): Map<number, [rows: number, positives: number]> {
  const out = new Map<number, [number, number]>();
  for (let i = 0; i < scores.length; i++) {
    const key = scores[i] + 0;
    const entry = out.get(key) ?? [0, 0];
    entry[0]++;
    entry[1] += labels[i];
    out.set(key, entry);
  }
  return out;
}

/** The result is the input's scores in ascending order, each distinct score keeping its rows and positives. */
function expectSortedLike(scores: ArrayLike<number>, labels: ArrayLike<number>) {
  const sorted = sortScoresWithLabels(scores, labels);
  const reference = Float64Array.from(scores, (v) => v + 0).sort();
  expect(Array.from(sorted.scores)).toEqual(Array.from(reference));
  expect(positivesByScore(sorted.scores, sorted.labels)).toEqual(positivesByScore(scores, labels));
  return sorted;
}

describe("sortScoresWithLabels", () => {
  it("sorts a small input and carries each label with its score", () => {
    const sorted = sortScoresWithLabels([0.3, 0.1, 0.7, 0.2], [1, 0, 1, 0]);
    expect(Array.from(sorted.scores)).toEqual([0.1, 0.2, 0.3, 0.7]);
    expect(Array.from(sorted.labels)).toEqual([0, 0, 1, 1]);
  });

  it("keeps how many rows of a tied score are positive", () => {
    const sorted = sortScoresWithLabels([0.5, 0.2, 0.5, 0.5, 0.2], [1, 1, 0, 1, 0]);
    expect(Array.from(sorted.scores)).toEqual([0.2, 0.2, 0.5, 0.5, 0.5]);
    expect(sorted.labels[0] + sorted.labels[1]).toBe(1);
    expect(sorted.labels[2] + sorted.labels[3] + sorted.labels[4]).toBe(2);
  });

  it("turns -0 into +0", () => {
    const sorted = sortScoresWithLabels([0, -0, -1], [0, 1, 0]);
    expect(Object.is(sorted.scores[1], 0) && Object.is(sorted.scores[2], 0)).toBe(true);
    const large = Float64Array.from({ length: 5000 }, (_, i) => (i % 2 ? -0 : i / 5000));
    const out = sortScoresWithLabels(large, new Uint8Array(5000));
    expect(out.scores.some((v) => Object.is(v, -0))).toBe(false);
  });

  it("handles empty, constant and single-row input", () => {
    expect(sortScoresWithLabels([], []).scores).toHaveLength(0);
    const constant = sortScoresWithLabels(new Float64Array(100).fill(0.25), Uint8Array.from({ length: 100 }, (_, i) => (i < 7 ? 1 : 0)));
    expect(constant.scores.every((v) => v === 0.25)).toBe(true);
    expect(constant.labels.reduce((a, b) => a + b, 0)).toBe(7);
    expect(Array.from(sortScoresWithLabels([3], [1]).labels)).toEqual([1]);
  });

  it("sorts scores whose range overflows a double (|score| near the largest double)", () => {
    expectSortedLike([1.7e308, -1.7e308, 0, 1e308, -1e308, ...Array.from({ length: 40 }, (_, i) => i)], Array.from({ length: 45 }, (_, i) => i % 3 === 0 ? 1 : 0));
  });

  it("matches a comparison sort on uniform, clustered and heavily tied scores", () => {
    const random = mulberry32(5);
    const n = 20_000;
    const labels = Uint8Array.from({ length: n }, () => (random() < 0.1 ? 1 : 0));
    // Uniform: the bucket passes.
    expectSortedLike(Float64Array.from({ length: n }, () => random()), labels);
    // Most rows within 1e-12 of each other plus a few outliers: the depth limit and its fallback.
    expectSortedLike(Float64Array.from({ length: n }, (_, i) => (i % 1000 === 0 ? random() * 100 : 0.5 + random() * 1e-12)), labels);
    // Twenty distinct values: ties everywhere.
    expectSortedLike(Float64Array.from({ length: n }, () => Math.floor(random() * 20) / 20), labels);
    // Negative and positive, not in [0, 1].
    expectSortedLike(Float64Array.from({ length: n }, () => (random() - 0.5) * 1e6), labels);
  });

  it("does not modify its inputs", () => {
    const scores = [0.9, 0.1, 0.5];
    const labels = [1, 0, 1];
    sortScoresWithLabels(scores, labels);
    expect(scores).toEqual([0.9, 0.1, 0.5]);
    expect(labels).toEqual([1, 0, 1]);
  });
});

describe("sortScoresWithPayload", () => {
  /** Each distinct score's payloads, sorted: what the sort must keep (order among ties is unspecified). */
  function payloadsByScore(scores: ArrayLike<number>, payload: ArrayLike<number>): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (let i = 0; i < scores.length; i++) {
      const key = scores[i] + 0;
      out.set(key, [...(out.get(key) ?? []), payload[i]]);
    }
    for (const list of out.values()) list.sort((a, b) => a - b);
    return out;
  }

  function expectSortedWithPayload(scores: ArrayLike<number>, payload: Uint32Array) {
    const sorted = sortScoresWithPayload(scores, payload);
    expect(Array.from(sorted.scores)).toEqual(Array.from(Float64Array.from(scores, (v) => v + 0).sort()));
    expect(payloadsByScore(sorted.scores, sorted.payload)).toEqual(payloadsByScore(scores, payload));
  }

  it("carries every row's payload with its score: uniform, clustered (the depth-limit fallback), tied, tiny, overflowing range", () => {
    const random = mulberry32(12);
    const n = 20_000;
    const payload = Uint32Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 0);
    expectSortedWithPayload(Float64Array.from({ length: n }, () => random()), payload);
    expectSortedWithPayload(Float64Array.from({ length: n }, (_, i) => (i % 1000 === 0 ? random() * 100 : 0.5 + random() * 1e-12)), payload);
    expectSortedWithPayload(Float64Array.from({ length: n }, () => Math.floor(random() * 20) / 20), payload);
    expectSortedWithPayload([0.3, -0, 0.1, 0], Uint32Array.from([1, 2, 3, 4]));
    expectSortedWithPayload([1.7e308, -1.7e308, 0, ...Array.from({ length: 30 }, (_, i) => i)], Uint32Array.from({ length: 33 }, (_, i) => 0xffffffff - i));
    expect(sortScoresWithPayload([], new Uint32Array(0)).scores).toHaveLength(0);
  });
});
