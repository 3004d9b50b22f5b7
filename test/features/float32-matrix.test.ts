import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadDataset, prepareData, type PreparedData } from "../../lib/data/dataset";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { ENCODINGS, fitPipeline, MatrixArena, transformRows } from "../../lib/features/pipeline";
import { averagePrecision } from "../../lib/metrics";
import { fitLogisticRegression, predictProba } from "../../lib/model/logistic-regression";
import { tempDir } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-f32-");
let data: PreparedData;
beforeAll(async () => {
  const file = path.join(dir, "frame.csv");
  await writeSyntheticFeatureFrame(file, { orders: 60, seed: 13 });
  data = prepareData((await loadDataset(file)).frame);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("float32 design matrices", () => {
  it.each(ENCODINGS)("%s: every value is the float64 matrix's value rounded to float32, with the same scaler", (encoding) => {
    const { train: rowsTrain, validation: rowsValidation } = data.split.rows;
    const f64 = fitPipeline(data.frame, rowsTrain, { encoding });
    const f32 = fitPipeline(data.frame, rowsTrain, { encoding }, { float32: true });
    expect(f32.train.data).toBeInstanceOf(Float32Array);
    expect(f32.state).toEqual(f64.state);
    const v64 = transformRows(f64.state, data.frame, rowsValidation);
    const v32 = transformRows(f64.state, data.frame, rowsValidation, { arena: new MatrixArena(true, true) });
    expect(v32.data).toBeInstanceOf(Float32Array);
    for (const [wide, narrow] of [[f64.train, f32.train], [v64, v32]]) {
      expect([narrow.rows, narrow.cols]).toEqual([wide.rows, wide.cols]);
      let differing = 0;
      for (let i = 0; i < wide.data.length; i++) if (narrow.data[i] !== Math.fround(wide.data[i])) differing++;
      expect(differing).toBe(0);
    }
  });

  it("fits on float32 matrices give validation APs within 1e-6 of float64's", () => {
    const { train: rowsTrain, validation: rowsValidation } = data.split.rows;
    const y = (rows: Uint32Array) => Float64Array.from(rows, (i) => data.frame.numbers.outcome[i]);
    for (const encoding of ["none", "onehot"] as const) {
      const f64 = fitPipeline(data.frame, rowsTrain, { encoding });
      const f32 = fitPipeline(data.frame, rowsTrain, { encoding }, { float32: true });
      const v64 = transformRows(f64.state, data.frame, rowsValidation);
      const v32 = transformRows(f64.state, data.frame, rowsValidation, { float32: true });
      for (const options of [{ penalty: "l2" as const, C: 1e-2 }, { penalty: "l1" as const, C: 1 }]) {
        const a = fitLogisticRegression(f64.train, y(rowsTrain), options);
        const b = fitLogisticRegression(f32.train, y(rowsTrain), options);
        const ap64 = averagePrecision(y(rowsValidation), predictProba(v64, a.coef, a.intercept));
        const ap32 = averagePrecision(y(rowsValidation), predictProba(v32, b.coef, b.intercept));
        expect(Math.abs(ap32 - ap64)).toBeLessThan(1e-6);
        expect(ap64).toBeGreaterThan(0.05);
      }
    }
  });
});
