import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { loadDataset, prepareData } from "../../lib/data/dataset";
import { generateFeatureFrameCsv } from "../../lib/data/generate";
import { fitPipeline, type Encoding } from "../../lib/features/pipeline";
import { fitLogisticRegression } from "../../lib/model/logistic-regression";
import { scoreFrame, type ModelFile } from "../../lib/registry/model-file";
import { modelSignature } from "../../lib/registry/model-signature";
import { frameFromRows, unseenCategories, type RowsFrame } from "../../lib/registry/rows-frame";
import { baseRow, tempDir, writeTemp } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-rows-");
const models: Partial<Record<Encoding, ModelFile>> = {};
let trainedProductType: string;
let trainedVendor: string;

beforeAll(async () => {
  const input = writeTemp(dir, "frame.csv", generateFeatureFrameCsv({ orders: 40, seed: 5 }));
  const data = prepareData((await loadDataset(input)).frame);
  const y = Float64Array.from(data.split.rows.train, (i) => data.frame.numbers.outcome[i]);
  for (const [encoding, features] of [["none", ["normalised_price", "created_hour", "ordered_before"]], ["frequency", undefined], ["target", undefined], ["onehot", undefined], ["rare-grouping", undefined]] as const) {
    const { state, train } = fitPipeline(data.frame, data.split.rows.train, { encoding, features });
    const fit = fitLogisticRegression(train, y, { penalty: "l2", C: 0.1 });
    models[encoding] = { format: "pushlab-model-v1", version: "v_20260101_000000", experimentId: encoding, pushlabVersion: "test", createdAt: "", featureNames: state.featureNames, pipeline: state, coef: Array.from(fit.coef), intercept: fit.intercept, threshold: 0.05, refit: false, signature: modelSignature(state) };
  }
  const onehot = models.onehot!.pipeline.encoders;
  trainedProductType = onehot[0].kind === "onehot" ? onehot[0].categories[0] : "";
  trainedVendor = onehot[1].kind === "onehot" ? onehot[1].categories[0] : "";
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function built(model: ModelFile, rows: unknown[]): RowsFrame {
  const result = frameFromRows(rows, model.signature!.inputs);
  if ("errors" in result) throw new Error(JSON.stringify(result.errors));
  return result;
}

/** The row as JSON numbers (what a typed client sends) and as CSV strings. */
function jsonRow(overrides: Record<string, string> = {}): Record<string, unknown> {
  const row = baseRow({ product_type: trainedProductType, vendor: trainedVendor, ...overrides });
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, /^-?[\d.]+(e-?\d+)?$/.test(v) ? Number(v) : v]));
}

describe("frameFromRows", () => {
  it("scores numeric strings exactly as the same numbers", () => {
    const model = models.frequency!;
    const strings = [baseRow({ product_type: trainedProductType }), baseRow({ normalised_price: "1e-05", ordered_before: "1" })];
    const numbers = strings.map((row) => jsonRow(row));
    const a = scoreFrame(model, built(model, strings).frame);
    const b = scoreFrame(model, built(model, numbers).frame);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a[0]).not.toBe(a[1]);
  });

  it("needs only the columns the model reads; ids are optional and returned when given", () => {
    const model = models.none!;
    expect(model.signature!.inputs.map((i) => i.name)).toEqual(["created_at", "ordered_before", "normalised_price"]);
    const minimal = { created_at: "2020-10-05 16:46:19", ordered_before: "0.0", normalised_price: "0.08" };
    const result = built(model, [minimal, { ...minimal, order_id: "2807985930372", user_id: 3482464092292, variant_id: "33826472919172" }]);
    expect(result.ids).toEqual([{}, { order_id: 2807985930372, user_id: 3482464092292, variant_id: 33826472919172 }]);
    const full = built(model, [jsonRow()]);
    expect(scoreFrame(model, result.frame)[0]).toBe(scoreFrame(model, built(model, [{ ...jsonRow(), ...minimal }]).frame)[0]);
    expect(full.frame.rowCount).toBe(1);
  });

  it("reports every problem with its row and column", () => {
    const model = models.target!;
    const rows = [
      baseRow(),
      { ...baseRow({ normalised_price: "cheap", discount_pct: " 0.1", created_at: "yesterday" }), product_type: 7 },
      { ...baseRow(), vendor: undefined, user_order_seq: "Infinity", order_id: "12.5" },
      "not a row",
      { ...baseRow(), count_adults: "0x10", product_type: "=cmd()" },
    ];
    const result = frameFromRows(rows, model.signature!.inputs);
    expect("errors" in result).toBe(true);
    const errors = (result as { errors: { row: number; column: string | null; message: string }[] }).errors;
    const at = errors.map((e) => `${e.row}:${e.column}`);
    expect(at).toEqual(
      expect.arrayContaining(["1:normalised_price", "1:discount_pct", "1:created_at", "1:product_type", "2:vendor", "2:user_order_seq", "2:order_id", "3:null", "4:count_adults", "4:product_type"]),
    );
    expect(at.some((a) => a.startsWith("0:"))).toBe(false);
    expect(errors.find((e) => e.row === 2 && e.column === "vendor")!.message).toMatch(/required by the model/);
    expect(errors.find((e) => e.row === 1 && e.column === "normalised_price")!.message).toMatch(/number or a numeric string, got 'cheap'/);
  });

  it("does not read inherited properties as columns", () => {
    const model = models.none!;
    const row = JSON.parse('{"__proto__": {"normalised_price": 1}, "created_at": "2020-10-05 16:46:19", "ordered_before": 0}');
    const result = frameFromRows([row], model.signature!.inputs);
    expect(result).toEqual({ errors: [expect.objectContaining({ row: 0, column: "normalised_price" })] });
  });
});

describe("unseenCategories", () => {
  it("names, per row, the encoded columns whose value the model has no entry for", () => {
    for (const encoding of ["frequency", "target", "onehot", "rare-grouping"] as const) {
      const model = models[encoding]!;
      const rows = [jsonRow(), jsonRow({ product_type: "spaceships" }), jsonRow({ product_type: "spaceships", vendor: "acme-rockets" }), jsonRow({ vendor: "constructor" })];
      const frame = built(model, rows).frame;
      expect(unseenCategories(model.pipeline, frame), encoding).toEqual([[], ["product_type"], ["product_type", "vendor"], ["vendor"]]);
    }
    const none = models.none!;
    expect(unseenCategories(none.pipeline, built(none, [jsonRow({ product_type: "spaceships" })]).frame)).toEqual([[]]);
  });
});
