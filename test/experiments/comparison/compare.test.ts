import { describe, expect, it } from "vitest";
import { COMPARE_REPLICATES, compareExperiments, parseIds } from "../../../lib/experiments/comparison/compare";
import { runExperiments } from "../../../lib/experiments/running/runner";
import { makeLogisticSpec } from "../../../lib/experiments/definitions/spec";
import { requireResult } from "../../../lib/experiments/results/results-store";
import { registryWorkspace, TWO_SPECS } from "../../helpers/registry-workspace";

// Same encoding and penalty as the first of TWO_SPECS, another C: only C differs between them.
const strongerL2 = makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1e-4, l1Ratio: null, classWeight: "none", features: null });
const specs = [...TWO_SPECS, strongerL2];
const [A, B, C] = specs.map((s) => s.id);
const fixture = registryWorkspace("pushlab-compare-", (ws, data) => runExperiments({ resultsDir: ws.resultsDir, data, specs, workers: 0 }));

describe("parseIds", () => {
  it("splits, trims, drops empties and repeats, and keeps at most `max`", () => {
    expect(parseIds(" a, b ,,a,c")).toEqual(["a", "b", "c"]);
    expect(parseIds("a,b,c,d", 2)).toEqual(["a", "b"]);
    expect(parseIds("")).toEqual([]);
    expect(parseIds(undefined)).toEqual([]);
    expect(parseIds(["a", "b"])).toEqual([]);
  });
});

describe("compareExperiments", () => {
  it("needs two known experiments and reports the unknown or path-like ids", () => {
    expect(compareExperiments(fixture.ws, [A, "../../etc/passwd", "nope"])).toEqual({ error: "Pick at least two known experiments to compare.", unknownIds: ["../../etc/passwd", "nope"] });
  });

  it("lists only the parameters that differ, per experiment", () => {
    const comparison = compareExperiments(fixture.ws, [A, C]);
    if ("error" in comparison) throw new Error(comparison.error);
    expect(comparison.differingParameters).toEqual([{ name: "C", values: { [A]: "1e-2", [C]: "1e-4" } }]);
    const three = compareExperiments(fixture.ws, [A, B, C]);
    if ("error" in three) throw new Error(three.error);
    expect(three.differingParameters.map((p) => p.name)).toEqual(["encoding", "penalty", "C"]);
    expect(three.differingParameters[0].values).toEqual({ [A]: "none", [B]: "frequency", [C]: "none" });
  });

  it("measures candidate − reference on each metric, with an interval around it and the verdict it implies", () => {
    const comparison = compareExperiments(fixture.ws, [A, B, C], B);
    if ("error" in comparison) throw new Error(comparison.error);
    expect(comparison.reference.id).toBe(B);
    expect(Object.keys(comparison.differences).sort()).toEqual([A, C].sort());
    const ref = requireResult(fixture.ws.resultsDir, B).validation;
    for (const id of [A, C]) {
      const own = requireResult(fixture.ws.resultsDir, id).validation;
      const d = comparison.differences[id];
      expect(d.averagePrecision.estimate).toBeCloseTo(own.averagePrecision - ref.averagePrecision, 9);
      expect(d.rocAuc.estimate).toBeCloseTo(own.rocAuc - ref.rocAuc, 9);
      for (const m of Object.values(d)) {
        expect(m.low).toBeLessThanOrEqual(m.high);
        expect(m.verdict).toBe(m.low > 0 ? "better" : m.high < 0 ? "worse" : "not distinguishable");
      }
    }
    // Two candidates × five metrics, judged together.
    expect(comparison.family).toMatchObject({ comparisons: 10, replicates: COMPARE_REPLICATES });
    expect(comparison.family!.criticalValue).toBeGreaterThan(1.96);
  });

  it("takes the first known experiment as the reference when none (or an unknown one) is named", () => {
    const comparison = compareExperiments(fixture.ws, ["missing", C, A], "also-missing");
    if ("error" in comparison) throw new Error(comparison.error);
    expect(comparison.reference.id).toBe(C);
    expect(comparison.unknownIds).toEqual(["missing"]);
    expect(comparison.results.map((r) => r.id)).toEqual([C, A]);
  });
});
