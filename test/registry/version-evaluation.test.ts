import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { loadDataset, prepareData, type PreparedData } from "../../lib/data/dataset";
import { writeSyntheticFeatureFrame } from "../../lib/data/generate";
import { fitPipeline, type PipelineState } from "../../lib/features/pipeline";
import { binaryClfCurve } from "../../lib/metrics";
import { EVALUATION_FILE, compactCurve, curveAt, evaluateVersion, readVersionEvaluation } from "../../lib/registry/version-evaluation";
import { tempDir } from "../helpers/feature-frame-csv";

const dir = tempDir("pushlab-version-evaluation-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("compactCurve", () => {
  it("keeps every point where the pushed rows grow by the factor, and the last point", () => {
    // Thresholds 0.9 … 0.1; pushed = tp + fp = 1, 2, …, 9.
    const curve = { thresholds: Float64Array.from([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]), tps: Float64Array.from([1, 1, 2, 2, 3, 3, 3, 4, 4]), fps: Float64Array.from([0, 1, 1, 2, 2, 3, 4, 4, 5]) };
    // growth 1.5: keep pushed 1 (next 2), 2 (next 3), 3 (next 5), 5 (next 8), 8 (next 12), and the last (9).
    expect(compactCurve(curve as never, 1.5)).toEqual({ threshold: [0.9, 0.8, 0.7, 0.5, 0.2, 0.1], tp: [1, 1, 2, 3, 4, 4], fp: [0, 1, 1, 2, 4, 5] });
    // growth 1.02 on small counts keeps every point (each step adds at least one row).
    expect(compactCurve(curve as never).threshold).toHaveLength(9);
  });

  it("keeps a one-point curve and an empty one", () => {
    expect(compactCurve({ thresholds: Float64Array.of(0.5), tps: Float64Array.of(3), fps: Float64Array.of(7) } as never)).toEqual({ threshold: [0.5], tp: [3], fp: [7] });
    expect(compactCurve({ thresholds: new Float64Array(0), tps: new Float64Array(0), fps: new Float64Array(0) } as never)).toEqual({ threshold: [], tp: [], fp: [] });
  });
});

describe("curveAt", () => {
  const curve = { threshold: [0.9, 0.6, 0.3], tp: [1, 3, 4], fp: [0, 2, 6] };
  it("gives the counts of the rows scoring at least the cut-off: the point with the lowest threshold ≥ it", () => {
    expect(curveAt(curve, 0.6)).toEqual({ threshold: 0.6, tp: 3, fp: 2 });
    expect(curveAt(curve, 0.5)).toEqual({ threshold: 0.6, tp: 3, fp: 2 });
    expect(curveAt(curve, 0)).toEqual({ threshold: 0.3, tp: 4, fp: 6 });
    expect(curveAt(curve, 0.9)).toEqual({ threshold: 0.9, tp: 1, fp: 0 });
  });
  it("is null when no row scored that much", () => {
    expect(curveAt(curve, 0.95)).toBeNull();
    expect(curveAt({ threshold: [], tp: [], fp: [] }, 0)).toBeNull();
  });
});

describe("readVersionEvaluation", () => {
  it("is null for a version without one and refuses a file of another format", () => {
    const version = path.join(dir, "v_1");
    fs.mkdirSync(version);
    expect(readVersionEvaluation(version)).toBeNull();
    fs.writeFileSync(path.join(version, EVALUATION_FILE), JSON.stringify({ format: "something-else" }));
    expect(() => readVersionEvaluation(version)).toThrow(/not a version evaluation/);
    fs.writeFileSync(path.join(version, EVALUATION_FILE), JSON.stringify({ format: "pushlab-version-evaluation-v1", threshold: 0.5 }));
    expect(readVersionEvaluation(version)).toMatchObject({ threshold: 0.5 });
  });
});

