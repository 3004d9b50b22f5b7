import { describe, expect, it } from "vitest";
import { populationStabilityIndex } from "../../lib/monitoring/psi";
import { buildScoringReference } from "../../lib/monitoring/scoring-reference";
import { mergeProfiles, profileFrame } from "../../lib/monitoring/scoring-profile";
import { smallFrame } from "../helpers/frame";
import { handModel } from "../helpers/hand-registry";

/**
 * The reference is that of scoring-reference.test.ts: 20 fitted rows, ordered_before 1 on 5 of them
 * (bins [0, 1, other], shares [0.75, 0.25, 0]), prices 1…20 (decile edges 3, 5, …, 19), product
 * types milk / tea, vendor acme.
 */
const fittedFrame = smallFrame(Array.from({ length: 20 }, (_, i) => ({ orderedBefore: i % 4 === 0 ? 1 : 0, price: i + 1, productType: i % 2 ? "milk" : "tea", vendor: "acme" })));
const reference = buildScoringReference({ ...handModel(), coef: [2, 0] }, fittedFrame, Uint32Array.from({ length: 20 }, (_, i) => i));
const [low, high] = (reference.score.bins as { values: number[] }).values; // σ(−3), σ(1)

/** 8 rows to score: half ordered before; prices that fall in bins 0, 0, 1, 1, 8, 9, 9, 4; two unseen product types and one unseen vendor. */
const scored = [
  { orderedBefore: 1, price: 0.5, productType: "tea", vendor: "acme" },
  { orderedBefore: 1, price: 3, productType: "caviar", vendor: "acme" },
  { orderedBefore: 1, price: 3.5, productType: "caviar", vendor: "acme" },
  { orderedBefore: 1, price: 5, productType: "milk", vendor: "acme" },
  { orderedBefore: 0, price: 19, productType: "kelp", vendor: "__proto__" },
  { orderedBefore: 0, price: 19.5, productType: "tea", vendor: "acme" },
  { orderedBefore: 0, price: 30, productType: "tea", vendor: "acme" },
  { orderedBefore: 0, price: 10, productType: "milk", vendor: "acme" },
];
const frame = smallFrame(scored);
/** Three at σ(1), one at 0.5 (not a reference value: the "other" bin), four at σ(−3). */
const probabilities = Float64Array.of(high, high, high, 0.5, low, low, low, low);

describe("profileFrame", () => {
  const profile = profileFrame(frame, probabilities, 0.5, reference);

  it("counts rows and rows at or above the threshold (0.5 itself counts)", () => {
    expect(profile.rows).toBe(8);
    expect(profile.aboveThreshold).toBe(4);
  });

  it("counts rows per reference bin of every feature and of the score", () => {
    expect(profile.featureCounts).toEqual([
      [4, 4, 0], // ordered_before 0, 1, other
      [2, 2, 0, 0, 1, 0, 0, 0, 1, 2], // price: ≤3: 0.5, 3; (3,5]: 3.5, 5; (9,11]: 10; (17,19]: 19; >19: 19.5, 30
    ]);
    expect(profile.scoreCounts).toEqual([4, 3, 1]);
  });

  it("gives counts whose PSI against the reference is the hand-computed one", () => {
    // ordered_before: observed shares [0.5, 0.5, 0] vs [0.75, 0.25, 0] (the empty bins floored alike, contributing 0):
    // (0.5 − 0.75)·ln(0.5/0.75) + (0.5 − 0.25)·ln(0.5/0.25) = 0.25·(ln 1.5 + ln 2) = 0.25·ln 3
    expect(populationStabilityIndex(reference.features[0].proportions, profile.featureCounts![0])).toBeCloseTo(0.25 * Math.log(3), 12);
  });

  it("lists values not seen in training with their rows, in the file's order, a value named __proto__ included", () => {
    expect(profile.unseen).toEqual({ product_type: [["caviar", 2], ["kelp", 1]], vendor: [["__proto__", 1]] });
  });

  it("without a reference: counts only rows and the threshold, no bins, no unseen values", () => {
    const bare = profileFrame(frame, probabilities, 0.9, null);
    expect(bare).toEqual({ rows: 8, aboveThreshold: 0, unseen: { product_type: [], vendor: [] }, featureCounts: null, scoreCounts: null });
  });
});

describe("mergeProfiles", () => {
  it("adds the profiles of slices up to the profile of the whole file", () => {
    const whole = profileFrame(frame, probabilities, 0.5, reference);
    for (const cut of [1, 3, 5]) {
      const first = profileFrame(smallFrame(scored.slice(0, cut)), probabilities.subarray(0, cut), 0.5, reference);
      const second = profileFrame(smallFrame(scored.slice(cut)), probabilities.subarray(cut), 0.5, reference);
      expect(mergeProfiles([first, second]), `cut at ${cut}`).toEqual(whole);
    }
    const perRow = scored.map((row, i) => profileFrame(smallFrame([row]), probabilities.subarray(i, i + 1), 0.5, reference));
    expect(mergeProfiles(perRow)).toEqual(whole);
  });

  it("does not modify its inputs, and refuses an empty list", () => {
    const a = profileFrame(frame, probabilities, 0.5, reference);
    const copy = structuredClone(a);
    mergeProfiles([a, profileFrame(frame, probabilities, 0.5, reference)]);
    expect(a).toEqual(copy);
    expect(() => mergeProfiles([])).toThrow(RangeError);
  });
});
