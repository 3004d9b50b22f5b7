import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadDataset, prepareData, type PreparedData } from "../../lib/data/dataset";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { fitPipeline } from "../../lib/features/pipeline";
import { baseFeatureColumn, modelSignature, modelSignatureSchema, SIGNATURE_OUTPUTS, signatureInputs } from "../../lib/registry/model-signature";
import { tempDir } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-signature-");
let data: PreparedData;
beforeAll(async () => {
  const file = path.join(dir, "frame.csv");
  await writeSyntheticFeatureFrame(file, { orders: 60, seed: 3 });
  data = prepareData((await loadDataset(file)).frame);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("baseFeatureColumn", () => {
  it("reads the derived date features from created_at, every other feature from its own column", () => {
    expect(baseFeatureColumn("created_hour")).toBe("created_at");
    expect(baseFeatureColumn("created_day_of_week")).toBe("created_at");
    expect(baseFeatureColumn("ordered_before")).toBe("ordered_before");
  });
});

describe("signatureInputs", () => {
  it("lists the columns a pipeline reads in file order, with their type, role and the features each feeds", () => {
    const { state } = fitPipeline(data.frame, data.split.rows.train, { encoding: "frequency", features: ["global_popularity", "created_hour", "ordered_before", "created_day_of_week"] });
    const inputs = signatureInputs(state);
    // File order: product_type (3rd column), created_at, ordered_before, vendor, global_popularity.
    expect(inputs.map((i) => i.name)).toEqual(["product_type", "created_at", "ordered_before", "vendor", "global_popularity"]);
    expect(inputs.find((i) => i.name === "created_at")).toEqual({ name: "created_at", type: "datetime", role: "time", features: state.baseFeatures.filter((f) => f.startsWith("created_")) });
    expect(inputs.find((i) => i.name === "created_at")!.features.sort()).toEqual(["created_day_of_week", "created_hour"]);
    expect(inputs.find((i) => i.name === "ordered_before")).toMatchObject({ type: "number", role: "binary", features: ["ordered_before"] });
    expect(inputs.find((i) => i.name === "global_popularity")).toMatchObject({ type: "number", role: "numeric" });
    const productType = inputs.find((i) => i.name === "product_type")!;
    expect(productType).toMatchObject({ type: "string", role: "categorical" });
    // The encoder's design-matrix columns are the ones named after the encoded column.
    expect(productType.features.length).toBeGreaterThan(0);
    expect(productType.features.every((f) => state.featureNames.includes(f) && !state.baseFeatures.includes(f))).toBe(true);
    const fed = inputs.flatMap((i) => i.features).sort();
    expect(fed).toEqual([...state.featureNames].sort());
  });

  it("reads no categorical column without an encoder", () => {
    const { state } = fitPipeline(data.frame, data.split.rows.train, { encoding: "none", features: ["ordered_before"] });
    expect(signatureInputs(state)).toEqual([{ name: "ordered_before", type: "number", role: "binary", features: ["ordered_before"] }]);
  });
});

describe("modelSignature", () => {
  it("adds the two outputs and validates against its schema", () => {
    const { state } = fitPipeline(data.frame, data.split.rows.train, { encoding: "onehot" });
    const signature = modelSignature(state);
    expect(signature.outputs).toBe(SIGNATURE_OUTPUTS);
    expect(signature.outputs.map((o) => [o.name, o.type])).toEqual([["purchase_probability", "number"], ["predicted_purchase", "integer"]]);
    expect(modelSignatureSchema.parse(signature)).toEqual(signature);
    expect(signature.inputs.map((i) => i.name)).toContain("vendor");
  });
});
