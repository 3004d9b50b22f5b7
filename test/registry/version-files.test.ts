import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { runExperiments } from "../../lib/experiments/running/runner";
import { readScoringReference, SCORING_REFERENCE_FILE } from "../../lib/monitoring/scoring-reference";
import { RegistryError, selectModel } from "../../lib/registry/registry";
import { EVALUATION_FILE, readVersionEvaluation } from "../../lib/registry/version-evaluation";
import { versionDir, versionEvaluation, versionScoringReference } from "../../lib/registry/version-files";
import { registryWorkspace, TWO_SPECS } from "../helpers/registry-workspace";

let version = "";
const fixture = registryWorkspace("pushlab-version-files-", async (ws, data) => {
  await runExperiments({ resultsDir: ws.resultsDir, data, specs: TWO_SPECS.slice(0, 1), workers: 0 });
  version = (await selectModel(ws.registryDir, ws.resultsDir, data, { experimentId: TWO_SPECS[0].id, actor: "test" })).version;
});

describe("versionDir", () => {
  it("is the version's folder under the registry", () => {
    expect(versionDir("/reg", "v_20260101_120000")).toBe(path.join("/reg", "v_20260101_120000"));
    expect(versionDir("/reg", "v_20260101_120000_2")).toBe(path.join("/reg", "v_20260101_120000_2"));
  });

  it("refuses anything that is not a version name before building a path", () => {
    for (const name of ["../v_20260101_120000", "v_20260101_120000/../../etc", "v_2026", "", "registry.json"]) {
      expect(() => versionDir("/reg", name), name).toThrow(RegistryError);
      expect(() => versionDir("/reg", name)).toThrow(/^not a registry version: /);
    }
  });
});

describe("versionScoringReference and versionEvaluation", () => {
  it("read the files a selection kept", () => {
    const dir = path.join(fixture.ws.registryDir, version);
    expect(versionScoringReference(fixture.ws.registryDir, version)).toEqual(readScoringReference(dir));
    expect(versionScoringReference(fixture.ws.registryDir, version)!.format).toBe("pushlab-scoring-reference-v1");
    expect(versionEvaluation(fixture.ws.registryDir, version)).toEqual(readVersionEvaluation(dir));
    expect(versionEvaluation(fixture.ws.registryDir, version)!.format).toBe("pushlab-version-evaluation-v1");
  });

  it("are null for a version that keeps neither (selected before they were kept)", () => {
    const dir = path.join(fixture.ws.registryDir, version);
    const kept = [SCORING_REFERENCE_FILE, EVALUATION_FILE].map((f) => [f, fs.readFileSync(path.join(dir, f))] as const);
    for (const [f] of kept) fs.rmSync(path.join(dir, f));
    try {
      expect(versionScoringReference(fixture.ws.registryDir, version)).toBeNull();
      expect(versionEvaluation(fixture.ws.registryDir, version)).toBeNull();
    } finally {
      for (const [f, bytes] of kept) fs.writeFileSync(path.join(dir, f), bytes);
    }
  });

  it("a torn or foreign file is an error naming it, not a missing one", () => {
    const dir = path.join(fixture.ws.registryDir, version);
    for (const [name, read] of [
      [SCORING_REFERENCE_FILE, () => versionScoringReference(fixture.ws.registryDir, version)],
      [EVALUATION_FILE, () => versionEvaluation(fixture.ws.registryDir, version)],
    ] as const) {
      const file = path.join(dir, name);
      const bytes = fs.readFileSync(file);
      try {
        for (const text of ['{"format": "pushlab-', JSON.stringify({ format: "something-else" }), "null"]) {
          fs.writeFileSync(file, text);
          expect(read, `${name}: ${text}`).toThrow(new RegExp(`^${file}: not a (valid scoring reference|version evaluation)`));
        }
      } finally {
        fs.writeFileSync(file, bytes);
      }
    }
  });

  it("refuse a bad version name", () => {
    expect(() => versionEvaluation(fixture.ws.registryDir, "../x")).toThrow(/not a registry version/);
    expect(() => versionScoringReference(fixture.ws.registryDir, "../x")).toThrow(/not a registry version/);
  });
});
