import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { expandDefinition, formatC, makeLogisticSpec, parseDefinition } from "../../../lib/experiments/definitions/definition";
import { matchesPattern } from "../../../lib/experiments/definitions/definitions-store";
import { isValidExperimentId } from "../../../lib/experiments/results/results-store";

describe("experiment definitions", () => {
  it("the default grid covers the baseline and encodings × regularizations × class weights", () => {
    const file = path.resolve("experiments/default.json");
    const specs = expandDefinition(parseDefinition(fs.readFileSync(file, "utf8"), file));
    const ids = specs.map((s) => s.id);
    expect(ids).toContain("baseline-global_popularity");
    for (const encoding of ["none", "frequency", "target", "target-leaky", "onehot"]) {
      expect(ids).toContain(`lr-${encoding}-none-unweighted`);
      for (const C of ["1e-8", "1e-6", "1e-4", "1e-2", "1e0", "1e2"]) expect(ids).toContain(`lr-${encoding}-l2-C${C}-unweighted`);
      for (const C of ["1e-4", "1e-2", "1e0"]) expect(ids).toContain(`lr-${encoding}-l1-C${C}-unweighted`);
      expect(ids.some((id) => id.startsWith(`lr-${encoding}-elasticnet-`))).toBe(true);
    }
    expect(ids).toContain("lr-none-l2-C1e-6-balanced");
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(isValidExperimentId(id)).toBe(true);
  });

  it("derives the same readable id from the same parameters", () => {
    const a = makeLogisticSpec({ encoding: "onehot", penalty: "elasticnet", C: 0.01, l1Ratio: 0.5, classWeight: "none", features: null });
    const b = makeLogisticSpec({ encoding: "onehot", penalty: "elasticnet", C: 1e-2, l1Ratio: 0.5, classWeight: "none", features: null });
    expect(a.id).toBe("lr-onehot-elasticnet-C1e-2-l1r0.5-unweighted");
    expect(b).toEqual(a);
    const subset = makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1, l1Ratio: null, classWeight: "none", features: ["ordered_before", "global_popularity"] });
    const reordered = makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1, l1Ratio: null, classWeight: "none", features: ["global_popularity", "ordered_before"] });
    expect(subset.id).toMatch(/^lr-none-l2-C1e0-unweighted-f[0-9a-f]{8}$/);
    expect(reordered.id).toBe(subset.id);
    expect(formatC(100)).toBe("1e2");
    expect(formatC(0.5)).toBe("5e-1");
  });

  it("rejects bad definitions with the file and the path of the field", () => {
    const bad = (json: unknown) => () => parseDefinition(JSON.stringify(json), "experiments/x.json");
    expect(bad({ name: "x", grids: [{ encodings: ["none"], penalties: [{ penalty: "l2", C: [-1] }] }] })).toThrow(/experiments\/x\.json: grids\.0\.penalties\.0\.C\.0: C must be > 0/);
    expect(bad({ name: "x", grids: [{ encodings: ["utf8"], penalties: [{ penalty: "none" }] }] })).toThrow(/grids\.0\.encodings\.0/);
    expect(bad({ name: "x", grids: [{ encodings: ["none"], penalties: [{ penalty: "elasticnet", C: [1], l1Ratio: [2] }] }] })).toThrow(/l1Ratio must be in \[0, 1\]/);
    expect(bad({ name: "x", grids: [{ encodings: ["none"], penalties: [{ penalty: "none" }], features: ["order_id"] }] })).toThrow(/unknown feature 'order_id'/);
    expect(() => parseDefinition("{", "experiments/y.json")).toThrow(/experiments\/y\.json: not valid JSON/);
  });

  it("matches --only patterns as globs or substrings", () => {
    expect(matchesPattern("lr-onehot-l2-C1e0-unweighted", "lr-onehot-*")).toBe(true);
    expect(matchesPattern("lr-none-l2-C1e0-unweighted", "lr-onehot-*")).toBe(false);
    expect(matchesPattern("lr-none-l2-C1e0-unweighted", "l2")).toBe(true);
    expect(matchesPattern("anything", undefined)).toBe(true);
  });

  it("accepts only path-safe ids", () => {
    for (const id of ["../etc/passwd", "a/b", "a\0b", "", ".hidden", "x..y", "a b"]) expect(isValidExperimentId(id)).toBe(false);
  });
});
