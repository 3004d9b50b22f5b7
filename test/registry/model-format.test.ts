import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { FeatureFrame } from "../../lib/data/feature-frame";
import { baseFeatureValues } from "../../lib/features/base-features";
import { ENCODINGS } from "../../lib/features/encodings";
import { loadModel } from "../../lib/registry/registry";
import { parseModelFile } from "../../lib/registry/model-file";
import { modelSignature } from "../../lib/registry/model-signature";
import { tempDir } from "../helpers/feature-frame-csv";
import { registryWithEveryConfiguration, type RegistryVersion } from "../helpers/registry-versions";
import type { Workspace } from "../../lib/workspace";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const docs = path.join(import.meta.dirname, "../../docs");
const modelSchema = JSON.parse(fs.readFileSync(path.join(docs, "schema/model.schema.json"), "utf8"));
const metadataSchema = JSON.parse(fs.readFileSync(path.join(docs, "schema/metadata.schema.json"), "utf8"));
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
const validateModel = ajv.compile(modelSchema);
const validateMetadata = ajv.compile(metadataSchema);

const home = tempDir("pushlab-format-");
let ws: Workspace;
let versions: RegistryVersion[];

function readJson(version: string, file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(ws.registryDir, version, file), "utf8"));
}

function errors(validate: typeof validateModel): string {
  return ajv.errorsText(validate.errors);
}

beforeAll(async () => {
  ({ ws, versions } = await registryWithEveryConfiguration(home));
}, 240_000);
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe("model.json and metadata.json against their JSON Schemas", () => {
  it("every version the registry writes (each encoding × penalty, a feature subset, a refit) is valid", () => {
    expect(new Set(versions.map((v) => v.spec.encoding))).toEqual(new Set(ENCODINGS));
    expect(new Set(versions.map((v) => v.spec.penalty))).toEqual(new Set(["none", "l2", "l1", "elasticnet"]));
    for (const { version } of versions) {
      const model = readJson(version, "model.json");
      expect(validateModel(model), `${version}/model.json: ${errors(validateModel)}`).toBe(true);
      expect(model.signature).toBeDefined();
      expect(validateMetadata(readJson(version, "metadata.json")), `${version}/metadata.json: ${errors(validateMetadata)}`).toBe(true);
    }
  });

  it("lists exactly the registered encodings", () => {
    expect(modelSchema.$defs.pipeline.properties.encoding.enum).toEqual([...ENCODINGS]);
    expect(metadataSchema.$defs.logisticSpec.properties.encoding.enum).toEqual([...ENCODINGS]);
  });

  it("rejects files that break the format", () => {
    const model = readJson(versions[0].version, "model.json");
    const broken: [string, (m: Record<string, unknown>) => void][] = [
      ["no coefficients", (m) => delete m.coef],
      ["unknown format", (m) => (m.format = "pushlab-model-v2")],
      ["a stray field", (m) => (m.extra = 1)],
      ["an unknown encoding", (m) => ((m.pipeline as { encoding: string }).encoding = "hashing")],
      ["a zero scale", (m) => ((m.pipeline as { scaler: { scale: number[] } }).scaler.scale[0] = 0)],
      ["a bad version name", (m) => (m.version = "../x")],
      ["a signature input of unknown type", (m) => ((m.signature as { inputs: { type: string }[] }).inputs[0].type = "blob")],
    ];
    for (const [what, breakIt] of broken) {
      const copy = structuredClone(model);
      breakIt(copy);
      expect(validateModel(copy), what).toBe(false);
    }
    const metadata = readJson(versions[0].version, "metadata.json");
    expect(validateMetadata({ ...metadata, thresholdSource: "guess" })).toBe(false);
    expect(validateMetadata({ ...metadata, test: { ...(metadata.test as object), rows: 1.5 } })).toBe(false);
  });

  it("a version written before the signature existed stays loadable and valid, and gets the same signature", () => {
    const { version } = versions.find((v) => v.spec.encoding === "onehot")!;
    const written = readJson(version, "model.json");
    const legacy = structuredClone(written);
    delete legacy.signature;
    expect(validateModel(legacy), errors(validateModel)).toBe(true);
    fs.writeFileSync(path.join(ws.registryDir, version, "model.json"), `${JSON.stringify(legacy)}\n`);
    try {
      const loaded = loadModel(ws.registryDir, version);
      expect(loaded.signature).toEqual(written.signature);
    } finally {
      fs.writeFileSync(path.join(ws.registryDir, version, "model.json"), `${JSON.stringify(written)}\n`);
    }
  });

  it("pushlab's own loader accepts every schema-valid file it wrote", () => {
    for (const { version } of versions) {
      const file = path.join(ws.registryDir, version, "model.json");
      expect(() => parseModelFile(fs.readFileSync(file, "utf8"), file)).not.toThrow();
    }
  });
});

