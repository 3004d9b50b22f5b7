import fs from "node:fs";
import path from "node:path";
import type { PreparedData } from "../data/dataset";
import { categoryColumn, numberColumn } from "../data/feature-frame";
import { groupPositions, mondayOf } from "../data/grouping";
import { ORDER_COLUMN, ORDER_DATE_COLUMN, TARGET_COLUMN } from "../data/schema";
import type { SplitStats } from "../data/temporal-split";
import { bootstrapIntervals, type Interval } from "../experiments/comparison/bootstrap";
import { averagePrecisionFromCounts, binaryClfCurve, rocAucFromCounts, type BinaryClfCurve } from "../metrics";
import type { ModelFile } from "./model-file";
import { parseJsonFile } from "./errors";
import { scoreFrame } from "./model-file";

/**
 * The evaluation a version keeps beside its model (evaluation.json, written at select time): the
 * splits it was fitted and judged on, its validation curve (for campaign estimates), and its figures
 * by week and by product type (for the model card). Everything is counted on the prepared data the
 * version was selected on; nothing here is typed by hand.
 */

export const EVALUATION_FILE = "evaluation.json";

/** A split's figures as the version keeps them: the temporal split's, without the derived rate. */
export type SplitSummary = Omit<SplitStats, "positiveRate">;

/**
 * Cumulative counts of a validation curve at a subset of its thresholds (decreasing): every point
 * where the pushed rows grow by ≥ 2% (so small budgets keep their resolution), and the last point.
 * tp[k], fp[k] = validation rows with score ≥ threshold[k] that were / were not bought.
 */
export interface CompactCurve {
  threshold: number[];
  tp: number[];
  fp: number[];
}

export interface SliceFigures {
  rows: number;
  positives: number;
  /** null when the slice has one class only (AP / ROC-AUC undefined). */
  averagePrecision: number | null;
  rocAuc: number | null;
  pushes: number;
  truePositives: number;
}

export interface VersionEvaluation {
  format: "pushlab-version-evaluation-v1";
  threshold: number;
  splits: SplitSummary[];
  /** Order-bootstrap 95% intervals on the test split (whole orders resampled). */
  testIntervals: { averagePrecision: Interval; rocAuc: Interval; replicates: number } | null;
  validationCurve: CompactCurve;
  /** product type → its validation curve. */
  validationCurveByProductType: { productType: string; curve: CompactCurve }[];
  byWeek: ({ week: number; split: "validation" | "test" } & SliceFigures)[];
  byProductType: ({ productType: string } & SliceFigures)[];
}

const GROWTH = 1.02;
/** Coarser for the 62 product-type curves, which keep the file small (≈ 130 points each). */
const PRODUCT_CURVE_GROWTH = 1.05;

export function compactCurve(curve: BinaryClfCurve, growth = GROWTH): CompactCurve {
  const out: CompactCurve = { threshold: [], tp: [], fp: [] };
  let next = 1;
  const n = curve.thresholds.length;
  for (let i = 0; i < n; i++) {
    const pushed = curve.tps[i] + curve.fps[i];
    if (pushed >= next || i === n - 1) {
      out.threshold.push(curve.thresholds[i]);
      out.tp.push(curve.tps[i]);
      out.fp.push(curve.fps[i]);
      next = Math.max(pushed + 1, Math.ceil(pushed * growth));
    }
  }
  return out;
}

/**
 * The validation counts at a cut-off score: the stored point with the lowest threshold ≥ `score`
 * when there is one, i.e. the validation rows scoring at least that much. Null when no validation
 * row scored ≥ score.
 */
export function curveAt(curve: CompactCurve, score: number): { threshold: number; tp: number; fp: number } | null {
  let found = -1;
  for (let k = 0; k < curve.threshold.length && curve.threshold[k] >= score; k++) found = k;
  return found < 0 ? null : { threshold: curve.threshold[found], tp: curve.tp[found], fp: curve.fp[found] };
}