describe("evaluateVersion", () => {
  let data: PreparedData;
  let pipeline: PipelineState;
  beforeAll(async () => {
    const file = path.join(dir, "frame.csv");
    await writeSyntheticFeatureFrame(file, { orders: 60, seed: 5 });
    data = prepareData((await loadDataset(file)).frame);
    // One standardized feature: ordered_before (0/1), so a positive coefficient pushes exactly the rows that ordered before.
    pipeline = fitPipeline(data.frame, data.split.rows.train, { encoding: "none", features: ["ordered_before"] }).state;
  });

  const monday = (day: number) => day - ((day + 3) % 7); // day 0 (1970-01-01) was a Thursday
  /** Rows, purchases, and rows that ordered before (with and without a purchase) of a split, by Monday. */
  function weeks(rows: Uint32Array) {
    const out = new Map<number, { rows: number; positives: number; orderedBefore: number; orderedBeforeBought: number }>();
    for (const i of rows) {
      const w = monday(data.frame.numbers.order_date[i]);
      const e = out.get(w) ?? { rows: 0, positives: 0, orderedBefore: 0, orderedBeforeBought: 0 };
      const y = data.frame.numbers.outcome[i];
      const before = data.frame.numbers.ordered_before[i];
      e.rows++;
      e.positives += y;
      e.orderedBefore += before;
      e.orderedBeforeBought += before * y;
      out.set(w, e);
    }
    return [...out.entries()].sort((a, b) => a[0] - b[0]);
  }

  it("counts each week of validation and test: rows, purchases, and the pushes of a model that pushes who ordered before", () => {
    const evaluation = evaluateVersion({ pipeline, coef: [1], intercept: 0, threshold: 0.5 }, data, 20);
    const expected = [
      ...weeks(data.split.rows.validation).map(([week, e]) => ({ week, split: "validation", ...e })),
      ...weeks(data.split.rows.test).map(([week, e]) => ({ week, split: "test", ...e })),
    ];
    expect(evaluation.byWeek.map((w) => [w.week, w.split, w.rows, w.positives, w.pushes, w.truePositives])).toEqual(
      expected.map((e) => [e.week, e.split, e.rows, e.positives, e.orderedBefore, e.orderedBeforeBought]),
    );
    expect(evaluation.threshold).toBe(0.5);
    expect(evaluation.testIntervals?.replicates).toBe(20);
    const ap = evaluation.testIntervals!.averagePrecision;
    expect(ap.low).toBeLessThanOrEqual(ap.high);
  });

  it("gives a constant model the base rate as AP and 0.5 as ROC-AUC, pushing everybody or nobody", () => {
    const all = evaluateVersion({ pipeline, coef: [0], intercept: 0, threshold: 0.5 }, data, 10);
    const none = evaluateVersion({ pipeline, coef: [0], intercept: 0, threshold: 0.51 }, data, 10);
    for (const w of all.byWeek) {
      expect(w.pushes).toBe(w.rows);
      expect(w.truePositives).toBe(w.positives);
      if (w.positives > 0 && w.positives < w.rows) {
        expect(w.averagePrecision).toBeCloseTo(w.positives / w.rows, 12);
        expect(w.rocAuc).toBeCloseTo(0.5, 12);
      } else {
        expect(w.averagePrecision).toBeNull();
        expect(w.rocAuc).toBeNull();
      }
    }
    expect(none.byWeek.every((w) => w.pushes === 0 && w.truePositives === 0)).toBe(true);
    // Every validation row ties at the one score: the curve is one point with all rows.
    const positives = Array.from(data.split.rows.validation).reduce((a, i) => a + data.frame.numbers.outcome[i], 0);
    expect(all.validationCurve).toEqual({ threshold: [0.5], tp: [positives], fp: [data.split.rows.validation.length - positives] });
  });

  it("lists the test's product types by purchases, most first, and each one's validation curve in name order", () => {
    const evaluation = evaluateVersion({ pipeline, coef: [1], intercept: 0, threshold: 0.5 }, data, 10);
    const types = data.frame.categories.product_type;
    const counts = new Map<string, { rows: number; positives: number }>();
    for (const i of data.split.rows.test) {
      const name = types.dictionary[types.codes[i]];
      const e = counts.get(name) ?? { rows: 0, positives: 0 };
      e.rows++;
      e.positives += data.frame.numbers.outcome[i];
      counts.set(name, e);
    }
    const expected = [...counts.entries()].sort((a, b) => b[1].positives - a[1].positives || (a[0] < b[0] ? -1 : 1));
    expect(evaluation.byProductType.map((p) => [p.productType, p.rows, p.positives])).toEqual(expected.map(([name, e]) => [name, e.rows, e.positives]));
    const names = evaluation.validationCurveByProductType.map((c) => c.productType);
    expect(names).toEqual([...names].sort());
    const validationTypes = new Set(Array.from(data.split.rows.validation, (i) => types.dictionary[types.codes[i]]));
    expect(new Set(names)).toEqual(validationTypes);
  });

  it("keeps the splits without the derived rate, and the full validation curve compacted", () => {
    const evaluation = evaluateVersion({ pipeline, coef: [1], intercept: 0, threshold: 0.5 }, data, 10);
    expect(evaluation.splits).toEqual(data.split.stats.map(({ positiveRate: _, ...rest }) => rest));
    const y = Float64Array.from(data.split.rows.validation, (i) => data.frame.numbers.outcome[i]);
    const s = Float64Array.from(data.split.rows.validation, (i) => data.frame.numbers.ordered_before[i]);
    // The model's scores order the rows as ordered_before does: two thresholds, the same counts.
    const byFeature = compactCurve(binaryClfCurve(y, s));
    expect(evaluation.validationCurve.tp).toEqual(byFeature.tp);
    expect(evaluation.validationCurve.fp).toEqual(byFeature.fp);
  });
});
