import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { definitionDirs, loadExperimentSpecs, matchesPattern } from "../../../lib/experiments/definitions/definitions-store";
import { tempDir } from "../../helpers/feature-frame-csv";

let root: string;
beforeEach(() => {
  root = tempDir("pushlab-definitions-store-");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function writeDefinition(dir: string, name: string, definition: unknown): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof definition === "string" ? definition : JSON.stringify(definition));
  return file;
}

describe("definitionDirs", () => {
  it("is the project's experiments/ folder, then the workspace's", () => {
    expect(definitionDirs("/project", "/home/ws")).toEqual(["/project/experiments", "/home/ws/experiments"]);
  });
});

describe("loadExperimentSpecs", () => {
  it("reads every .json definition of each folder in name order, folders in order, each id once", () => {
    const project = path.join(root, "project");
    const saved = path.join(root, "saved");
    writeDefinition(project, "b.json", { name: "b", grids: [{ encodings: ["none"], penalties: [{ penalty: "l2", C: [1, 0.01] }] }] });
    writeDefinition(project, "a.json", { name: "a", baselines: [{ score: "global_popularity" }] });
    writeDefinition(project, "notes.txt", "not a definition");
    // a saved definition repeating one of the project's experiments and adding one
    writeDefinition(saved, "custom.json", { name: "custom", grids: [{ encodings: ["none", "frequency"], penalties: [{ penalty: "l2", C: [1] }] }] });
    const ids = loadExperimentSpecs([project, path.join(root, "missing"), saved]).map((s) => s.id);
    expect(ids).toEqual(["baseline-global_popularity", "lr-none-l2-C1e0-unweighted", "lr-none-l2-C1e-2-unweighted", "lr-frequency-l2-C1e0-unweighted"]);
  });

  it("is empty when no folder exists", () => {
    expect(loadExperimentSpecs([path.join(root, "none"), path.join(root, "neither")])).toEqual([]);
  });

  it("an invalid definition is an error naming its file and field, not a silently shorter grid", () => {
    const dir = path.join(root, "project");
    writeDefinition(dir, "a.json", { name: "a", baselines: [{ score: "global_popularity" }] });
    const bad = writeDefinition(dir, "b.json", { name: "b", grids: [{ encodings: ["hashing"], penalties: [{ penalty: "none" }] }] });
    expect(() => loadExperimentSpecs([dir])).toThrow(new RegExp(`^${bad}: grids\\.0\\.encodings\\.0: `));
    fs.writeFileSync(bad, '{"name": "b", "grids": [');
    expect(() => loadExperimentSpecs([dir])).toThrow(new RegExp(`^${bad}: not valid JSON`));
  });
});

describe("matchesPattern", () => {
  const id = "lr-onehot-l2-C1e-2-unweighted";
  it("without *, matches a substring anywhere", () => {
    expect(matchesPattern(id, "C1e-2")).toBe(true);
    expect(matchesPattern(id, "C1e-3")).toBe(false);
    expect(matchesPattern(id, "")).toBe(true); // no pattern: everything
  });

  it("with *, matches the whole id, * standing for any run of characters", () => {
    expect(matchesPattern(id, "lr-*-unweighted")).toBe(true);
    expect(matchesPattern(id, "*onehot*")).toBe(true);
    expect(matchesPattern(id, "onehot-*")).toBe(false); // anchored at the start
    expect(matchesPattern(id, "lr-onehot-*-balanced")).toBe(false); // and at the end
  });

  it("takes every other character literally", () => {
    expect(matchesPattern("lr-a.b-x", "lr-a.b*")).toBe(true);
    expect(matchesPattern("lr-axb-x", "lr-a.b*")).toBe(false); // '.' is not any character
    expect(matchesPattern("lr-(x)-y", "lr-(x)*")).toBe(true);
    expect(matchesPattern("lr-x+-y", "lr-x+*")).toBe(true);
    expect(matchesPattern("lr-xx-y", "lr-x+*")).toBe(false);
  });
});
