import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadDataset, prepareData, type PreparedData } from "../../../lib/data/dataset";
import { writeSyntheticFeatureFrame } from "../../../lib/data/generate";
import { makeLogisticSpec, type ExperimentSpec } from "../../../lib/experiments/definitions/definition";
import { readAllResults, readResult } from "../../../lib/experiments/results/results-store";
import { runExperiments, warmStartChains, type RunEvent } from "../../../lib/experiments/running/runner";
import type { LogisticSpec } from "../../../lib/experiments/definitions/spec";
import { transformRows } from "../../../lib/features/pipeline";
import { predictProba } from "../../../lib/model/logistic-regression";
import { averagePrecision } from "../../../lib/metrics";
import { tempDir } from "../../helpers/feature-frame-csv";

const dir = tempDir("pushlab-runner-");
let data: PreparedData;

beforeAll(async () => {
  const file = path.join(dir, "frame.csv");
  await writeSyntheticFeatureFrame(file, { orders: 80, seed: 3 });
  data = prepareData((await loadDataset(file)).frame);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const specs: ExperimentSpec[] = [
  { kind: "baseline", id: "baseline-global_popularity", score: "global_popularity" },
  makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null }),
  makeLogisticSpec({ encoding: "target", penalty: "l1", C: 1e-2, l1Ratio: null, classWeight: "balanced", features: null }),
  makeLogisticSpec({ encoding: "onehot", penalty: "elasticnet", C: 1e-2, l1Ratio: 0.5, classWeight: "none", features: null }),
];

describe("runExperiments", () => {
  it("fits on train, evaluates on validation, stores every result and skips current ones", async () => {
    const resultsDir = path.join(dir, "results-a");
    const events: RunEvent[] = [];
    const first = await runExperiments({ resultsDir, data, specs, workers: 0, onEvent: (e) => events.push(e) });
    expect(first.ran.sort()).toEqual(specs.map((s) => s.id).sort());
    expect(first.failed).toEqual([]);
    expect(events[0]).toMatchObject({ type: "plan", total: 4 });
    expect(events.filter((e) => e.type === "done")).toHaveLength(4);

    const stored = readAllResults(resultsDir);
    expect(stored).toHaveLength(4);
    for (const result of stored) {
      expect(result.validation.rows).toBe(data.split.rows.validation.length);
      expect(result.validation.averagePrecision).toBeGreaterThan(0);
      expect(result.validation.rocAuc).toBeGreaterThan(0.5);
      expect(result.curves.pr.length).toBeGreaterThan(2);
      expect(result.curves.pr.length).toBeLessThanOrEqual(320);
      expect(result.curves.pr.some((p) => p.threshold === result.validation.bestThreshold)).toBe(true);
    }

    // The stored pipeline alone reproduces the validation AP (no training data needed).
    const lr = readResult(resultsDir, specs[3].id)!;
    const X = transformRows(lr.model!.pipeline, data.frame, data.split.rows.validation);
    const y = Float64Array.from(data.split.rows.validation, (i) => data.frame.numbers.outcome[i]);
    expect(averagePrecision(y, predictProba(X, lr.model!.coef, lr.model!.intercept))).toBeCloseTo(lr.validation.averagePrecision, 12);
    expect(lr.coefficients.map((c) => c.feature)).toEqual(lr.model!.pipeline.featureNames);
    expect(lr.coefficients.some((c) => c.feature.startsWith("vendor="))).toBe(true);

    const second = await runExperiments({ resultsDir, data, specs, workers: 0 });
    expect(second.ran).toEqual([]);
    expect(second.current.sort()).toEqual(specs.map((s) => s.id).sort());
    const forced = await runExperiments({ resultsDir, data, specs: specs.slice(0, 2), workers: 0, force: true });
    expect(forced.ran).toHaveLength(2);
  });

  it("gives the same results on worker threads as in-process", async () => {
    const inProcess = await runExperiments({ resultsDir: path.join(dir, "results-b"), data, specs, workers: 0 });
    const threaded = await runExperiments({ resultsDir: path.join(dir, "results-c"), data, specs, workers: 2 });
    expect(threaded.ran.sort()).toEqual(inProcess.ran.sort());
    for (const spec of specs) {
      const a = readResult(path.join(dir, "results-b"), spec.id)!;
      const b = readResult(path.join(dir, "results-c"), spec.id)!;
      expect(b.validation).toEqual(a.validation);
      expect(b.model?.coef).toEqual(a.model?.coef);
    }
  });

  it("reports a failing experiment without storing it and goes on with the others", async () => {
    const resultsDir = path.join(dir, "results-d");
    const broken = { ...specs[1], id: "lr-broken", C: -1 } as ExperimentSpec;
    const summary = await runExperiments({ resultsDir, data, specs: [broken, specs[0]], workers: 0 });
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].message).toMatch(/C/);
    expect(readResult(resultsDir, "lr-broken")).toBeNull();
    expect(readResult(resultsDir, specs[0].id)).not.toBeNull();
  });
});

