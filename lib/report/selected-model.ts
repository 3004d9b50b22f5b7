import { categoryColumn, numberColumn } from "../data/feature-frame";
import type { PreparedData } from "../data/dataset";
import { ORDER_DATE_COLUMN, TARGET_COLUMN, USER_COLUMN, VARIANT_COLUMN } from "../data/schema";
import { curvePoint, downsampleIndices } from "../experiments/evaluate";
import { featureLabel } from "../features/base-features";
import { formatDay } from "../format";
import { averagePrecisionFromCounts, binaryClfCurve, rocAucFromCounts } from "../metrics";
import type { VersionEntry } from "../registry/index-file";
import type { ModelFile } from "../registry/model-file";
import { scoreFrame } from "../registry/model-file";
import type { VersionMetadata } from "../registry/registry";

/**
 * What the report says about the selected model, computed from the active registry version and the
 * data: test-period push budgets against the popularity baseline and random sending, weekly stability,
 * and the plain-words drivers. Scores are cached per (version, data) in the process.
 */

export interface BudgetPoint {
  pushes: number;
  precision: number;
  recall: number;
}

export interface WeekPoint {
  week: string;
  split: "validation" | "test";
  rows: number;
  positives: number;
  averagePrecision: number;
  gini: number;
}

export interface SelectedModelReport {
  version: VersionEntry;
  metadata: VersionMetadata;
  drivers: { feature: string; label: string; coef: number }[];
  budget: { testDays: number; candidateRows: number; positives: number; model: BudgetPoint[]; baseline: BudgetPoint[]; modelPushesAtThreshold: number };
  weekly: WeekPoint[];
  productTypes: string[];
}

interface Scored {
  key: string;
  testScores: Float64Array;
}

let scored: Scored | null = null;

/** Scores of the test rows under a model, cached for the last (version, data) pair. */
export function testScores(model: ModelFile, data: PreparedData): Float64Array {
  const key = `${model.version}\u0000${data.frame.source.fingerprint}`;
  if (scored?.key !== key) scored = { key, testScores: scoreFrame(model, data.frame, data.split.rows.test) };
  return scored.testScores;
}

function budgetCurve(y: Float64Array, scores: ArrayLike<number>): BudgetPoint[] {
  const curve = binaryClfCurve(y, scores);
  return downsampleIndices(curve, 240, []).map((i) => {
    const p = curvePoint(curve, i);
    return { pushes: p.pushes, precision: p.precision, recall: p.recall };
  });
}

function mondayOf(epochDay: number): number {
  return epochDay - ((epochDay + 3) % 7); // 1970-01-05 (epoch day 4) was a Monday
}

export function buildSelectedModelReport(version: VersionEntry, metadata: VersionMetadata, model: ModelFile, data: PreparedData): SelectedModelReport {
  const target = numberColumn(data.frame, TARGET_COLUMN);
  const days = numberColumn(data.frame, ORDER_DATE_COLUMN);
  const popularity = numberColumn(data.frame, "global_popularity");
  const test = data.split.rows.test;
  const yTest = Float64Array.from(test, (i) => target[i]);
  const scores = testScores(model, data);
  const testStats = data.split.stats.find((s) => s.name === "test")!;

  // Weekly AP and Gini over validation + test.
  const validation = data.split.rows.validation;
  const validationScores = scoreFrame(model, data.frame, validation);
  const byWeek = new Map<string, { split: "validation" | "test"; y: number[]; s: number[] }>();
  const add = (rows: Uint32Array, s: Float64Array, split: "validation" | "test") => {
    for (let k = 0; k < rows.length; k++) {
      const week = `${split}:${mondayOf(days[rows[k]])}`;
      let entry = byWeek.get(week);
      if (!entry) byWeek.set(week, (entry = { split, y: [], s: [] }));
      entry.y.push(target[rows[k]]);
      entry.s.push(s[k]);
    }
  };
  add(validation, validationScores, "validation");
  add(test, scores, "test");
  const weekly: WeekPoint[] = [];
  for (const [key, entry] of [...byWeek.entries()].sort((a, b) => Number(a[0].split(":")[1]) - Number(b[0].split(":")[1]))) {
    const positives = entry.y.reduce((a, b) => a + b, 0);
    if (positives === 0 || positives === entry.y.length) continue; // AP/Gini undefined with one class
    const curve = binaryClfCurve(entry.y, entry.s);
    weekly.push({
      week: formatDay(Number(key.split(":")[1])),
      split: entry.split,
      rows: entry.y.length,
      positives,
      averagePrecision: averagePrecisionFromCounts(curve),
      gini: 2 * rocAucFromCounts(curve) - 1,
    });
  }

  let modelPushesAtThreshold = 0;
  for (const s of scores) if (s >= model.threshold) modelPushesAtThreshold++;
  const drivers = model.featureNames
    .map((feature, j) => ({ feature, label: featureLabel(feature), coef: model.coef[j] }))
    .filter((d) => d.coef !== 0)
    .sort((a, b) => Math.abs(b.coef) - Math.abs(a.coef))
    .slice(0, 6);
  return {
    version,
    metadata,
    drivers,
    budget: {
      testDays: testStats.days,
      candidateRows: test.length,
      positives: testStats.positives,
      model: budgetCurve(yTest, scores),
      baseline: budgetCurve(yTest, Float64Array.from(test, (i) => popularity[i])),
      modelPushesAtThreshold,
    },
    weekly,
    productTypes: [...categoryColumn(data.frame, "product_type").dictionary].sort(),
  };
}

export interface TargetingRow {
  userId: number;
  orderDate: string;
  variantId: number;
  productType: string;
  probability: number;
  pushed: boolean;
  bought: boolean;
}

/**
 * The customers the model would notify for a product in the test period: the test rows of that
 * product type (or variant), highest probability first.
 */
export function targetingPreview(model: ModelFile, data: PreparedData, query: { productType?: string; variantId?: number }, limit = 25): { rows: TargetingRow[]; candidates: number; pushed: number; buyersReached: number; buyers: number } {
  const test = data.split.rows.test;
  const scores = testScores(model, data);
  const productTypes = categoryColumn(data.frame, "product_type");
  const code = query.productType === undefined ? -1 : productTypes.dictionary.indexOf(query.productType);
  const variants = numberColumn(data.frame, VARIANT_COLUMN);
  const target = numberColumn(data.frame, TARGET_COLUMN);
  const matches: number[] = [];
  for (let k = 0; k < test.length; k++) {
    const i = test[k];
    if (code >= 0 ? productTypes.codes[i] === code : variants[i] === query.variantId) matches.push(k);
  }
  matches.sort((a, b) => scores[b] - scores[a]);
  let pushed = 0;
  let buyersReached = 0;
  let buyers = 0;
  for (const k of matches) {
    const bought = target[test[k]] === 1;
    const push = scores[k] >= model.threshold;
    if (push) pushed++;
    if (bought) buyers++;
    if (bought && push) buyersReached++;
  }
  const users = numberColumn(data.frame, USER_COLUMN);
  const days = numberColumn(data.frame, ORDER_DATE_COLUMN);
  const rows = matches.slice(0, limit).map((k) => {
    const i = test[k];
    return {
      userId: users[i],
      orderDate: formatDay(days[i]),
      variantId: variants[i],
      productType: productTypes.dictionary[productTypes.codes[i]],
      probability: scores[k],
      pushed: scores[k] >= model.threshold,
      bought: target[i] === 1,
    };
  });
  return { rows, candidates: matches.length, pushed, buyersReached, buyers };
}
