import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadDataset, prepareData, type PreparedData } from "../../../lib/data/dataset";
import { numberColumn } from "../../../lib/data/feature-frame";
import { writeSyntheticFeatureFrame } from "../../../lib/data/generate";
import { TARGET_COLUMN } from "../../../lib/data/schema";
import { computeRegularizationPath } from "../../../lib/experiments/paths/path-runner";
import { logSpaced } from "../../../lib/experiments/paths/regularization-path";
import { fitPipeline, transformRows } from "../../../lib/features/pipeline";
import { averagePrecision } from "../../../lib/metrics";
import { fitLogisticRegression, predictProba } from "../../../lib/model/logistic-regression";
import { tempDir } from "../../helpers/feature-frame-csv";

const dir = tempDir("pushlab-path-");
let data: PreparedData;

beforeAll(async () => {
  const file = path.join(dir, "frame.csv");
  await writeSyntheticFeatureFrame(file, { orders: 60, seed: 5 });
  data = prepareData((await loadDataset(file)).frame);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("computeRegularizationPath", () => {
  it("fits every C with warm starts to the same solution as a cold fit, and evaluates it on validation", async () => {
    const tol = 1e-7;
    const result = await computeRegularizationPath(data, { encoding: "none", penalty: "l2", points: 6, Cmin: 1e-6, Cmax: 10, replicates: 20, tol, inProcess: true });
    expect(result.points.map((p) => p.C)).toEqual(logSpaced(1e-6, 10, 6));
    expect(result.tol).toBe(tol);
    const target = numberColumn(data.frame, TARGET_COLUMN);
    const { state, train } = fitPipeline(data.frame, data.split.rows.train, { encoding: "none" });
    const validation = transformRows(state, data.frame, data.split.rows.validation);
    const yTrain = Float64Array.from(data.split.rows.train, (i) => target[i]);
    const yValidation = Float64Array.from(data.split.rows.validation, (i) => target[i]);
    expect(result.featureNames).toEqual(state.featureNames);
    for (const point of result.points) {
      expect(point.converged).toBe(true);
      const cold = fitLogisticRegression(train, yTrain, { penalty: "l2", C: point.C, tol });
      point.coef.forEach((c, j) => expect(Math.abs(c - cold.coef[j])).toBeLessThan(1e-4 * Math.max(1, Math.abs(cold.coef[j]))));
      const ap = averagePrecision(yValidation, predictProba(validation, point.coef, point.intercept));
      expect(point.averagePrecision).toBeCloseTo(ap, 12);
      expect(point.intervals.averagePrecision.low).toBeLessThanOrEqual(point.averagePrecision);
      expect(point.intervals.averagePrecision.high).toBeGreaterThanOrEqual(point.averagePrecision);
    }
    // Stronger regularization shrinks the coefficients.
    const norm = (c: number[]) => Math.hypot(...c);
    expect(norm(result.points[0].coef)).toBeLessThan(norm(result.points.at(-1)!.coef));
  });

  it("evaluates on a worker thread with the same results as in-process", async () => {
    const options = { encoding: "frequency", penalty: "l1", points: 4, Cmin: 1e-3, Cmax: 1, replicates: 10 } as const;
    const inProcess = await computeRegularizationPath(data, { ...options, inProcess: true });
    const inWorker = await computeRegularizationPath(data, options);
    expect(inWorker.points).toEqual(inProcess.points);
    expect(inProcess.points[0].nonZero).toBeLessThan(inProcess.points.at(-1)!.nonZero);
  });

  it("rejects a penalty without a path", async () => {
    await expect(computeRegularizationPath(data, { encoding: "none", penalty: "none", inProcess: true })).rejects.toThrow(/penalty must be one of/);
  });
});