function figures(y: Float64Array, s: Float64Array, threshold: number): SliceFigures {
  let positives = 0;
  let pushes = 0;
  let truePositives = 0;
  for (let k = 0; k < y.length; k++) {
    positives += y[k];
    if (s[k] >= threshold) {
      pushes++;
      truePositives += y[k];
    }
  }
  const both = positives > 0 && positives < y.length;
  const curve = both ? binaryClfCurve(y, s) : null;
  return {
    rows: y.length,
    positives,
    averagePrecision: curve ? averagePrecisionFromCounts(curve) : null,
    rocAuc: curve ? rocAucFromCounts(curve) : null,
    pushes,
    truePositives,
  };
}

export function evaluateVersion(model: Pick<ModelFile, "pipeline" | "coef" | "intercept" | "threshold">, data: PreparedData, testReplicates = 200): VersionEvaluation {
  const target = numberColumn(data.frame, TARGET_COLUMN);
  const days = numberColumn(data.frame, ORDER_DATE_COLUMN);
  const orders = numberColumn(data.frame, ORDER_COLUMN);
  const productTypes = categoryColumn(data.frame, "product_type");
  const { validation, test } = data.split.rows;
  const score = (rows: Uint32Array) => scoreFrame(model, data.frame, rows);
  const yOf = (rows: Uint32Array) => Float64Array.from(rows, (i) => target[i]);
  const validationScores = score(validation);
  const testScores = score(test);
  const yValidation = yOf(validation);
  const yTest = yOf(test);

  const pick = (values: Float64Array, ks: number[]) => Float64Array.from(ks, (k) => values[k]);
  const productName = (i: number) => productTypes.dictionary[productTypes.codes[i]];

  const validationCurveByProductType = [...groupPositions(validation, productName).entries()]
    .map(([productType, ks]) => ({ productType: String(productType), curve: compactCurve(binaryClfCurve(pick(yValidation, ks), pick(validationScores, ks)), PRODUCT_CURVE_GROWTH) }))
    .sort((a, b) => (a.productType < b.productType ? -1 : 1));

  const byWeek: VersionEvaluation["byWeek"] = [];
  for (const [split, rows, y, s] of [["validation", validation, yValidation, validationScores], ["test", test, yTest, testScores]] as const) {
    for (const [week, ks] of [...groupPositions(rows, (i) => mondayOf(days[i])).entries()].sort((a, b) => Number(a[0]) - Number(b[0]))) {
      byWeek.push({ week: Number(week), split, ...figures(pick(y, ks), pick(s, ks), model.threshold) });
    }
  }
  const byProductType = [...groupPositions(test, productName).entries()]
    .map(([productType, ks]) => ({ productType: String(productType), ...figures(pick(yTest, ks), pick(testScores, ks), model.threshold) }))
    .sort((a, b) => b.positives - a.positives || (a.productType < b.productType ? -1 : 1));

  let testIntervals: VersionEvaluation["testIntervals"] = null;
  const testPositives = yTest.reduce((a, b) => a + b, 0);
  if (testPositives > 0 && testPositives < yTest.length) {
    const intervals = bootstrapIntervals(testScores, yTest, Float64Array.from(test, (i) => orders[i]), testReplicates);
    testIntervals = { averagePrecision: intervals.averagePrecision, rocAuc: intervals.rocAuc, replicates: testReplicates };
  }
  return {
    format: "pushlab-version-evaluation-v1",
    threshold: model.threshold,
    splits: data.split.stats.map((s) => ({ name: s.name, firstDay: s.firstDay, lastDay: s.lastDay, days: s.days, orders: s.orders, rows: s.rows, positives: s.positives })),
    testIntervals,
    validationCurve: validation.length > 0 ? compactCurve(binaryClfCurve(yValidation, validationScores)) : { threshold: [], tp: [], fp: [] },
    validationCurveByProductType,
    byWeek,
    byProductType,
  };
}

/** The evaluation kept with a version, or null for a version selected before it was kept. */
export function readVersionEvaluation(versionDir: string): VersionEvaluation | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(versionDir, EVALUATION_FILE), "utf8");
  } catch {
    return null;
  }
  const file = path.join(versionDir, EVALUATION_FILE);
  const value = parseJsonFile(text, file, "not a version evaluation") as VersionEvaluation | null;
  if (value?.format !== "pushlab-version-evaluation-v1") throw new Error(`${file}: not a version evaluation`);
  return value;
}