describe("warm-start chains", () => {
  const lr = (penalty: LogisticSpec["penalty"], C: number | null, classWeight: LogisticSpec["classWeight"] = "none", l1Ratio: number | null = null, encoding: LogisticSpec["encoding"] = "none") =>
    makeLogisticSpec({ encoding, penalty, C, l1Ratio, classWeight, features: null }) as LogisticSpec;

  it("chain L2 then none per class weight, from the smallest C, longest first, cut where C grows > 100×; L1 and elastic-net fit alone", () => {
    const items = [
      lr("none", null), lr("l2", 1), lr("l1", 1), lr("l2", 1e-6), lr("elasticnet", 1e-2, "none", 0.5), lr("l2", 1e-2, "balanced"),
      lr("elasticnet", 1e-4, "none", 0.5), lr("elasticnet", 1e-2, "none", 0.3), lr("l1", 1e-4), lr("none", null, "balanced"), lr("l2", 1e2),
      lr("l2", 1e-4), lr("l2", 1e-3, "balanced"),
    ].map((spec) => ({ spec }));
    expect(warmStartChains(items).map((chain) => chain.map((item) => item.spec.id))).toEqual([
      // 1e-6 → 1e-4 (100×) continues; 1e-4 → 1 (10⁴×) is cut; "none" follows C ≥ 1
      ["lr-none-l2-C1e0-unweighted", "lr-none-l2-C1e2-unweighted", "lr-none-none-unweighted"],
      ["lr-none-l2-C1e-6-unweighted", "lr-none-l2-C1e-4-unweighted"],
      // "none" does not follow C = 1e-2
      ["lr-none-l2-C1e-3-balanced", "lr-none-l2-C1e-2-balanced"],
      ["lr-none-l1-C1e0-unweighted"],
      ["lr-none-elasticnet-C1e-2-l1r0.5-unweighted"],
      ["lr-none-none-balanced"],
      ["lr-none-elasticnet-C1e-4-l1r0.5-unweighted"],
      ["lr-none-elasticnet-C1e-2-l1r0.3-unweighted"],
      ["lr-none-l1-C1e-4-unweighted"],
    ]);
  });

  it("with subsample starts (as many training rows as SUBSAMPLE_START_MIN_ROWS), chain only from C ≥ 1: below it each fit starts cold from its subsample", () => {
    const items = [lr("l2", 1e-8), lr("l2", 1e-6), lr("l2", 1e-4), lr("l2", 1e-2), lr("l2", 1), lr("l2", 1e2), lr("none", null), lr("l1", 1e-2), lr("l2", 1e-2, "balanced"), lr("l2", 1, "balanced")].map((spec) => ({ spec }));
    expect(warmStartChains(items, { subsampleStarts: true }).map((chain) => chain.map((item) => item.spec.id))).toEqual([
      ["lr-none-l2-C1e0-unweighted", "lr-none-l2-C1e2-unweighted", "lr-none-none-unweighted"],
      ["lr-none-l2-C1e-8-unweighted"],
      ["lr-none-l2-C1e-6-unweighted"],
      ["lr-none-l2-C1e-4-unweighted"],
      ["lr-none-l2-C1e-2-unweighted"],
      ["lr-none-l1-C1e-2-unweighted"],
      ["lr-none-l2-C1e-2-balanced"],
      ["lr-none-l2-C1e0-balanced"],
    ]);
    // Without them (the tests' small files), the same items chain along every 100× step.
    expect(warmStartChains(items).map((chain) => chain.length)).toEqual([7, 2, 1]);
  });

  const chainSpecs: ExperimentSpec[] = [lr("l2", 1e-4), lr("l2", 1e-2), lr("l2", 1), lr("none", null), lr("l1", 1e-2), lr("l1", 1)];
  const evaluations = (dirName: string) => chainSpecs.reduce((sum, spec) => sum + readResult(path.join(dir, dirName), spec.id)!.fit!.evaluations!, 0);

  it("fit the same models as independent cold fits, in fewer passes, on threads as in-process", async () => {
    const tol = 1e-9;
    await runExperiments({ resultsDir: path.join(dir, "chain-cold"), data, specs: chainSpecs, workers: 0, tol, warmStart: false });
    await runExperiments({ resultsDir: path.join(dir, "chain-warm"), data, specs: chainSpecs, workers: 0, tol });
    await runExperiments({ resultsDir: path.join(dir, "chain-threads"), data, specs: chainSpecs, workers: 2, tol });
    for (const spec of chainSpecs) {
      const cold = readResult(path.join(dir, "chain-cold"), spec.id)!;
      const warm = readResult(path.join(dir, "chain-warm"), spec.id)!;
      expect(cold.fit!.warmStartFrom).toBeNull();
      expect(warm.fit!.converged).toBe(true);
      expect(Math.abs(warm.validation.averagePrecision - cold.validation.averagePrecision)).toBeLessThan(1e-6);
      const coef = [...warm.model!.coef, warm.model!.intercept];
      const coldCoef = [...cold.model!.coef, cold.model!.intercept];
      // both stop within tol of the same optimum: equal objectives, coefficients as close as the conditioning allows
      expect(Math.abs(warm.fit!.loss - cold.fit!.loss)).toBeLessThanOrEqual(1e-12);
      coef.forEach((v, j) => expect(Math.abs(v - coldCoef[j])).toBeLessThanOrEqual(Math.max(1e-4 * Math.abs(coldCoef[j]), 1e-5)));
      // the chains are the same whichever thread runs them
      expect(readResult(path.join(dir, "chain-threads"), spec.id)!.model!.coef).toEqual(warm.model!.coef);
    }
    const from = (id: string) => readResult(path.join(dir, "chain-warm"), id)!.fit!.warmStartFrom;
    expect(chainSpecs.map((spec) => from(spec.id))).toEqual([null, chainSpecs[0].id, chainSpecs[1].id, chainSpecs[2].id, null, null]);
    expect(evaluations("chain-warm")).toBeLessThan(0.8 * evaluations("chain-cold"));
  });

  it("start a chain from the experiments that are run, skipping current ones", async () => {
    const resultsDir = path.join(dir, "chain-partial");
    const steps = [lr("l2", 1e-4), lr("l2", 1e-3), lr("l2", 1e-2)];
    await runExperiments({ resultsDir, data, specs: [steps[1]], workers: 0 });
    await runExperiments({ resultsDir, data, specs: steps, workers: 0 });
    expect(readResult(resultsDir, steps[1].id)!.fit!.warmStartFrom).toBeNull();
    expect(readResult(resultsDir, steps[2].id)!.fit!.warmStartFrom).toBe(steps[0].id);
  });
});
