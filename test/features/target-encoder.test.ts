import { describe, expect, it } from "vitest";
import type { DictionaryColumn } from "../../lib/data/feature-frame";
import {
  applyTargetEncoder,
  fitTransformTargetEncoder,
  orderFold,
  targetEncoder,
  targetEncoderFeatureNames,
} from "../../lib/features/target-encoder";
import { mulberry32 } from "../helpers/random";
import { crossFitBefore } from "../helpers/target-encoder-before";

function column(values: string[], dictionaryExtra: string[] = []): DictionaryColumn {
  const dictionary = [...new Set([...values, ...dictionaryExtra])];
  return { dictionary, codes: Int32Array.from(values, (v) => dictionary.indexOf(v)) };
}
const range = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);
const filled = (fill: (out: Float64Array) => void, n: number) => {
  const out = new Float64Array(n);
  fill(out);
  return out;
};

/** Order ids whose folds (out of `folds`) are exactly `pattern`: the fold assignment the hand computations below assume. */
function orderIdsInFolds(pattern: number[], folds: number): number[] {
  const ids: number[] = [];
  let id = 2807985930372;
  for (const fold of pattern) {
    while (orderFold(id, folds) !== fold) id += 4;
    ids.push(id);
    id += 4;
  }
  return ids;
}

// The 6-row worked example: category a has y = 1, 1, 0; b has y = 0, 0, 1.
const col = column(["a", "a", "a", "b", "b", "b"], ["never-in-training"]);
const y = [1, 1, 0, 0, 0, 1];

describe("target encoder: the smoothing formula (Σy + m·prior) / (n + m), by hand on 6 rows", () => {
  const ids = orderIdsInFolds([0, 1, 2, 0, 1, 2], 3);

  it("leaky fit: prior 1/2, a → (2 + 3·½)/(3 + 3) = 7/12, b → (1 + 3·½)/(3 + 3) = 5/12", () => {
    const { state, trainValues } = fitTransformTargetEncoder("vendor", col, y, ids, range(6), { crossFit: false, smoothing: 3 });
    expect(state.prior).toBe(0.5);
    expect(state.means.a).toBeCloseTo(7 / 12, 15);
    expect(state.means.b).toBeCloseTo(5 / 12, 15);
    expect(Array.from(trainValues)).toEqual([7 / 12, 7 / 12, 7 / 12, 5 / 12, 5 / 12, 5 / 12].map((v) => expect.closeTo(v, 15)));
  });

  it("m = 0 gives the raw category rates; a large m shrinks every category to the prior", () => {
    const raw = fitTransformTargetEncoder("vendor", col, y, ids, range(6), { crossFit: false, smoothing: 0 }).state;
    expect(raw.means).toEqual({ a: 2 / 3, b: 1 / 3 });
    const shrunk = fitTransformTargetEncoder("vendor", col, y, ids, range(6), { crossFit: false, smoothing: 1e9 }).state;
    expect(shrunk.means.a).toBeCloseTo(0.5, 8);
    expect(shrunk.means.b).toBeCloseTo(0.5, 8);
  });

  it("learns from the training rows only: the prior and means ignore the other rows", () => {
    // Train on rows 0, 1, 3 (a: 1, 1; b: 0): prior 2/3; m = 1: a → (2 + 2/3)/3 = 8/9, b → (0 + 2/3)/2 = 1/3.
    const { state, trainValues } = fitTransformTargetEncoder("vendor", col, y, ids, Uint32Array.from([0, 1, 3]), { crossFit: false, smoothing: 1 });
    expect(state.prior).toBeCloseTo(2 / 3, 15);
    expect(state.means.a).toBeCloseTo(8 / 9, 15);
    expect(state.means.b).toBeCloseTo(1 / 3, 15);
    expect(trainValues).toHaveLength(3); // in trainRows order
    expect(trainValues[2]).toBeCloseTo(1 / 3, 15);
  });

  it("cross-fitted: each fold is encoded with the other folds' prior and counts (worked out below)", () => {
    // Two folds by order: rows 0, 2, 4 in fold 0; rows 1, 3, 5 in fold 1. m = 1.
    // Fold 0 learns from rows 1, 3, 5 (a: 1; b: 0, 1): prior 2/3; a → (1 + 2/3)/2 = 5/6, b → (1 + 2/3)/3 = 5/9.
    // Fold 1 learns from rows 0, 2, 4 (a: 1, 0; b: 0): prior 1/3; a → (1 + 1/3)/3 = 4/9, b → (0 + 1/3)/2 = 1/6.
    const twoFolds = orderIdsInFolds([0, 1, 0, 1, 0, 1], 2);
    const { state, trainValues } = fitTransformTargetEncoder("vendor", col, y, twoFolds, range(6), { crossFit: true, folds: 2, smoothing: 1 });
    expect(Array.from(trainValues)).toEqual([5 / 6, 4 / 9, 5 / 6, 1 / 6, 5 / 9, 1 / 6].map((v) => expect.closeTo(v, 15)));
    // The state (for validation, test and scoring rows) is the full-training fit: prior 1/2, a → 2.5/4, b → 1.5/4.
    expect(state).toEqual({ kind: "target", column: "vendor", crossFit: true, folds: 2, smoothing: 1, prior: 0.5, means: { a: 0.625, b: 0.375 } });
    const out = new Float64Array(6);
    applyTargetEncoder(state, col, range(6), out);
    expect(Array.from(out)).toEqual([0.625, 0.625, 0.625, 0.375, 0.375, 0.375]);
  });

  it("cross-fitted: a category absent from the other folds gets that fold's prior", () => {
    // Rows: x (fold 0, y 1), x (fold 1, y 0), c (fold 0, y 1), x (fold 1, y 0); m = 1.
    // Fold 0 learns from rows 1, 3: prior 0, x → 0; c is unseen there → 0.  Fold 1 learns from rows 0, 2: prior 1, x → (1 + 1)/2 = 1.
    const c4 = column(["x", "x", "c", "x"]);
    const ids = orderIdsInFolds([0, 1, 0, 1], 2);
    const { trainValues } = fitTransformTargetEncoder("vendor", c4, [1, 0, 1, 0], ids, range(4), { crossFit: true, folds: 2, smoothing: 1 });
    expect(Array.from(trainValues)).toEqual([0, 1, 0, 1]);
  });

  it("keeps rows of one order in one fold: they get the same out-of-fold value", () => {
    const sameOrder = [5, 5, 5, 9, 9, 9];
    const { trainValues } = fitTransformTargetEncoder("vendor", column(["a", "a", "b", "a", "a", "b"]), y, sameOrder, range(6), { crossFit: true, folds: 2, smoothing: 1 });
    expect(trainValues[0]).toBe(trainValues[1]);
    expect(trainValues[3]).toBe(trainValues[4]);
  });
});

