import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadDataset, prepareData, type PreparedData } from "../../../lib/data/dataset";
import { numberColumn } from "../../../lib/data/feature-frame";
import { writeSyntheticFeatureFrame } from "../../../lib/data/generate";
import { ORDER_COLUMN, TARGET_COLUMN } from "../../../lib/data/schema";
import { makeLogisticSpec, type ExperimentSpec } from "../../../lib/experiments/definitions/definition";
import type { LogisticSpec } from "../../../lib/experiments/definitions/spec";
import { readResult, readScores, readTrainingScores } from "../../../lib/experiments/results/results-store";
import { experimentIntervals } from "../../../lib/experiments/results/result-intervals";
import { runFitJob } from "../../../lib/experiments/running/fit-job";
import { pickRows, runExperiments, type RunEvent } from "../../../lib/experiments/running/runner";
import { fitPipeline, transformRows } from "../../../lib/features/pipeline";
import { tempDir } from "../../helpers/feature-frame-csv";

/*
 * The runner fits a group's experiments on the training matrix, then builds the validation matrix in
 * the same buffer and evaluates. Against the one-job path with both matrices held at once (runFitJob
 * on float32 matrices built separately, what the runner did before): the same bits everywhere.
 */
const dir = tempDir("pushlab-staged-runner-");
let data: PreparedData;

