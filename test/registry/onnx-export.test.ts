import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { generateFeatureFrameCsv } from "../../lib/data/generate";
import { loadModel } from "../../lib/registry/registry";
import type { ModelFile } from "../../lib/registry/model-file";
import { predictFile } from "../../lib/registry/predict-file";
import { exportOnnx, onnxInputName } from "../../lib/registry/onnx-export";
import { tempDir, writeTemp } from "../helpers/feature-frame-csv";
import { registryWithEveryConfiguration, type RegistryVersion } from "../helpers/registry-versions";
import type { Workspace } from "../../lib/workspace";

/**
 * The exported ONNX graph against `pushlab predict` (predictFile, what the command runs) on a
 * generated file of another seed with unseen categories planted: every encoding × penalty.
 */

const home = tempDir("pushlab-onnx-");
let ws: Workspace;
let versions: RegistryVersion[];
let input: string;
let columns: Record<string, string[]>;

/** The CSV read independently of pushlab's loader: plain split (the generator writes no quotes). */
function readColumns(text: string): Record<string, string[]> {
  const [header, ...lines] = text.trimEnd().split("\n");
  const names = header.split(",");
  const out: Record<string, string[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const line of lines) line.split(",").forEach((value, j) => out[names[j]].push(value));
  return out;
}

/** Feeds of raw columns as any ONNX user would build them; created_at converted to epoch seconds. */
function feeds(model: ModelFile): Record<string, ort.Tensor> {
  const result: Record<string, ort.Tensor> = {};
  for (const inputSpec of model.signature!.inputs) {
    const raw = columns[inputSpec.name];
    const name = onnxInputName(inputSpec.name);
    if (inputSpec.type === "string") result[name] = new ort.Tensor("string", raw, [raw.length, 1]);
    else if (inputSpec.type === "datetime") result[name] = new ort.Tensor("float64", Float64Array.from(raw, (s) => Date.parse(`${s.replace(" ", "T")}Z`) / 1000), [raw.length, 1]);
    else result[name] = new ort.Tensor("float64", Float64Array.from(raw, Number), [raw.length, 1]);
  }
  return result;
}

function readPredictions(file: string): { p: number[]; decision: number[] } {
  const out = readColumns(fs.readFileSync(file, "utf8"));
  return { p: out.purchase_probability.map(Number), decision: out.predicted_purchase.map(Number) };
}

beforeAll(async () => {
  ({ ws, versions } = await registryWithEveryConfiguration(home));
  // Another seed than the training file, with categories no model has seen.
  const lines = generateFeatureFrameCsv({ orders: 25, seed: 97 }).trimEnd().split("\n");
  const names = lines[0].split(",");
  const productType = names.indexOf("product_type");
  const vendor = names.indexOf("vendor");
  for (let k = 1; k < lines.length; k++) {
    const fields = lines[k].split(",");
    if (k % 7 === 0) fields[productType] = "spaceships";
    if (k % 11 === 0) fields[vendor] = "acme-rockets";
    lines[k] = fields.join(",");
  }
  input = writeTemp(home, "score.csv", `${lines.join("\n")}\n`);
  columns = readColumns(fs.readFileSync(input, "utf8"));
}, 240_000);
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe("exportOnnx", () => {
  it("scores like pushlab predict for every encoding and penalty: max |Δp| ≤ 1e-6, the same decisions", async () => {
    expect(columns.product_type).toContain("spaceships");
    expect(columns.vendor).toContain("acme-rockets");
    const rows = columns.order_id.length;
    for (const { version, spec } of versions) {
      const model = loadModel(ws.registryDir, version);
      const out = path.join(home, `${version}.csv`);
      await predictFile(model, input, out);
      const expected = readPredictions(out);
      const session = await ort.InferenceSession.create(exportOnnx(model));
      const result = await session.run(feeds(model));
      const p = result.purchase_probability.data as Float64Array;
      const decision = result.predicted_purchase.data as BigInt64Array;
      expect(result.purchase_probability.dims).toEqual([rows, 1]);
      expect(p.length).toBe(rows);
      let maxDelta = 0;
      let disagreements = 0;
      for (let i = 0; i < rows; i++) {
        maxDelta = Math.max(maxDelta, Math.abs(p[i] - expected.p[i]));
        if (Number(decision[i]) !== expected.decision[i] && Math.abs(expected.p[i] - model.threshold) > 1e-6) disagreements++;
      }
      expect(maxDelta, `${spec.id}`).toBeLessThanOrEqual(1e-6);
      expect(disagreements, `${spec.id}`).toBe(0);
      // Not a constant model: the comparison means something.
      expect(Math.max(...expected.p) - Math.min(...expected.p), spec.id).toBeGreaterThan(1e-3);
    }
  }, 120_000);

  it("declares the signature's columns as inputs and records the version in the model's metadata", async () => {
    const model = loadModel(ws.registryDir, versions.find((v) => v.spec.encoding === "target")!.version);
    const session = await ort.InferenceSession.create(exportOnnx(model));
    expect([...session.inputNames].sort()).toEqual(model.signature!.inputs.map((i) => onnxInputName(i.name)).sort());
    expect(session.inputNames).toContain("created_at_epoch_seconds");
    expect(session.inputNames).not.toContain("order_id");
    expect([...session.outputNames]).toEqual(["purchase_probability", "predicted_purchase"]);
  });
});

describe("pushlab export", () => {
  const env = { ...process.env, PUSHLAB_HOME: home, PUSHLAB_SYNTHETIC_ORDERS: "70", PUSHLAB_SYNTHETIC_SEED: "23" };
  const cli = (...args: string[]) => spawnSync(process.execPath, ["bin/pushlab.mjs", ...args], { env, encoding: "utf8" });

  it("writes the ONNX file of a version, which scores like `pushlab predict` of that version", async () => {
    const { version } = versions.find((v) => v.spec.encoding === "onehot")!;
    const file = path.join(home, "out", "model.onnx");
    const exported = cli("export", version, "--onnx", file);
    expect(exported.stderr).toBe("");
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain(`wrote ${file}: ${version}`);
    const predictions = path.join(home, "cli-predictions.csv");
    expect(cli("predict", input, "--version", version, "--out", predictions).status).toBe(0);
    const expected = readPredictions(predictions);
    const session = await ort.InferenceSession.create(fs.readFileSync(file));
    const p = (await session.run(feeds(loadModel(ws.registryDir, version)))).purchase_probability.data as Float64Array;
    expect(Math.max(...Array.from(p, (v, i) => Math.abs(v - expected.p[i])))).toBeLessThanOrEqual(1e-6);
  }, 60_000);

  it("fails with one line and writes nothing for an unknown version or a folder in the way", () => {
    const file = path.join(home, "nothing.onnx");
    const unknown = cli("export", "v_20000101_000000", "--onnx", file);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim().split("\n")).toEqual(["pushlab: no version 'v_20000101_000000' in the registry"]);
    expect(fs.existsSync(file)).toBe(false);
    const folder = path.join(home, "a-folder");
    fs.mkdirSync(folder);
    const blocked = cli("export", "active", "--onnx", folder);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toMatch(/a-folder.*not a regular file/);
  }, 60_000);
});
