import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadDataset, prepareData } from "../../lib/data/dataset";
import { sqlString, withDuckDB } from "../../lib/data/duckdb-session";
import { DataError } from "../../lib/data/errors";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { writeSyntheticFeatureFrameParquet } from "../../lib/data/parquet-writer";
import { fitPipeline } from "../../lib/features/pipeline";
import { fitLogisticRegression } from "../../lib/model/logistic-regression";
import type { ModelFile } from "../../lib/registry/model-file";
import { predictFile } from "../../lib/registry/predict-file";
import { defaultParquetPredictionsPath, predictParquet } from "../../lib/registry/predict-parquet";
import { tempDir } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-predict-parquet-");
const csv = path.join(dir, "frame.csv");
const parquet = path.join(dir, "frame.parquet");
let model: ModelFile;

beforeAll(async () => {
  await writeSyntheticFeatureFrame(csv, { orders: 30, seed: 9 });
  await writeSyntheticFeatureFrameParquet(parquet, { orders: 30, seed: 9 });
  const data = prepareData((await loadDataset(csv)).frame);
  const { state, train } = fitPipeline(data.frame, data.split.rows.train, { encoding: "onehot" });
  const y = Float64Array.from(data.split.rows.train, (i) => data.frame.numbers.outcome[i]);
  const fit = fitLogisticRegression(train, y, { penalty: "l2", C: 0.01 });
  model = { format: "pushlab-model-v1", version: "v_20260101_000000", experimentId: "x", pushlabVersion: "test", createdAt: "", featureNames: state.featureNames, pipeline: state, coef: Array.from(fit.coef), intercept: fit.intercept, threshold: 0.05, refit: false };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("predictParquet", () => {
  it("writes every input row and column plus the two predictions, equal to predict of the same data as CSV", async () => {
    expect(defaultParquetPredictionsPath(parquet)).toBe(path.join(dir, "frame_predictions.parquet"));
    const out = defaultParquetPredictionsPath(parquet);
    const result = await predictParquet(model, parquet, out);
    const fromCsv = await predictFile(model, csv, path.join(dir, "frame_predictions.csv"), undefined, { parallel: "never" });
    expect(result.rows).toBe(fromCsv.rows);
    expect(result.pushes).toBe(fromCsv.pushes);
    expect(result.pushes).toBeGreaterThan(0);
    const rows = await withDuckDB(async (db) => {
      const read = await db.runAndReadAll(
        `SELECT count(*)::DOUBLE AS n, max(abs(p.purchase_probability - c.purchase_probability))::DOUBLE AS dp, sum((p.predicted_purchase <> c.predicted_purchase)::INTEGER)::DOUBLE AS dd,` +
          ` sum((p.vendor <> c.vendor OR p.order_id <> c.order_id OR p.normalised_price <> c.normalised_price)::INTEGER)::DOUBLE AS dx` +
          ` FROM read_parquet(${sqlString(out)}) p POSITIONAL JOIN read_csv(${sqlString(path.join(dir, "frame_predictions.csv"))}) c`,
      );
      return read.getRowObjects()[0];
    });
    expect(rows).toEqual({ n: result.rows, dp: 0, dd: 0, dx: 0 });
  });

  it("refuses a bad input with file, row and column, and writes nothing", async () => {
    const bad = path.join(dir, "bad.parquet");
    await withDuckDB(async (db) => {
      await db.run(
        `COPY (SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 41 THEN NULL ELSE global_popularity END AS global_popularity) FROM read_parquet(${sqlString(parquet)}, file_row_number = true)) TO ${sqlString(bad)} (FORMAT parquet)`,
      );
    });
    const out = path.join(dir, "bad_predictions.parquet");
    await expect(predictParquet(model, bad, out)).rejects.toThrow(new DataError(bad, "null value; expected a number", { row: 42, column: { index: 16, name: "global_popularity" } }).message);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});