beforeAll(async () => {
  const file = path.join(dir, "frame.csv");
  await writeSyntheticFeatureFrame(file, { orders: 70, seed: 13 });
  data = prepareData((await loadDataset(file)).frame);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const specs = [
  makeLogisticSpec({ encoding: "onehot", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null }),
  makeLogisticSpec({ encoding: "onehot", penalty: "l1", C: 1, l1Ratio: null, classWeight: "balanced", features: null }),
  makeLogisticSpec({ encoding: "frequency", penalty: "l2", C: 1, l1Ratio: null, classWeight: "none", features: null }),
  // Unweighted target encoding on every feature keeps its training scores (keepsTrainingScores).
  makeLogisticSpec({ encoding: "target", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null }),
] as LogisticSpec[];

function oneJob(spec: LogisticSpec) {
  const { train: trainRows, validation: validationRows } = data.split.rows;
  const target = numberColumn(data.frame, TARGET_COLUMN);
  const { state, train } = fitPipeline(data.frame, trainRows, { encoding: spec.encoding, features: spec.features ?? undefined }, { float32: true });
  const validation = transformRows(state, data.frame, validationRows, { float32: true });
  const out = runFitJob({
    spec,
    train,
    yTrain: pickRows(target, trainRows, false),
    validation,
    yValidation: pickRows(target, validationRows, false),
    validationOrders: pickRows(numberColumn(data.frame, ORDER_COLUMN), validationRows, false),
    continueFrom: null,
    keepTrainingScores: true,
  });
  return { out, featureNames: state.featureNames };
}

describe("the runner's fit-then-evaluate stages", () => {
  for (const [workers, overlap] of [[0, false], [2, false], [0, true], [2, true]] as const) {
    it(`give the one-job path's coefficients, scores, metrics and intervals bit for bit (${workers ? "worker threads" : "in-process"}, ${overlap ? "overlapped" : "staged"})`, async () => {
      const resultsDir = path.join(dir, `results-${workers}-${overlap}`);
      const summary = await runExperiments({ resultsDir, data, specs: specs as ExperimentSpec[], workers, warmStart: false, overlap });
      expect(summary.failed).toEqual([]);
      expect(summary.ran.sort()).toEqual(specs.map((s) => s.id).sort());
      for (const spec of specs) {
        const { out, featureNames } = oneJob(spec);
        const result = readResult(resultsDir, spec.id)!;
        expect(result.model!.coef).toEqual(out.coef);
        expect(result.model!.intercept).toBe(out.intercept);
        expect(result.coefficients.map((c) => c.feature)).toEqual(featureNames);
        expect(result.validation).toEqual(out.evaluation.metrics);
        expect(result.curves).toEqual(out.evaluation.curves);
        // Resampled where shown, from the stored scores: the one-job path's intervals, bit for bit.
        expect(experimentIntervals({ resultsDir, cacheDir: path.join(dir, `cache-${workers}-${overlap}`) }, result)).toEqual(out.intervals);
        expect(result.train).toEqual(out.train);
        expect(result.fit!.iterations).toBe(out.fit.iterations);
        expect(result.fit!.loss).toBe(out.fit.loss);
        expect(Array.from(readScores(resultsDir, spec.id)!)).toEqual(Array.from(out.scores));
        const trainScores = readTrainingScores(resultsDir, spec.id);
        if (spec.encoding === "target") expect(Array.from(trainScores!)).toEqual(Array.from(out.trainScores!));
        else expect(trainScores).toBeNull();
      }
    });
  }

  it("fail only the group whose matrix, built ahead during the previous group's fits, could not be built", async () => {
    // A feature no pipeline knows: its group (the narrowest, so the last) fails when it is built ahead.
    const broken = makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1, l1Ratio: null, classWeight: "none", features: ["no_such_feature"] });
    const resultsDir = path.join(dir, "prefetch-broken");
    const events: string[] = [];
    const summary = await runExperiments({
      resultsDir,
      data,
      specs: [specs[0], specs[2], broken] as ExperimentSpec[],
      workers: 2,
      warmStart: false,
      onEvent: (e) => {
        if (e.type === "features") events.push(`${e.encoding}${e.built ? " (built ahead)" : ""}`);
      },
    });
    expect(events).toEqual(["onehot", "frequency (built ahead)", "none"]);
    expect(summary.failed).toEqual([{ id: broken.id, message: expect.stringMatching(/unknown feature 'no_such_feature'/) }]);
    expect(summary.ran.sort()).toEqual([specs[0].id, specs[2].id].sort());
    expect(readResult(resultsDir, broken.id)).toBeNull();
    for (const spec of [specs[0], specs[2]]) expect(readResult(resultsDir, spec.id)!.model!.coef).toEqual(oneJob(spec).out.coef);
  });

  it("give the same warm-started results staged, prefetched and overlapped, and stage with the next group's training matrix built ahead by default", async () => {
    const chain = [1e-4, 1e-2, 1].map((C) => makeLogisticSpec({ encoding: "frequency", penalty: "l2", C, l1Ratio: null, classWeight: "none", features: null }));
    const all = [...chain, specs[1]] as ExperimentSpec[];
    const runs = {} as Record<"staged" | "overlapped" | "default", string>;
    const events = {} as Record<"staged" | "overlapped" | "default", string[]>;
    const options = { staged: { overlap: false, prefetch: false }, overlapped: { overlap: true }, default: {} };
    for (const name of ["staged", "overlapped", "default"] as const) {
      runs[name] = path.join(dir, `warm-${name}`);
      events[name] = [];
      const onEvent = (e: RunEvent) => {
        if (e.type === "done") events[name].push(`done ${e.id}`);
        if (e.type === "features") events[name].push(`features ${e.encoding}${e.built ? " (built ahead)" : ""}`);
      };
      const summary = await runExperiments({ resultsDir: runs[name], data, specs: all, workers: 2, ...options[name], onEvent });
      expect(summary.failed).toEqual([]);
    }
    // The one-hot group is the wider, so it runs first. Staged without prefetching, its experiment is
    // done before the frequency group starts; overlapped, the frequency group starts while it is
    // evaluated. By default the frequency group's matrix is built during the one-hot fits and the
    // group starts at once, its fits queued behind them, so the one-hot evaluation lands after it starts.
    const onehotDone = `done ${specs[1].id}`;
    expect(events.staged.indexOf(onehotDone)).toBeLessThan(events.staged.indexOf("features frequency"));
    expect(events.overlapped.indexOf(onehotDone)).toBeGreaterThan(events.overlapped.indexOf("features frequency"));
    expect(events.default.filter((e) => e.startsWith("features "))).toEqual(["features onehot", "features frequency (built ahead)"]);
    expect(events.staged.filter((e) => e.startsWith("features "))).toEqual(["features onehot", "features frequency"]);
    const order = events.overlapped.filter((e) => e.startsWith("done ")).map((e) => e.slice(5));
    expect(readResult(runs.overlapped, chain[1].id)!.fit!.warmStartFrom).toBe(chain[0].id);
    for (const spec of all) {
      const staged = readResult(runs.staged, spec.id)!;
      for (const other of [runs.overlapped, runs.default]) {
        const result = readResult(other, spec.id)!;
        expect(result.model).toEqual(staged.model);
        expect(result.validation).toEqual(staged.validation);
        expect(readScores(other, spec.id)).toEqual(readScores(runs.staged, spec.id));
        expect(result.fit).toEqual(staged.fit);
      }
    }
    expect(order.sort()).toEqual(all.map((s) => s.id).sort());
  }, 240_000);
});