describe("target encoder: unseen categories, defaults, validation and state", () => {
  it("gives unseen categories (and ones in the dictionary but not in training) the prior", () => {
    const { state } = fitTransformTargetEncoder("vendor", col, y, [1, 2, 3, 4, 5, 6], range(6), { crossFit: false, smoothing: 3 });
    expect(Object.keys(state.means)).toEqual(["a", "b"]);
    const scoring = column(["zzz", "never-in-training", "a"]);
    const out = new Float64Array(3);
    applyTargetEncoder(state, scoring, range(3), out);
    expect(Array.from(out)).toEqual([0.5, 0.5, expect.closeTo(7 / 12, 15)]);
  });

  it("treats a category named like an Object property as a category", () => {
    const odd = column(["__proto__", "__proto__", "constructor", "constructor"]);
    const { state } = fitTransformTargetEncoder("vendor", odd, [1, 1, 0, 0], [1, 2, 3, 4], range(4), { crossFit: false, smoothing: 0 });
    expect(Object.hasOwn(state.means, "__proto__")).toBe(true);
    const out = new Float64Array(3);
    applyTargetEncoder(JSON.parse(JSON.stringify(state)), column(["__proto__", "constructor", "toString"]), range(3), out);
    expect(Array.from(out)).toEqual([1, 0, 0.5]);
  });

  it("defaults to 5 folds and smoothing 20, and its state survives JSON", () => {
    const { state } = fitTransformTargetEncoder("product_type", col, y, [1, 2, 3, 4, 5, 6], range(6), { crossFit: true });
    expect(state.folds).toBe(5);
    expect(state.smoothing).toBe(20);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(targetEncoderFeatureNames(state)).toEqual(["product_type:target"]);
  });

  it("has prior 0 and no means when there are no training rows", () => {
    const { state, trainValues } = fitTransformTargetEncoder("vendor", col, y, [1, 2, 3, 4, 5, 6], new Uint32Array(0), { crossFit: true });
    expect(state.prior).toBe(0);
    expect(state.means).toEqual({});
    expect(trainValues).toHaveLength(0);
  });

  it.each([
    [{ folds: 1 }, "folds must be an integer ≥ 2, got 1"],
    [{ folds: 2.5 }, "folds must be an integer ≥ 2, got 2.5"],
    [{ smoothing: -1 }, "smoothing must be ≥ 0, got -1"],
    [{ smoothing: Number.NaN }, "smoothing must be ≥ 0, got NaN"],
  ])("rejects %o: %s", (options, message) => {
    expect(() => fitTransformTargetEncoder("vendor", col, y, [1, 2, 3, 4, 5, 6], range(6), { crossFit: true, ...options })).toThrow(message);
  });
});

