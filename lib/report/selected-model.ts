import { categoryColumn, numberColumn } from "../data/feature-frame";
import type { PreparedData } from "../data/dataset";
import { ORDER_COLUMN, ORDER_DATE_COLUMN, TARGET_COLUMN, USER_COLUMN, VARIANT_COLUMN } from "../data/schema";
import { curvePoint, downsampleIndices } from "../experiments/evaluate";
import { featureLabel } from "../features/base-features";
import { formatDay } from "../format";
import { averagePrecisionFromCounts, binaryClfCurve, confusionMatrixAt, rocAucFromCounts } from "../metrics";
import { baselineScores } from "../experiments/baselines";
import type { Interval } from "../experiments/bootstrap";
import type { BaselineSpec } from "../experiments/definition";
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
  /** Share of rows that were bought: AP moves with it even when the ranking does not. */
  baseRate: number;
  averagePrecision: number;
  /** AP ÷ base rate: how many times better than random pushing the week's AP is. */
  apLift: number;
  rocAuc: number;
  gini: number;
}

/** The model's figures on one population of validation-day rows, at its operating threshold. */
export interface PopulationFigures {
  orders: number;
  rows: number;
  positives: number;
  baseRate: number;
  averagePrecision: number;
  rocAuc: number;
  precision: number;
  recall: number;
  pushes: number;
}

export interface SelectedModelReport {
  version: VersionEntry;
  metadata: VersionMetadata;
  drivers: { feature: string; label: string; coef: number }[];
  budget: {
    testDays: number;
    candidateRows: number;
    positives: number;
    model: BudgetPoint[];
    /** Popularity, then the past-purchase baseline (ordered before, then popularity). */
    baselines: { score: BaselineSpec["score"]; label: string; curve: BudgetPoint[] }[];
    modelPushesAtThreshold: number;
  };
  weekly: WeekPoint[];
  /** Validation days: the orders with ≥ 5 items (what the model was judged on) and all orders of those days. */
  validationPopulations: { filtered: PopulationFigures; all: PopulationFigures } | null;
  /** The selected experiment's validation ROC-AUC interval, for the drift advice (set by the report). */
  rocAucInterval: Interval | null;
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

const BASELINES: { score: BaselineSpec["score"]; label: string }[] = [
  { score: "global_popularity", label: "popularity" },
  { score: "ordered_before_then_popularity", label: "ordered before, then popularity" },
];

function populationFigures(y: ArrayLike<number>, scores: ArrayLike<number>, orderIds: ArrayLike<number>, threshold: number): PopulationFigures {
  const curve = binaryClfCurve(y, scores);
  const cm = confusionMatrixAt(y, scores, threshold);
  const pushes = cm.tp + cm.fp;
  return {
    orders: new Set(Array.from(orderIds)).size,
    rows: y.length,
    positives: curve.positives,
    baseRate: curve.positives / y.length,
    averagePrecision: averagePrecisionFromCounts(curve),
    rocAuc: rocAucFromCounts(curve),
    precision: pushes > 0 ? cm.tp / pushes : 0,
    recall: cm.tp + cm.fn > 0 ? cm.tp / (cm.tp + cm.fn) : 0,
    pushes,
  };
}

/**
 * The model on the validation days twice: on the orders the ≥ 5-items filter keeps (how it was judged)
 * and on every order of those days. The filter counts the items an order turned out to contain, which
 * is only known after the order, so at push time every order's rows are candidates.
 */
function validationPopulations(model: ModelFile, data: PreparedData, filteredScores: Float64Array): SelectedModelReport["validationPopulations"] {
  const stats = data.split.stats.find((s) => s.name === "validation");
  if (!stats || !Number.isFinite(stats.firstDay) || data.split.rows.validation.length === 0) return null;
  const days = numberColumn(data.frame, ORDER_DATE_COLUMN);
  const target = numberColumn(data.frame, TARGET_COLUMN);
  const orders = numberColumn(data.frame, ORDER_COLUMN);
  const all: number[] = [];
  for (let i = 0; i < data.frame.rowCount; i++) if (days[i] >= stats.firstDay && days[i] <= stats.lastDay) all.push(i);
  const allRows = Uint32Array.from(all);
  const filteredRows = data.split.rows.validation;
  const allScores = scoreFrame(model, data.frame, allRows);
  const pick = (rows: Uint32Array, column: Float64Array) => Float64Array.from(rows, (i) => column[i]);
  const yFiltered = pick(filteredRows, target);
  const yAll = pick(allRows, target);
  const hasBothClasses = (y: Float64Array) => y.some((v) => v === 1) && y.some((v) => v !== 1);
  if (!hasBothClasses(yFiltered) || !hasBothClasses(yAll)) return null;
  return {
    filtered: populationFigures(yFiltered, filteredScores, pick(filteredRows, orders), model.threshold),
    all: populationFigures(yAll, allScores, pick(allRows, orders), model.threshold),
  };
}

function mondayOf(epochDay: number): number {
  return epochDay - ((epochDay + 3) % 7); // 1970-01-05 (epoch day 4) was a Monday
}

export function buildSelectedModelReport(version: VersionEntry, metadata: VersionMetadata, model: ModelFile, data: PreparedData): SelectedModelReport {
  const target = numberColumn(data.frame, TARGET_COLUMN);
  const days = numberColumn(data.frame, ORDER_DATE_COLUMN);
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
    const averagePrecision = averagePrecisionFromCounts(curve);
    const rocAuc = rocAucFromCounts(curve);
    const baseRate = positives / entry.y.length;
    weekly.push({
      week: formatDay(Number(key.split(":")[1])),
      split: entry.split,
      rows: entry.y.length,
      positives,
      baseRate,
      averagePrecision,
      apLift: averagePrecision / baseRate,
      rocAuc,
      gini: 2 * rocAuc - 1,
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
      baselines: BASELINES.map((b) => ({ ...b, curve: budgetCurve(yTest, baselineScores(data.frame, b.score, test)) })),
      modelPushesAtThreshold,
    },
    weekly,
    validationPopulations: validationPopulations(model, data, validationScores),
    rocAucInterval: null,
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
