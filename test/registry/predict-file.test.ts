import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadDataset, prepareData } from "../../lib/data/dataset";
import { generateFeatureFrameCsv } from "../../lib/data/generate";
import { DataError } from "../../lib/data/errors";
import { fitPipeline } from "../../lib/features/pipeline";
import { fitLogisticRegression } from "../../lib/model/logistic-regression";
import type { ModelFile } from "../../lib/registry/model-file";
import { scoreFrame } from "../../lib/registry/model-file";
import { defaultPredictionsPath, predictFile } from "../../lib/registry/predict-file";
import { tempDir, writeTemp } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-predict-");
let model: ModelFile;
let input: string;
let csv: string;

beforeAll(async () => {
  csv = generateFeatureFrameCsv({ orders: 40, seed: 4 });
  input = writeTemp(dir, "frame.csv", csv);
  const data = prepareData((await loadDataset(input)).frame);
  const { state, train } = fitPipeline(data.frame, data.split.rows.train, { encoding: "onehot" });
  const y = Float64Array.from(data.split.rows.train, (i) => data.frame.numbers.outcome[i]);
  const fit = fitLogisticRegression(train, y, { penalty: "l2", C: 0.01 });
  model = { format: "pushlab-model-v1", version: "v_20260101_000000", experimentId: "x", pushlabVersion: "test", createdAt: "", featureNames: state.featureNames, pipeline: state, coef: Array.from(fit.coef), intercept: fit.intercept, threshold: 0.05, refit: false };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("predictFile", () => {
  it("writes every input record unchanged plus purchase_probability and predicted_purchase", async () => {
    const out = defaultPredictionsPath(input);
    expect(out).toBe(path.join(dir, "frame_predictions.csv"));
    const result = await predictFile(model, input, out);
    const inLines = csv.trimEnd().split("\n");
    const outLines = fs.readFileSync(out, "utf8").trimEnd().split("\n");
    expect(outLines).toHaveLength(inLines.length);
    expect(outLines[0]).toBe(`${inLines[0]},purchase_probability,predicted_purchase`);
    const expected = scoreFrame(model, (await loadDataset(input)).frame);
    let pushes = 0;
    for (let k = 1; k < outLines.length; k += 97) {
      const fields = outLines[k].split(",");
      expect(outLines[k].startsWith(inLines[k])).toBe(true);
      const p = Number(fields.at(-2));
      expect(p).toBe(expected[k - 1]);
      expect(fields.at(-1)).toBe(p >= 0.05 ? "1" : "0");
    }
    for (const p of expected) pushes += p >= 0.05 ? 1 : 0;
    expect(result.rows).toBe(inLines.length - 1);
    expect(result.pushes).toBe(pushes);
  });

  it("scores a file without the outcome column", async () => {
    const lines = csv.trimEnd().split("\n").map((line) => line.split(",").filter((_, c) => c !== 7).join(","));
    const noOutcome = writeTemp(dir, "no-outcome.csv", `${lines.join("\n")}\n`);
    const result = await predictFile(model, noOutcome, path.join(dir, "no-outcome-out.csv"));
    expect(result.rows).toBe(lines.length - 1);
  });

  it("rejects a bad row with line and column and writes no output file", async () => {
    const lines = csv.split("\n");
    lines[500] = lines[500].replace(/^(\d+),([a-z]+),\d+,/, "$1,$2,not-an-id,");
    const bad = writeTemp(dir, "bad.csv", lines.join("\n"));
    const out = path.join(dir, "bad-out.csv");
    await expect(predictFile(model, bad, out)).rejects.toThrow(DataError);
    await expect(predictFile(model, bad, out)).rejects.toThrow(/bad\.csv:501:3: not a finite number \(column 'order_id'/);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("leaves an existing output untouched when the input is bad", async () => {
    const out = path.join(dir, "keep.csv");
    fs.writeFileSync(out, "previous\n");
    const bad = writeTemp(dir, "bad2.csv", "variant_id\n1\n");
    await expect(predictFile(model, bad, out)).rejects.toThrow(/missing required column/);
    expect(fs.readFileSync(out, "utf8")).toBe("previous\n");
  });
});
