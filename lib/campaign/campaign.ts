import type { CategoryCodes } from "../data/feature-frame";
import { curveAt, type CompactCurve, type VersionEvaluation } from "../registry/version-evaluation";

/**
 * A push campaign for one product: rank the candidate customers by purchase probability and keep the
 * top `budget` of them, or those at or above a threshold. A customer is pushed once: of their
 * candidate rows for the product (several variants of a product type, several orders) the most
 * probable one is kept. The expected precision and buyers come from the version's validation curve at
 * the list's lowest probability, with a 95% Wilson interval on the validation rows behind it.
 */

export class CampaignError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CampaignError";
  }
}

/** Scored candidate rows, columnar. */
export interface Candidates {
  userIds: ArrayLike<number>;
  variantIds: ArrayLike<number>;
  productTypeCodes: CategoryCodes;
  productTypes: string[];
  probabilities: Float64Array;
}

export type CampaignTarget = { productType: string } | { variantId: number };
export type CampaignCut = { budget: number } | { threshold: number };
export type CampaignQuery = CampaignTarget & CampaignCut;

export const MAX_BUDGET = 10_000_000;

/**
 * Checks a campaign's arguments as strings (from the CLI or a query string) and returns a query:
 * exactly one of product type / variant, exactly one of budget / threshold; a budget is a positive
 * integer, a threshold a number in [0, 1], a variant an integer id.
 */
export function parseCampaignQuery(raw: { productType?: string | null; variant?: string | null; budget?: string | null; threshold?: string | null }, names = { productType: "--product-type", variant: "--variant", budget: "--budget", threshold: "--threshold" }): CampaignQuery {
  const given = (v: string | null | undefined): v is string => v !== undefined && v !== null;
  if (given(raw.productType) === given(raw.variant)) throw new CampaignError(`give exactly one of ${names.productType} or ${names.variant}`);
  if (given(raw.budget) === given(raw.threshold)) throw new CampaignError(`give exactly one of ${names.budget} or ${names.threshold}`);
  let target: CampaignTarget;
  if (given(raw.productType)) {
    if (raw.productType.trim() === "" || raw.productType.length > 200) throw new CampaignError(`${names.productType} must be a product type name, got '${raw.productType.slice(0, 60)}'`);
    target = { productType: raw.productType };
  } else {
    const variant = raw.variant as string;
    if (!/^\d{1,16}$/.test(variant) || !Number.isSafeInteger(Number(variant))) throw new CampaignError(`${names.variant} must be a variant id (an integer), got '${variant.slice(0, 60)}'`);
    target = { variantId: Number(variant) };
  }
  if (given(raw.budget)) {
    const budget = raw.budget;
    if (!/^\d{1,9}$/.test(budget) || Number(budget) < 1 || Number(budget) > MAX_BUDGET) throw new CampaignError(`${names.budget} must be a positive integer of at most ${MAX_BUDGET}, got '${budget.slice(0, 60)}'`);
    return { ...target, budget: Number(budget) };
  }
  const threshold = Number(raw.threshold);
  if ((raw.threshold as string).trim() === "" || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) throw new CampaignError(`${names.threshold} must be a number in [0, 1], got '${(raw.threshold as string).slice(0, 60)}'`);
  return { ...target, threshold };
}

export interface CampaignEntry {
  rank: number;
  userId: number;
  variantId: number;
  productType: string;
  probability: number;
}

export interface CurveEstimate {
  /** What the estimate is computed on. */
  basis: "all products" | "this product type";
  /** The validation rows scoring at least `threshold` (the stored curve point at or just above the cut-off). */
  threshold: number;
  validationPushes: number;
  validationBuyers: number;
  precision: number;
  precisionLow: number;
  precisionHigh: number;
  expectedBuyers: number;
  expectedBuyersLow: number;
  expectedBuyersHigh: number;
}

export interface CampaignResult {
  query: CampaignQuery;
  productType: string;
  /** Candidate rows for the product, and distinct customers among them. */
  candidateRows: number;
  candidateCustomers: number;
  list: CampaignEntry[];
  /** The lowest probability on the list (null for an empty list). */
  cutoff: number | null;
  /** From the version's validation curve; empty when the version keeps none or the list is empty. */
  estimates: CurveEstimate[];
  /** Why there are no estimates, when there are none. */
  estimatesNote: string | null;
}

