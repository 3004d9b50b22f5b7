import { describe, expect, it } from "vitest";
import type { DictionaryColumn } from "../../lib/data/feature-frame";
import { placeColumn, type CategoricalEncoder } from "../../lib/features/encoder";
import { ENCODINGS, encodingDefinition } from "../../lib/features/encodings";

describe("placeColumn", () => {
  it("writes column[k] at out[k * stride + offset] and nothing else", () => {
    const out = new Float64Array(9).fill(-1);
    placeColumn(Float64Array.from([0.5, 1.5, 2.5]), out, 3, 2);
    expect(Array.from(out)).toEqual([-1, -1, 0.5, -1, -1, 1.5, -1, -1, 2.5]);
  });

  it("fills a one-column block and writes nothing for an empty column", () => {
    const out = new Float64Array(2);
    placeColumn(Float64Array.from([3, 4]), out, 1, 0);
    expect(Array.from(out)).toEqual([3, 4]);
    const untouched = new Float64Array(2).fill(7);
    placeColumn(new Float64Array(0), untouched, 1, 0);
    expect(Array.from(untouched)).toEqual([7, 7]);
  });
});

/** The contract every registered encoder keeps, whatever it computes. */
describe.each(ENCODINGS.filter((e) => encodingDefinition(e).encoder !== null))("the CategoricalEncoder contract: %s", (encoding) => {
  const { encoder: registered, settings } = encodingDefinition(encoding);
  const encoder = registered as unknown as CategoricalEncoder<never, unknown>;
  // Training column: 12 rows, categories p (6), q (4), r (2); outcomes and orders to fit with.
  const trainValues = ["p", "q", "p", "r", "p", "q", "p", "q", "p", "r", "p", "q"];
  const dictionary = ["p", "q", "r"];
  const train: DictionaryColumn = { dictionary, codes: Int32Array.from(trainValues, (v) => dictionary.indexOf(v)) };
  const trainRows = Uint32Array.from(trainValues, (_, i) => i);
  const fitted = encoder.fit("vendor", train, {
    trainRows,
    target: trainValues.map((v, i) => (v === "p" && i % 4 === 0 ? 1 : 0)),
    orderIds: trainValues.map((_, i) => 5000 + i),
    options: { oneHotTopN: 2, targetFolds: 2, targetSmoothing: 1 },
    settings,
  });
  const width = encoder.featureNames(fitted.state).length;

  it("fits a JSON state that names its kind and column", () => {
    expect(JSON.parse(JSON.stringify(fitted.state))).toEqual(fitted.state);
    expect(fitted.state).toMatchObject({ kind: encoder.kind, column: "vendor" });
    expect(width).toBeGreaterThan(0);
    if (fitted.trainColumns) {
      expect(fitted.trainColumns).toHaveLength(width);
      for (const fill of fitted.trainColumns) {
        const values = new Float64Array(trainRows.length).fill(Number.NaN);
        fill(values);
        expect(values.every(Number.isFinite)).toBe(true); // every training row written
      }
    }
  });

  it("writes only its own columns [offset, offset + width) of each row", () => {
    const stride = width + 3;
    const out = new Float64Array(trainRows.length * stride);
    for (let k = 0; k < trainRows.length; k++) {
      out[k * stride] = -5; // a column before
      out[k * stride + 1 + width] = -6; // two after
      out[k * stride + 2 + width] = -7;
    }
    encoder.apply(fitted.state, train, trainRows, out, stride, 1);
    for (let k = 0; k < trainRows.length; k++) {
      expect([out[k * stride], out[k * stride + 1 + width], out[k * stride + 2 + width]]).toEqual([-5, -6, -7]);
    }
    const own = Array.from({ length: trainRows.length }, (_, k) => Array.from(out.subarray(k * stride + 1, k * stride + 1 + width)));
    expect(own.flat().some((x) => x !== 0)).toBe(true);
  });

  it("encodes a category by its value, not its code: a scoring file's own dictionary gives the same rows", () => {
    // The same three categories in another dictionary order, plus one never seen in training.
    const scoringValues = ["r", "p", "unseen", "q"];
    const scoringDictionary = ["unseen", "r", "q", "p"];
    const scoring: DictionaryColumn = { dictionary: scoringDictionary, codes: Int32Array.from(scoringValues, (v) => scoringDictionary.indexOf(v)) };
    const scored = new Float64Array(4 * width);
    encoder.apply(fitted.state, scoring, Uint32Array.from([0, 1, 2, 3]), scored, width, 0);
    const reference = new Float64Array(3 * width);
    encoder.apply(fitted.state, train, Uint32Array.from([3, 0, 1]), reference, width, 0); // r, p, q in the training column
    const row = (a: Float64Array, k: number) => Array.from(a.subarray(k * width, (k + 1) * width));
    expect(row(scored, 0)).toEqual(row(reference, 0));
    expect(row(scored, 1)).toEqual(row(reference, 1));
    expect(row(scored, 3)).toEqual(row(reference, 2));
    expect(row(scored, 2).every(Number.isFinite)).toBe(true); // unseen: a defined value, never NaN
  });
});
