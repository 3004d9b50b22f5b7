import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadDataset, prepareData, type PreparedData } from "../../lib/data/dataset";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { makeLogisticSpec, type ExperimentSpec } from "../../lib/experiments/definitions/definition";
import { readResult, readScores, readTrainingScores } from "../../lib/experiments/results/results-store";
import { runExperiments } from "../../lib/experiments/running/runner";
import { loadModel, readVersionMetadata, selectModel } from "../../lib/registry/registry";
import { buildSelectedModelReport } from "../../lib/report/selected-model";
import { tempDir } from "../helpers/feature-frame-csv";

/*
 * The runner, the selection and the selected model's report on the compacted frame (prepareData's
 * `compact`) against the same file prepared without compaction: the same coefficients, scores,
 * metrics, intervals, registry figures and report (its population of every order on the validation
 * days reads rows the filter drops, which the compaction keeps).
 */
const dir = tempDir("pushlab-compacted-data-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const specs: ExperimentSpec[] = [
  { kind: "baseline", id: "baseline-ordered_before_then_popularity", score: "ordered_before_then_popularity" },
  makeLogisticSpec({ encoding: "none", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null }),
  makeLogisticSpec({ encoding: "onehot", penalty: "l1", C: 1, l1Ratio: null, classWeight: "balanced", features: null }),
  // Unweighted target encoding keeps its training scores (written as soon as its fit is done).
  makeLogisticSpec({ encoding: "target", penalty: "l2", C: 1e-2, l1Ratio: null, classWeight: "none", features: null }),
];
const selected = specs[1].id;

interface Outcome {
  data: PreparedData;
  resultsDir: string;
  report: ReturnType<typeof buildSelectedModelReport>;
  registry: unknown;
}
const outcomes: Record<"full" | "compact", Outcome> = {} as never;

beforeAll(async () => {
  const file = path.join(dir, "frame.csv");
  await writeSyntheticFeatureFrame(file, { orders: 60, seed: 31 });
  for (const variant of ["full", "compact"] as const) {
    const data = prepareData((await loadDataset(file)).frame, { compact: variant === "compact" });
    const resultsDir = path.join(dir, variant, "results");
    const registryDir = path.join(dir, variant, "registry");
    await runExperiments({ resultsDir, data, specs, workers: variant === "compact" ? 2 : 0 });
    const version = await selectModel(registryDir, resultsDir, data, { experimentId: selected, actor: "test" });
    const metadata = readVersionMetadata(registryDir, version.version);
    const report = buildSelectedModelReport(version, metadata, loadModel(registryDir, version.version), data);
    outcomes[variant] = { data, resultsDir, report, registry: { version, metadata } };
  }
}, 300_000);

/** The JSON of `value` without what differs between two selections (when, the version's name). */
function withoutWhen(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replace(/v_\d{8}_\d{6}(_\d+)?/g, "v_*").replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "*"));
}

/** A result without what differs between two runs of the same experiment (when, how long). */
function comparable(resultsDir: string, id: string) {
  const result = readResult(resultsDir, id)!;
  expect(result, id).not.toBeNull();
  return { ...result, createdAt: null, seconds: null };
}

describe("results on the compacted frame", () => {
  it("the compaction dropped rows (the test is not vacuous)", () => {
    expect(outcomes.compact.data.frame.rowCount).toBeLessThan(outcomes.full.data.frame.rowCount);
  });

  it("give the same results, validation scores and training scores, bit for bit", () => {
    for (const spec of specs) {
      expect(comparable(outcomes.compact.resultsDir, spec.id), spec.id).toEqual(comparable(outcomes.full.resultsDir, spec.id));
      expect(readScores(outcomes.compact.resultsDir, spec.id), spec.id).toEqual(readScores(outcomes.full.resultsDir, spec.id));
    }
    const trainScores = readTrainingScores(outcomes.compact.resultsDir, specs[3].id);
    expect(trainScores).not.toBeNull();
    expect(trainScores).toEqual(readTrainingScores(outcomes.full.resultsDir, specs[3].id));
  });

  it("give the same registry figures and the same selected-model report, with both validation populations", () => {
    expect(withoutWhen(outcomes.compact.registry)).toEqual(withoutWhen(outcomes.full.registry));
    expect(withoutWhen(outcomes.compact.report)).toEqual(withoutWhen(outcomes.full.report));
    const populations = outcomes.compact.report.validationPopulations;
    expect(populations).not.toBeNull();
    expect(populations!.all.rows).toBeGreaterThan(populations!.filtered.rows);
    expect(populations).toEqual(outcomes.full.report.validationPopulations);
  });
});
