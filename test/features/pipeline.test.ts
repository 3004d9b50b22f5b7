import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadDataset, prepareData, type PreparedData } from "../../lib/data/dataset";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { CATEGORICAL_COLUMNS } from "../../lib/data/schema";
import { definitionSchema, expandDefinition } from "../../lib/experiments/definitions/definition";
import { ENCODING_DEFINITIONS, ENCODINGS, encoderForState, isEncoding } from "../../lib/features/encodings";
import { fitPipeline, MatrixArena, transformRows } from "../../lib/features/pipeline";
import { tempDir } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-pipeline-");
let data: PreparedData;

beforeAll(async () => {
  const file = path.join(dir, "frame.csv");
  await writeSyntheticFeatureFrame(file, { orders: 60, seed: 11 });
  data = prepareData((await loadDataset(file)).frame);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Index of the first differing element (or a length mismatch), -1 when equal. */
function firstDifference(a: Float64Array | Float32Array, b: Float64Array | Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe("the encoding registry", () => {
  it("gives every encoding a label, a sentence form and a description, and resolves stored states by kind", () => {
    expect(ENCODINGS[0]).toBe("none");
    for (const encoding of ENCODINGS) {
      const def = ENCODING_DEFINITIONS[encoding];
      expect(def.label.length).toBeGreaterThan(0);
      expect(def.inSentence.length).toBeGreaterThan(0);
      expect(def.description.length).toBeGreaterThan(0);
      expect(isEncoding(encoding)).toBe(true);
    }
    expect(isEncoding("toString")).toBe(false);
    expect(isEncoding("__proto__")).toBe(false);
    expect(() => encoderForState({ kind: "spaceships", column: "vendor" })).toThrow(/unknown encoder kind 'spaceships'/);
  });

  it("accepts every registered encoding in an experiment definition", () => {
    const definition = definitionSchema.parse({ name: "all-encodings", grids: [{ encodings: ENCODINGS, penalties: [{ penalty: "l2", C: [1] }] }] });
    const specs = expandDefinition(definition);
    expect(specs.filter((s) => s.kind === "logreg").map((s) => (s.kind === "logreg" ? s.encoding : null))).toEqual(ENCODINGS);
  });
});

describe("fitPipeline / transformRows", () => {
  it.each(ENCODINGS)("%s: transformRows on the training rows reproduces the fitted training matrix (up to cross-fitting)", (encoding) => {
    const { state, train } = fitPipeline(data.frame, data.split.rows.train, { encoding });
    expect(train.rows).toBe(data.split.rows.train.length);
    expect(train.cols).toBe(state.featureNames.length);
    expect(state.encoders).toHaveLength(ENCODING_DEFINITIONS[encoding].encoder ? CATEGORICAL_COLUMNS.length : 0);
    // The state is plain JSON: a round trip scores the same.
    const restored = JSON.parse(JSON.stringify(state));
    const again = transformRows(restored, data.frame, data.split.rows.train);
    expect(again.cols).toBe(train.cols);
    let maxDiff = 0;
    for (let i = 0; i < train.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(train.data[i] - again.data[i]));
    if (encoding === "target") expect(maxDiff).toBeGreaterThan(0); // out-of-fold training values differ by design
    else expect(maxDiff).toBe(0);
    // Standardised on train: every non-constant column has mean 0 and variance 1 there.
    for (let j = 0; j < train.cols; j++) {
      let mean = 0;
      for (let k = 0; k < train.rows; k++) mean += train.data[k * train.cols + j];
      mean /= train.rows;
      expect(Math.abs(mean)).toBeLessThan(1e-9);
    }
  });

  it("names the columns base features first, then each categorical column's encoded columns", () => {
    const { state } = fitPipeline(data.frame, data.split.rows.train, { encoding: "rare-grouping", features: ["ordered_before", "global_popularity"] });
    expect(state.featureNames.slice(0, 2)).toEqual(["ordered_before", "global_popularity"]);
    const rest = state.featureNames.slice(2);
    expect(rest.at(-1)).toBe("vendor=(rare)");
    expect(rest.filter((n) => n.endsWith("=(rare)"))).toEqual(["product_type=(rare)", "vendor=(rare)"]);
  });

  it("writes the same matrix into a reused arena as into fresh memory", () => {
    const arena = new MatrixArena(false);
    const wide = fitPipeline(data.frame, data.split.rows.train, { encoding: "onehot" }, { arena });
    const wideCopy = Float64Array.from(wide.train.data);
    const narrow = fitPipeline(data.frame, data.split.rows.train, { encoding: "frequency" }, { arena });
    const fresh = fitPipeline(data.frame, data.split.rows.train, { encoding: "frequency" });
    expect(firstDifference(narrow.train.data, fresh.train.data)).toBe(-1);
    const wideFresh = fitPipeline(data.frame, data.split.rows.train, { encoding: "onehot" });
    expect(firstDifference(wideCopy, wideFresh.train.data)).toBe(-1);
  });

  it("rejects an unknown encoding or feature with a message naming it", () => {
    expect(() => fitPipeline(data.frame, data.split.rows.train, { encoding: "spaceships" as never })).toThrow(/encoding must be one of none, .*got 'spaceships'/);
    expect(() => fitPipeline(data.frame, data.split.rows.train, { encoding: "none", features: ["shoe_size"] })).toThrow(/unknown feature 'shoe_size'/);
  });
});
