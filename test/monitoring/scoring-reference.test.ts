import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { buildScoringReference, readScoringReference, SCORING_REFERENCE_FILE } from "../../lib/monitoring/scoring-reference";
import { tempDir } from "../helpers/feature-frame-csv";
import { smallFrame } from "../helpers/frame";
import { handModel } from "../helpers/hand-registry";

/**
 * 24 rows; the model is fitted on the first 20. ordered_before is 1 on every 4th row (5 of 20),
 * normalised_price is 1, 2, …, 24; product_type alternates tea / milk and is "caviar" on the unfitted
 * rows; vendor is "acme" except the last (unfitted) row.
 */
const frame = smallFrame(
  Array.from({ length: 24 }, (_, i) => ({ orderedBefore: i % 4 === 0 ? 1 : 0, price: i + 1, productType: i >= 20 ? "caviar" : i % 2 ? "milk" : "tea", vendor: i === 23 ? "zeta" : "acme" })),
);
const fitted = Uint32Array.from({ length: 20 }, (_, i) => i);
/** coef [2, 0]: z = −1 + 2·(ordered_before − 0.5)/0.5, so the score is σ(1) when ordered_before = 1, σ(−3) when 0. */
const model = { ...handModel(), coef: [2, 0] };
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe("buildScoringReference", () => {
  const reference = buildScoringReference(model, frame, fitted);

  it("bins a few-valued feature by value, with shares of the fitted rows (5 of 20 ordered before)", () => {
    const orderedBefore = reference.features.find((f) => f.name === "ordered_before")!;
    expect(orderedBefore.bins).toEqual({ kind: "discrete", values: [0, 1] });
    expect(orderedBefore.proportions).toEqual([15 / 20, 5 / 20, 0]); // the last bin: any other value
  });

  it("bins a continuous feature by its deciles: prices 1…20 give edges 3, 5, …, 19 (the sample's 2q-th value)", () => {
    const price = reference.features.find((f) => f.name === "normalised_price")!;
    expect(price.bins).toEqual({ kind: "quantile", edges: [3, 5, 7, 9, 11, 13, 15, 17, 19] });
    // ≤ 3: 1, 2, 3; then two prices per bin; > 19: only 20
    expect(price.proportions.map((p) => p * 20)).toEqual([3, 2, 2, 2, 2, 2, 2, 2, 2, 1].map((n) => expect.closeTo(n, 12)));
  });

  it("bins the score: two values σ(−3) and σ(1) in the proportions of ordered_before", () => {
    expect(reference.score.bins.kind).toBe("discrete");
    const values = (reference.score.bins as { values: number[] }).values;
    expect(values).toHaveLength(2);
    expect(values[0]).toBeCloseTo(sigmoid(-3), 12);
    expect(values[1]).toBeCloseTo(sigmoid(1), 12);
    expect(reference.score.proportions).toEqual([0.75, 0.25, 0]);
  });

  it("keeps the categories of the fitted rows only, sorted, and the row counts", () => {
    expect(reference.categories).toEqual({ product_type: ["milk", "tea"], vendor: ["acme"] });
    expect(reference.sampleRows).toBe(20);
    expect(reference.fittedRows).toBe(20);
    expect(reference.features.map((f) => f.name)).toEqual(model.pipeline.baseFeatures);
  });

  it("refuses an empty fitted split", () => {
    expect(() => buildScoringReference(model, frame, new Uint32Array(0))).toThrow(RangeError);
  });
});

describe("readScoringReference", () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir("pushlab-scoring-reference-");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = () => path.join(dir, SCORING_REFERENCE_FILE);

  it("round-trips what buildScoringReference gives, and is null for a version without the file", () => {
    expect(readScoringReference(dir)).toBeNull();
    const reference = buildScoringReference(model, frame, fitted);
    fs.writeFileSync(file(), JSON.stringify(reference));
    expect(readScoringReference(dir)).toEqual(reference);
  });

  it("a foreign or torn file is an error naming the file, never a silent null", () => {
    const reference = buildScoringReference(model, frame, fitted);
    for (const text of [JSON.stringify({ ...reference, format: "pushlab-scoring-reference-v2" }), JSON.stringify({ ...reference, sampleRows: 0 }), JSON.stringify(reference).slice(0, 40)]) {
      fs.writeFileSync(file(), text);
      expect(() => readScoringReference(dir)).toThrow(new RegExp(`^${file()}: not a valid scoring reference`));
      expect(fs.readFileSync(file(), "utf8")).toBe(text);
    }
  });
});