describe("targetEncoder (the registered CategoricalEncoder)", () => {
  it("fits with the encoding's settings and the pipeline's options, and writes its column at the offset", () => {
    const ids = orderIdsInFolds([0, 1, 0, 1, 0, 1], 2);
    const options = { targetFolds: 2, targetSmoothing: 1 };
    const crossFitted = targetEncoder.fit("vendor", col, { trainRows: range(6), target: y, orderIds: ids, options, settings: { crossFit: true } });
    expect(crossFitted.state.folds).toBe(2);
    expect(Array.from(filled(crossFitted.trainColumns![0], 6))).toEqual([5 / 6, 4 / 9, 5 / 6, 1 / 6, 5 / 9, 1 / 6].map((v) => expect.closeTo(v, 15)));
    const leaky = targetEncoder.fit("vendor", col, { trainRows: range(6), target: y, orderIds: ids, options, settings: { crossFit: false } });
    expect(leaky.state.crossFit).toBe(false);
    expect(Array.from(filled(leaky.trainColumns![0], 6))).toEqual([0.625, 0.625, 0.625, 0.375, 0.375, 0.375]);
    expect(targetEncoder.kind).toBe("target");
    expect(targetEncoder.featureNames(leaky.state)).toEqual(["vendor:target"]);

    // Two rows into a block of stride 3 at offset 1; the other cells stay zero.
    const out = new Float64Array(6);
    targetEncoder.apply(leaky.state, col, Uint32Array.from([0, 5]), out, 3, 1);
    expect(Array.from(out)).toEqual([0, 0.625, 0, 0, 0.375, 0]);
  });
});

describe("cross-fit from one pass of (fold, category) counts equals the per-fold row lists bit for bit", () => {
  // Random columns: categories with skewed frequencies (some only in one fold, some never in training),
  // orders of several rows, 0/1 outcomes at varied rates, train rows a shuffled subset of the frame.
  it.each([
    [1, 2, 20, 5, 0.3],
    [2, 3, 400, 5, 0.05],
    [3, 40, 3000, 5, 0.02],
    [4, 7, 1500, 3, 0.5],
    [5, 300, 5000, 10, 0.1],
    [6, 12, 800, 2, 0],
    [7, 5, 600, 257, 0.2],
  ])("seed %i: %i categories, %i rows, %i folds, rate %f", (seed, categories, rows, folds, rate) => {
    const random = mulberry32(seed);
    const values = Array.from({ length: rows }, () => `c${Math.floor(categories * random() ** 2)}`);
    const frameColumn = column(values, ["never-in-training"]);
    const target = Float64Array.from({ length: rows }, () => (random() < rate ? 1 : 0));
    const orderIds = Float64Array.from({ length: rows }, (_, i) => 2807985930372 + 4 * Math.floor(i / (1 + Math.floor(random() * 9))));
    const trainRows = Uint32Array.from(
      range(rows).filter(() => random() < 0.8).sort(() => random() - 0.5),
    );
    for (const smoothing of [0, 1, 20]) {
      const { trainValues } = fitTransformTargetEncoder("vendor", frameColumn, target, orderIds, trainRows, { crossFit: true, folds, smoothing });
      const before = crossFitBefore(frameColumn, target, orderIds, trainRows, folds, smoothing);
      expect(Array.from(trainValues)).toEqual(Array.from(before));
    }
  });
});
