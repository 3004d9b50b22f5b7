import { categoryColumn, numberColumn } from "../data/feature-frame";
import { getOrInsert, mondayOf } from "../data/grouping";
import type { PreparedData } from "../data/dataset";
import { ORDER_COLUMN, ORDER_DATE_COLUMN, TARGET_COLUMN, USER_COLUMN, VARIANT_COLUMN } from "../data/schema";
import { curvePoint, downsampleIndices } from "../experiments/running/evaluate";
import { featureLabel } from "../features/base-features";
import { formatDay } from "../format";
import { averagePrecisionFromCounts, binaryClfCurve, confusionMatrixAt, rocAucFromCounts, type BinaryClfCurve } from "../metrics";
import { baselineScores } from "../experiments/running/baselines";
import type { Interval } from "../experiments/comparison/bootstrap";
import type { BaselineSpec } from "../experiments/definitions/definition";
import type { VersionEntry } from "../registry/index-file";
import type { ModelFile } from "../registry/model-file";
import { scoreFrame } from "../registry/model-file";
import { purchaseCountHistogram } from "./random-sending";
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
  /** Distinct customers with a purchase among the pushed rows (a customer buying twice counts once). */
  customers: number;
}

/** The selected model at its operating threshold on the test days, with the comparisons at the same number of pushes. */
export interface OperatingFacts {
  threshold: number;
  pushes: number;
  purchases: number;
  precision: number;
  customersReached: number;
  /** Popularity list and random sending at the same number of pushes. */
  baselinePrecision: number;
  baselinePurchases: number;
  randomPrecision: number;
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
    /** Distinct customers with at least one purchase in the test days. */
    buyingCustomers: number;
    /** `[b]` = buying customers with exactly b purchased test rows: what random sending's expected reach needs. */
    buyersByPurchaseCount: number[];
    model: BudgetPoint[];
    /** Popularity, then the past-purchase baseline (ordered before, then popularity). */
    baselines: { score: BaselineSpec["score"]; label: string; curve: BudgetPoint[] }[];
    modelPushesAtThreshold: number;
  };
  operating: OperatingFacts;
  weekly: WeekPoint[];
  /** Validation days: the orders with ≥ 5 items (what the model was judged on) and all orders of those days. */
  validationPopulations: { filtered: PopulationFigures; all: PopulationFigures } | null;
  /** The selected experiment's validation ROC-AUC interval, for the drift advice (set by the report). */
  rocAucInterval: Interval | null;
  productTypes: string[];
  /** The product type the targeting preview opens with (and prints): the one the model pushes most. */
  defaultProductType: string | null;
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

/**
 * For each buying customer, the highest score among their purchased rows, sorted decreasing: the
 * customers reached at threshold t are those whose maximum is ≥ t.
 */
function buyerMaxima(y: Float64Array, scores: ArrayLike<number>, users: ArrayLike<number>): Float64Array {
  const best = new Map<number, number>();
  for (let k = 0; k < y.length; k++) {
    if (y[k] !== 1) continue;
    const prev = best.get(users[k]);
    if (prev === undefined || scores[k] > prev) best.set(users[k], scores[k]);
  }
  return Float64Array.from(best.values()).sort().reverse();
}

