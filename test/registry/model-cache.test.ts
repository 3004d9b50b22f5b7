import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { CorruptRegistryError, RegistryError } from "../../lib/registry/errors";
import { cachedModel } from "../../lib/registry/model-cache";
import { tempDir } from "../helpers/feature-frame-csv";
import { handModel, writeHandRegistry } from "../helpers/hand-registry";

const [V1, V2] = ["v_20260101_000001", "v_20260101_000002"];
let dir: string;
beforeEach(() => {
  dir = tempDir("pushlab-model-cache-");
  writeHandRegistry(dir, [V1, V2]);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const modelFile = (version: string) => path.join(dir, version, "model.json");

describe("cachedModel", () => {
  it("loads the active version by default and a named one when asked", () => {
    expect(cachedModel(dir).version).toBe(V2);
    expect(cachedModel(dir, V1).version).toBe(V1);
  });

  it("serves the same parsed object while model.json is unchanged", () => {
    const first = cachedModel(dir, V1);
    expect(cachedModel(dir, V1)).toBe(first);
  });

  it("reads again when model.json changes on disk: a damaged file is refused, a repaired one served anew", () => {
    const first = cachedModel(dir, V1);
    fs.writeFileSync(modelFile(V1), "{ damaged");
    expect(() => cachedModel(dir, V1)).toThrow(CorruptRegistryError);
    fs.writeFileSync(modelFile(V1), JSON.stringify({ ...handModel(V1), intercept: 0.5 }));
    const repaired = cachedModel(dir, V1);
    expect(repaired).not.toBe(first);
    expect(repaired.intercept).toBe(0.5);
  });

  it("reports what loadModel reports for a missing model.json or an unknown version", () => {
    fs.rmSync(modelFile(V1));
    expect(() => cachedModel(dir, V1)).toThrow(/cannot be read/);
    expect(() => cachedModel(dir, "v_20260101_000009")).toThrow(RegistryError);
    expect(() => cachedModel(dir, "../etc")).toThrow(/not a registry version/);
  });
});