describe("signature", () => {
  it("lists exactly the columns the pipeline reads, in file order, with the features each feeds", () => {
    const subset = loadModel(ws.registryDir, versions.find((v) => v.spec.features !== null)!.version);
    expect(subset.signature!.inputs.map((i) => [i.name, i.type, i.role])).toEqual([
      ["product_type", "string", "categorical"],
      ["created_at", "datetime", "time"],
      ["normalised_price", "number", "numeric"],
      ["vendor", "string", "categorical"],
    ]);
    expect(subset.signature!.inputs[1].features).toEqual(["created_hour"]);
    expect(subset.signature!.inputs[0].features).toEqual(subset.featureNames.filter((f) => f.startsWith("product_type=")));
    const plain = loadModel(ws.registryDir, versions.find((v) => v.spec.encoding === "none")!.version);
    const names = plain.signature!.inputs.map((i) => i.name);
    expect(names).not.toContain("product_type");
    expect(names).not.toContain("order_id");
    expect(names).toContain("created_at");
    expect(plain.signature!.inputs.find((i) => i.name === "created_at")!.features).toEqual(["created_hour", "created_day_of_week"]);
    // Every design-matrix feature comes from exactly one input.
    for (const { version } of versions) {
      const model = loadModel(ws.registryDir, version);
      expect(model.signature!.inputs.flatMap((i) => i.features).sort()).toEqual([...model.featureNames].sort());
      expect(model.signature).toEqual(modelSignature(model.pipeline));
      expect(model.signature!.outputs.map((o) => o.name)).toEqual(["purchase_probability", "predicted_purchase"]);
    }
  });
});

describe("the derived date features docs/model-format.md defines", () => {
  it("created_hour is the UTC hour and created_day_of_week counts from 0 = Sunday", () => {
    const stamps = ["2020-10-04 23:59:59", "2020-10-05 00:00:00", "2020-10-10 13:30:00", "1970-01-01 07:00:00"];
    const seconds = Float64Array.from(stamps, (s) => Date.parse(`${s.replace(" ", "T")}Z`) / 1000);
    const frame = { rowCount: stamps.length, numbers: { created_at: seconds }, categories: {} } as unknown as FeatureFrame;
    expect(Array.from(baseFeatureValues(frame, "created_hour"))).toEqual([23, 0, 13, 7]);
    // 2020-10-04 was a Sunday, 2020-10-10 a Saturday, 1970-01-01 a Thursday.
    expect(Array.from(baseFeatureValues(frame, "created_day_of_week"))).toEqual([0, 1, 6, 4]);
  });
});

describe("docs/model-format.md", () => {
  it("documents every field of both schemas", () => {
    const text = fs.readFileSync(path.join(docs, "model-format.md"), "utf8");
    const fields = new Set<string>();
    const collect = (node: unknown) => {
      if (!node || typeof node !== "object") return;
      const properties = (node as { properties?: Record<string, unknown> }).properties;
      if (properties) for (const key of Object.keys(properties)) fields.add(key);
      for (const value of Object.values(node)) collect(value);
    };
    collect(modelSchema);
    collect(metadataSchema);
    const missing = [...fields].filter((f) => !text.includes(`\`${f}\``));
    expect(missing).toEqual([]);
  });
});