/** How many of the sorted-decreasing maxima are ≥ t (binary search). */
function countAtLeast(descending: Float64Array, t: number): number {
  let lo = 0;
  let hi = descending.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (descending[mid] >= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function budgetCurve(y: Float64Array, scores: ArrayLike<number>, users: ArrayLike<number>): { points: BudgetPoint[]; curve: BinaryClfCurve } {
  const curve = binaryClfCurve(y, scores);
  const maxima = buyerMaxima(y, scores, users);
  const points = downsampleIndices(curve, 240, []).map((i) => {
    const p = curvePoint(curve, i);
    return { pushes: p.pushes, precision: p.precision, recall: p.recall, customers: countAtLeast(maxima, curve.thresholds[i]) };
  });
  return { points, curve };
}

/** The last curve point with at most `pushes` pushes (the budget simulator's step reading), exactly on the full curve. */
function atBudget(curve: BinaryClfCurve, pushes: number): { pushes: number; purchases: number; precision: number } {
  let best = -1;
  for (let i = 0; i < curve.thresholds.length; i++) {
    if (curve.tps[i] + curve.fps[i] <= pushes) best = i;
    else break;
  }
  if (best < 0) return { pushes: 0, purchases: 0, precision: 0 };
  const n = curve.tps[best] + curve.fps[best];
  return { pushes: n, purchases: curve.tps[best], precision: curve.tps[best] / n };
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
  const pick = (rows: Uint32Array, column: ArrayLike<number>) => Float64Array.from(rows, (i) => column[i]);
  const yFiltered = pick(filteredRows, target);
  const yAll = pick(allRows, target);
  const hasBothClasses = (y: Float64Array) => y.some((v) => v === 1) && y.some((v) => v !== 1);
  if (!hasBothClasses(yFiltered) || !hasBothClasses(yAll)) return null;
  return {
    filtered: populationFigures(yFiltered, filteredScores, pick(filteredRows, orders), model.threshold),
    all: populationFigures(yAll, allScores, pick(allRows, orders), model.threshold),
  };
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
      const entry = getOrInsert(byWeek, week, () => ({ split, y: [] as number[], s: [] as number[] }));
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

  const users = numberColumn(data.frame, USER_COLUMN);
  const testUsers = Float64Array.from(test, (i) => users[i]);
  let modelPushesAtThreshold = 0;
  let purchasesAtThreshold = 0;
  for (let k = 0; k < scores.length; k++) {
    if (scores[k] >= model.threshold) {
      modelPushesAtThreshold++;
      purchasesAtThreshold += yTest[k];
    }
  }
  const modelBudget = budgetCurve(yTest, scores, testUsers);
  const baselineBudgets = BASELINES.map((b) => ({ ...b, budget: budgetCurve(yTest, baselineScores(data.frame, b.score, test), testUsers) }));
  const baselineBudget = baselineBudgets[0].budget; // popularity: the answer's and the operating facts' reference
  const baselineAtPushes = atBudget(baselineBudget.curve, modelPushesAtThreshold);
  const purchasesByCustomer = new Map<number, number>();
  for (let k = 0; k < yTest.length; k++) if (yTest[k] === 1) purchasesByCustomer.set(testUsers[k], (purchasesByCustomer.get(testUsers[k]) ?? 0) + 1);
  const operating: OperatingFacts = {
    threshold: model.threshold,
    pushes: modelPushesAtThreshold,
    purchases: purchasesAtThreshold,
    precision: modelPushesAtThreshold ? purchasesAtThreshold / modelPushesAtThreshold : 0,
    customersReached: countAtLeast(buyerMaxima(yTest, scores, testUsers), model.threshold),
    baselinePrecision: baselineAtPushes.precision,
    baselinePurchases: baselineAtPushes.purchases,
    randomPrecision: test.length ? testStats.positives / test.length : 0,
  };

  // The product type the model pushes most at its threshold (else the one bought most) opens the targeting preview.
  const productTypeColumn = categoryColumn(data.frame, "product_type");
  const pushedByType = new Float64Array(productTypeColumn.dictionary.length);
  const boughtByType = new Float64Array(productTypeColumn.dictionary.length);
  for (let k = 0; k < test.length; k++) {
    const code = productTypeColumn.codes[test[k]];
    if (scores[k] >= model.threshold) pushedByType[code]++;
    boughtByType[code] += yTest[k];
  }
  const argmax = (counts: Float64Array) => counts.reduce((best, v, i) => (v > counts[best] ? i : best), 0);
  const defaultCode = pushedByType.some((v) => v > 0) ? argmax(pushedByType) : boughtByType.some((v) => v > 0) ? argmax(boughtByType) : -1;
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
      buyingCustomers: purchasesByCustomer.size,
      buyersByPurchaseCount: purchaseCountHistogram(purchasesByCustomer.values()),
      model: modelBudget.points,
      baselines: baselineBudgets.map((b) => ({ score: b.score, label: b.label, curve: b.budget.points })),
      modelPushesAtThreshold,
    },
    operating,
    weekly,
    validationPopulations: validationPopulations(model, data, validationScores),
    rocAucInterval: null,
    productTypes: [...productTypeColumn.dictionary].sort(),
    defaultProductType: defaultCode >= 0 ? productTypeColumn.dictionary[defaultCode] : null,
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

export interface TargetingPreview {
  threshold: number;
  /** Test rows (customer × order × product) of the product. */
  candidates: number;
  pushed: number;
  /** Purchases among the pushed rows, and among all candidates. */
  buyersReached: number;
  buyers: number;
  /** Distinct customers: pushed, and pushed who bought. */
  customersPushed: number;
  buyingCustomersReached: number;
  /** The pushed rows, highest probability first (at most `limit`). */
  rows: TargetingRow[];
  /** The rows left out (below the threshold), highest probability first (at most `limit`). */
  leftOut: TargetingRow[];
  leftOutCount: number;
  leftOutBuyers: number;
}

/**
 * Who would get the push for a product in the test period: the test rows of that product type (or
 * variant) at or above the model's operating threshold, highest probability first, and those left out.
 */
export function targetingPreview(model: ModelFile, data: PreparedData, query: { productType?: string; variantId?: number }, limit = 25): TargetingPreview {
  const test = data.split.rows.test;
  const scores = testScores(model, data);
  const productTypes = categoryColumn(data.frame, "product_type");
  const code = query.productType === undefined ? -1 : productTypes.dictionary.indexOf(query.productType);
  const variants = numberColumn(data.frame, VARIANT_COLUMN);
  const target = numberColumn(data.frame, TARGET_COLUMN);
  const users = numberColumn(data.frame, USER_COLUMN);
  const days = numberColumn(data.frame, ORDER_DATE_COLUMN);
  const matches: number[] = [];
  for (let k = 0; k < test.length; k++) {
    const i = test[k];
    if (code >= 0 ? productTypes.codes[i] === code : query.variantId !== undefined && variants[i] === query.variantId) matches.push(k);
  }
  matches.sort((a, b) => scores[b] - scores[a]);
  const pushedRows: number[] = [];
  const leftOutRows: number[] = [];
  let buyersReached = 0;
  let buyers = 0;
  let leftOutBuyers = 0;
  const customersPushed = new Set<number>();
  const buyingCustomersReached = new Set<number>();
  for (const k of matches) {
    const i = test[k];
    const bought = target[i] === 1;
    const push = scores[k] >= model.threshold;
    if (bought) buyers++;
    if (push) {
      pushedRows.push(k);
      customersPushed.add(users[i]);
      if (bought) buyersReached++, buyingCustomersReached.add(users[i]);
    } else {
      leftOutRows.push(k);
      if (bought) leftOutBuyers++;
    }
  }
  const toRow = (k: number): TargetingRow => {
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
  };
  return {
    threshold: model.threshold,
    candidates: matches.length,
    pushed: pushedRows.length,
    buyersReached,
    buyers,
    customersPushed: customersPushed.size,
    buyingCustomersReached: buyingCustomersReached.size,
    rows: pushedRows.slice(0, limit).map(toRow),
    leftOut: leftOutRows.slice(0, limit).map(toRow),
    leftOutCount: leftOutRows.length,
    leftOutBuyers,
  };
}
