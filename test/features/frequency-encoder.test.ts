import { describe, expect, it } from "vitest";
import { applyFrequencyEncoder, fitFrequencyEncoder, frequencyEncoder, frequencyEncoderFeatureNames } from "../../lib/features/frequency-encoder";

const train = { codes: Int32Array.from([0, 1, 0, 2, 0, 1, 3]), dictionary: ["tea", "coffee", "soup", "toString"] };

describe("the frequency encoder", () => {
  it("learns each category's share of the training rows", () => {
    // Training rows 0..5: tea 3, coffee 2, soup 1 of 6; row 6 (toString) is not a training row.
    const state = fitFrequencyEncoder("product_type", train, Uint32Array.from([0, 1, 2, 3, 4, 5]));
    expect(state).toEqual({ kind: "frequency", column: "product_type", frequencies: { tea: 0.5, coffee: 2 / 6, soup: 1 / 6 } });
    expect(frequencyEncoderFeatureNames(state)).toEqual(["product_type:frequency"]);
  });

  it("writes the learnt share of each row's category, 0 for a category unseen in training", () => {
    const state = fitFrequencyEncoder("product_type", train, Uint32Array.from([0, 1, 2, 3, 4, 5]));
    // Another frame's dictionary, in another order, with a new category and one named like a prototype property.
    const other = { codes: Int32Array.from([2, 0, 1, 3]), dictionary: ["bread", "soup", "tea", "toString"] };
    const out = new Float64Array(4);
    applyFrequencyEncoder(state, other, Uint32Array.from([0, 1, 2, 3]), out);
    expect(Array.from(out)).toEqual([0.5, 0, 1 / 6, 0]);
  });

  it("places its one column at the offset of each row of a wider matrix", () => {
    const { state } = frequencyEncoder.fit("vendor", train, { trainRows: Uint32Array.from([0, 1, 2, 3]) } as never);
    const out = new Float64Array(3 * 3).fill(-1);
    frequencyEncoder.apply(state, train, Uint32Array.from([0, 1, 3]), out, 3, 1);
    // tea 2/4, coffee 1/4, soup 1/4 in column 1 of each row; the rest untouched.
    expect(Array.from(out)).toEqual([-1, 0.5, -1, -1, 0.25, -1, -1, 0.25, -1]);
  });
});
