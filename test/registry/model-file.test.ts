import { describe, expect, it } from "vitest";
import type { FeatureFrame } from "../../lib/data/feature-frame";
import { CorruptRegistryError } from "../../lib/registry/errors";
import { parseModelFile, scoreFrame } from "../../lib/registry/model-file";
import { handModel } from "../helpers/hand-registry";

const FILE = "/registry/v_20260101_120000/model.json";

function parseError(json: unknown, expectedVersion?: string): string {
  const text = typeof json === "string" ? json : JSON.stringify(json);
  try {
    parseModelFile(text, FILE, expectedVersion);
  } catch (error) {
    expect(error).toBeInstanceOf(CorruptRegistryError);
    const message = (error as Error).message;
    expect(message.startsWith(`${FILE}: `)).toBe(true);
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error("expected parseModelFile to refuse the file");
}

describe("parseModelFile", () => {
  it("round-trips: the parsed file is the written one plus its derived signature, and parsing that again gives the same", () => {
    const written = handModel();
    const parsed = parseModelFile(JSON.stringify(written), FILE, written.version);
    const { signature, ...rest } = parsed;
    expect(rest).toEqual(written);
    // the signature names the columns read, in file order: ordered_before (binary) precedes normalised_price (numeric)
    expect(signature!.inputs.map((i) => [i.name, i.type, i.role])).toEqual([
      ["ordered_before", "number", "binary"],
      ["normalised_price", "number", "numeric"],
    ]);
    expect(parseModelFile(JSON.stringify(parsed), FILE, written.version)).toEqual(parsed);
  });

  it("refuses a damaged file with one line naming the file and the field", () => {
    const m = handModel;
    const cases: [unknown, RegExp][] = [
      ['{"format": "pushlab-model-v1", "coef": [1, ', /not valid JSON/],
      [{ ...m(), format: "pushlab-model-v2" }, /not a valid model file: format: /],
      [{ ...m(), threshold: 1.5 }, /not a valid model file: threshold: /],
      ['{"coef": 1e999}', /not a valid model file/], // Infinity is not a number a model may hold
      [{ ...m(), intercept: "0" }, /not a valid model file: intercept: /],
      [{ ...m(), pipeline: { ...m().pipeline, scaler: { mean: [0.5, 0.2], scale: [0.5, 0] } } }, /not a valid model file: pipeline\.scaler\.scale\.1: /],
      [{ ...m(), pipeline: { ...m().pipeline, encoding: "hashing" } }, /not a valid model file: pipeline\.encoding: /],
      [{ ...m(), pipeline: { ...m().pipeline, baseFeatures: ["user_id", "normalised_price"] } }, /pipeline\.baseFeatures\.0: not a base feature/],
      [{ ...m(), coef: [2] }, /not a valid model file: 1 coefficients for 2 features/],
      [{ ...m(), featureNames: ["normalised_price", "ordered_before"] }, /featureNames do not match the pipeline's base features and encoders/],
      [{ ...m(), pipeline: { ...m().pipeline, featureNames: ["ordered_before", "x"] } }, /pipeline\.featureNames differ from featureNames/],
      [{ ...m(), pipeline: { ...m().pipeline, scaler: { mean: [0.5], scale: [0.5, 0.1] } } }, /pipeline\.scaler\.mean has 1 values for 2 features/],
    ];
    for (const [json, message] of cases) expect(parseError(json), String(message)).toMatch(message);
  });

  it("refuses a signature that does not match the columns the pipeline reads", () => {
    const parsed = parseModelFile(JSON.stringify(handModel()), FILE);
    const swapped = { ...parsed, signature: { ...parsed.signature!, inputs: [...parsed.signature!.inputs].reverse() } };
    expect(parseError(swapped)).toMatch(/signature\.inputs do not match the columns the pipeline reads/);
  });

  it("refuses a file whose version field names another folder", () => {
    expect(parseError(handModel(), "v_20260101_120001")).toMatch(/its version field says 'v_20260101_120000' but it is in the folder of v_20260101_120001/);
  });
});

describe("scoreFrame", () => {
  const frame: FeatureFrame = {
    source: { path: "/memory/frame.csv", size: 0, mtimeMs: 0, fingerprint: "test" },
    rowCount: 3,
    numbers: { ordered_before: Float64Array.of(1, 0, 1), normalised_price: Float64Array.of(0.2, 0.3, 0.05) },
    categories: {},
    extraColumns: [],
  };
  // z = −1 + 2·(ordered_before − 0.5)/0.5 − (normalised_price − 0.2)/0.1
  // row 0: −1 + 2 − 0 = 1; row 1: −1 − 2 − 1 = −4; row 2: −1 + 2 + 1.5 = 2.5
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

  it("gives σ(intercept + coef · standardised features), computed by hand", () => {
    const p = scoreFrame(handModel(), frame);
    expect(p).toHaveLength(3);
    [1, -4, 2.5].forEach((z, i) => expect(p[i]).toBeCloseTo(sigmoid(z), 12));
  });

  it("scores only the rows asked for, in their order", () => {
    const p = scoreFrame(handModel(), frame, Uint32Array.of(2, 0));
    expect(p).toHaveLength(2);
    expect(p[0]).toBeCloseTo(sigmoid(2.5), 12);
    expect(p[1]).toBeCloseTo(sigmoid(1), 12);
  });
});