/** 95% Wilson score interval of a binomial proportion k / n. */
export function wilsonInterval(k: number, n: number, z = 1.959963984540054): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

function estimate(curve: CompactCurve, cutoff: number, listSize: number, basis: CurveEstimate["basis"]): CurveEstimate | null {
  const point = curveAt(curve, cutoff);
  if (!point) return null;
  const n = point.tp + point.fp;
  const precision = point.tp / n;
  const { low, high } = wilsonInterval(point.tp, n);
  return {
    basis,
    threshold: point.threshold,
    validationPushes: n,
    validationBuyers: point.tp,
    precision,
    precisionLow: low,
    precisionHigh: high,
    expectedBuyers: listSize * precision,
    expectedBuyersLow: listSize * low,
    expectedBuyersHigh: listSize * high,
  };
}

/** Rows of `candidates` (indices) that belong to the target; throws when the product is not among them. */
export function targetRows(candidates: Candidates, target: CampaignTarget): { rows: number[]; productType: string } {
  const rows: number[] = [];
  if ("productType" in target) {
    const code = candidates.productTypes.indexOf(target.productType);
    if (code < 0) throw new CampaignError(`no candidate has product type '${target.productType.slice(0, 60)}' (${candidates.productTypes.length} product types in the file)`);
    for (let i = 0; i < candidates.productTypeCodes.length; i++) if (candidates.productTypeCodes[i] === code) rows.push(i);
    return { rows, productType: target.productType };
  }
  for (let i = 0; i < candidates.variantIds.length; i++) if (candidates.variantIds[i] === target.variantId) rows.push(i);
  if (rows.length === 0) throw new CampaignError(`no candidate has variant ${target.variantId}`);
  return { rows, productType: candidates.productTypes[candidates.productTypeCodes[rows[0]]] };
}

/** The campaign list for `query` from scored candidates, with the estimates from `evaluation` (null: none kept). */
export function rankCampaign(candidates: Candidates, query: CampaignQuery, evaluation: Pick<VersionEvaluation, "validationCurve" | "validationCurveByProductType"> | null, rowsOfTarget?: number[]): CampaignResult {
  const { rows, productType } = rowsOfTarget ? { rows: rowsOfTarget, productType: "productType" in query ? query.productType : candidates.productTypes[candidates.productTypeCodes[rowsOfTarget[0]]] } : targetRows(candidates, query);
  // One entry per customer: their most probable row (ties: the lower variant id).
  const best = new Map<number, number>();
  for (const i of rows) {
    const user = candidates.userIds[i];
    const j = best.get(user);
    if (j === undefined || candidates.probabilities[i] > candidates.probabilities[j] || (candidates.probabilities[i] === candidates.probabilities[j] && candidates.variantIds[i] < candidates.variantIds[j])) best.set(user, i);
  }
  const ranked = [...best.values()].sort((a, b) => candidates.probabilities[b] - candidates.probabilities[a] || candidates.userIds[a] - candidates.userIds[b]);
  let kept: number[];
  if ("budget" in query) kept = ranked.slice(0, query.budget);
  else {
    let n = 0;
    while (n < ranked.length && candidates.probabilities[ranked[n]] >= query.threshold) n++;
    kept = ranked.slice(0, n);
  }
  const list = kept.map((i, k) => ({ rank: k + 1, userId: candidates.userIds[i], variantId: candidates.variantIds[i], productType: candidates.productTypes[candidates.productTypeCodes[i]], probability: candidates.probabilities[i] }));
  const cutoff = list.length ? list[list.length - 1].probability : null;
  const estimates: CurveEstimate[] = [];
  let estimatesNote: string | null = null;
  if (!evaluation) estimatesNote = "the version keeps no validation curve (selected before pushlab kept one)";
  else if (cutoff === null) estimatesNote = "the list is empty";
  else {
    const overall = estimate(evaluation.validationCurve, cutoff, list.length, "all products");
    if (overall) estimates.push(overall);
    const own = evaluation.validationCurveByProductType.find((c) => c.productType === productType);
    const byType = own ? estimate(own.curve, cutoff, list.length, "this product type") : null;
    if (byType) estimates.push(byType);
    if (estimates.length === 0) estimatesNote = `no validation row scored ${cutoff.toPrecision(3)} or more`;
  }
  return { query, productType, candidateRows: rows.length, candidateCustomers: best.size, list, cutoff, estimates, estimatesNote };
}
