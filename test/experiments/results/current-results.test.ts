import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { makeLogisticSpec, type ExperimentSpec } from "../../../lib/experiments/definitions/definition";
import { annotateExperiment } from "../../../lib/experiments/results/annotations";
import { baselineLabel, baselineOf, baselinesOf, currentFingerprint, currentResult, currentResults, reportResults } from "../../../lib/experiments/results/current-results";
import type { ExperimentResult } from "../../../lib/experiments/results/result";
import { readResult, writeResult } from "../../../lib/experiments/results/results-store";
import { runExperiments } from "../../../lib/experiments/running/runner";
import { resolveWorkspace } from "../../../lib/workspace";
import { registryWorkspace } from "../../helpers/registry-workspace";

const LOGREG = makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null });
// the past-purchase baseline first: baselinesOf must still put popularity first
const specs: ExperimentSpec[] = [
  { kind: "baseline", id: "baseline-ordered_before_then_popularity", score: "ordered_before_then_popularity" },
  { kind: "baseline", id: "baseline-global_popularity", score: "global_popularity" },
  LOGREG,
];
const fixture = registryWorkspace("pushlab-current-results-", (ws, data) => runExperiments({ resultsDir: ws.resultsDir, data, specs, workers: 0, maxIter: 60, tol: 1e-3 }));

describe("currentFingerprint", () => {
  it("fingerprints the workspace's data file, the same on every call", () => {
    const fingerprint = currentFingerprint(fixture.ws);
    expect(typeof fingerprint).toBe("string");
    expect(currentFingerprint(fixture.ws)).toBe(fingerprint);
    expect(fingerprint).toBe(fixture.data.frame.source.fingerprint);
  });

  it("is null when the data file is missing or is not a regular file", () => {
    const missing = resolveWorkspace({ ...fixture.env, PUSHLAB_DATA: path.join(fixture.home, "absent.csv") });
    expect(currentFingerprint(missing)).toBeNull();
    const folder = resolveWorkspace({ ...fixture.env, PUSHLAB_DATA: fixture.home });
    expect(currentFingerprint(folder)).toBeNull();
  });
});

describe("currentResults and currentResult", () => {
  it("give the results computed on the current file and leave out those of another file", () => {
    const ws = fixture.ws;
    const stale = { ...readResult(ws.resultsDir, LOGREG.id)!, id: "lr-from-another-file", computedFrom: { ...readResult(ws.resultsDir, LOGREG.id)!.computedFrom, dataFingerprint: "another-file" } };
    writeResult(ws.resultsDir, stale);
    try {
      expect(currentResults(ws).map((r) => r.id).sort()).toEqual(specs.map((s) => s.id).sort());
      expect(currentResult(ws, LOGREG.id)!.id).toBe(LOGREG.id);
      expect(readResult(ws.resultsDir, "lr-from-another-file")).not.toBeNull(); // kept in the store
      expect(currentResult(ws, "lr-from-another-file")).toBeNull(); // but not current
      expect(currentResult(ws, "lr-never-run")).toBeNull();
    } finally {
      fs.rmSync(path.join(ws.resultsDir, "lr-from-another-file.json"), { force: true });
    }
  });

  it("give nothing when the data file is gone", () => {
    const missing = resolveWorkspace({ ...fixture.env, PUSHLAB_DATA: path.join(fixture.home, "absent.csv") });
    expect(currentResults({ ...missing, resultsDir: fixture.ws.resultsDir })).toEqual([]);
  });
});

describe("baselinesOf, baselineOf and baselineLabel", () => {
  it("list the baselines only, popularity first, and name them", () => {
    const results = currentResults(fixture.ws);
    expect(baselinesOf(results).map((r) => r.id)).toEqual(["baseline-global_popularity", "baseline-ordered_before_then_popularity"]);
    expect(baselineOf(results)!.id).toBe("baseline-global_popularity");
    expect(baselineOf([...results].reverse())!.id).toBe("baseline-global_popularity");
    expect(baselineOf(results.filter((r) => r.spec.kind !== "baseline"))).toBeNull();
    expect(baselinesOf(results).map(baselineLabel)).toEqual(["popularity baseline", "past-purchase baseline (ordered before, then popularity)"]);
    expect(baselineLabel(results.find((r) => r.id === LOGREG.id)!)).toBe(LOGREG.id);
  });

  it("put popularity first by its score, not by the order of ids", () => {
    const baseline = (id: string, score: string) => ({ id, spec: { kind: "baseline", id, score } }) as unknown as ExperimentResult;
    const results = [baseline("a-past", "ordered_before_then_popularity"), baseline("z-popularity", "global_popularity"), baseline("b-past", "ordered_before_then_popularity")];
    expect(baselinesOf(results).map((r) => r.id)).toEqual(["z-popularity", "a-past", "b-past"]);
  });

  it("with only the past-purchase baseline, that one is the baseline", () => {
    const results = currentResults(fixture.ws).filter((r) => r.id !== "baseline-global_popularity");
    expect(baselineOf(results)!.id).toBe("baseline-ordered_before_then_popularity");
  });
});

describe("reportResults", () => {
  it("leaves out an archived experiment", async () => {
    expect(reportResults(fixture.ws).map((r) => r.id).sort()).toEqual(specs.map((s) => s.id).sort());
    await annotateExperiment(fixture.ws.resultsDir, LOGREG.id, { archived: true }, "test");
    expect(reportResults(fixture.ws).map((r) => r.id)).not.toContain(LOGREG.id);
    expect(currentResults(fixture.ws).map((r) => r.id)).toContain(LOGREG.id); // archived, still current
  });
});
