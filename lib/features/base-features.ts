import type { FeatureFrame, NumericColumn } from "../data/feature-frame";
import { numberColumn } from "../data/feature-frame";
import { BINARY_COLUMNS, CREATED_AT_COLUMN, NUMERIC_COLUMNS } from "../data/schema";
import { OTHER_CATEGORY } from "./one-hot-encoder";
import { RARE_CATEGORY } from "./rare-grouping-encoder";

/**
 * The model's input columns before encoding: the numeric and binary columns of the feature frame and
 * features derived from `created_at`. Identifiers, the target and the raw dates never enter a model.
 *
 * Hour and day of week come from the order's own timestamp. "Days since the user's first order" was
 * left out on purpose: it depends on the other rows of whatever file is scored, so a batch holding one
 * order per user would score differently from the training data.
 */

export type FeatureGroup = "history" | "product" | "household" | "order";

export interface BaseFeature {
  name: string;
  group: FeatureGroup;
  /** Plain-words meaning, for the report. */
  label: string;
}

const LABELS: Record<string, [FeatureGroup, string]> = {
  user_order_seq: ["order", "how many orders the customer has placed"],
  ordered_before: ["history", "the customer bought this product before"],
  abandoned_before: ["history", "the customer left this product in an abandoned basket"],
  active_snoozed: ["history", "the customer snoozed this product"],
  set_as_regular: ["history", "the customer set this product as a regular"],
  normalised_price: ["product", "the product's price"],
  discount_pct: ["product", "the product's discount"],
  global_popularity: ["product", "how popular the product is overall"],
  count_adults: ["household", "adults in the household"],
  count_children: ["household", "children in the household"],
  count_babies: ["household", "babies in the household"],
  count_pets: ["household", "pets in the household"],
  people_ex_baby: ["household", "people in the household (excluding babies)"],
  days_since_purchase_variant_id: ["history", "days since the customer last bought this product"],
  avg_days_to_buy_variant_id: ["history", "usual days between purchases of this product"],
  std_days_to_buy_variant_id: ["history", "spread of days between purchases of this product"],
  days_since_purchase_product_type: ["history", "days since the customer last bought this kind of product"],
  avg_days_to_buy_product_type: ["history", "usual days between purchases of this kind of product"],
  std_days_to_buy_product_type: ["history", "spread of days between purchases of this kind of product"],
  created_hour: ["order", "hour of day of the order"],
  created_day_of_week: ["order", "day of week of the order"],
};

const DERIVED = ["created_hour", "created_day_of_week"];

export const BASE_FEATURES: readonly BaseFeature[] = [...BINARY_COLUMNS, ...NUMERIC_COLUMNS, ...DERIVED].map((name) => ({
  name,
  group: LABELS[name][0],
  label: LABELS[name][1],
}));

export const BASE_FEATURE_NAMES: readonly string[] = BASE_FEATURES.map((f) => f.name);

export function isBaseFeature(name: string): boolean {
  return BASE_FEATURE_NAMES.includes(name);
}

/** Plain-words label of a feature name (base, encoded or one-hot), for the report. */
export function featureLabel(name: string): string {
  if (LABELS[name]) return LABELS[name][1];
  // Split at the first separator only: a category value may hold "=" or ":" itself.
  const at = name.search(/[=:]/);
  const column = at < 0 ? name : name.slice(0, at);
  const rest = name.slice(at + 1);
  const what = column === "product_type" ? "kind of product" : column === "vendor" ? "brand" : column;
  if (name[at] === "=") {
    if (rest === OTHER_CATEGORY) return `${what} is a less common one`;
    if (rest === RARE_CATEGORY) return `${what} is a rare one`;
    return `${what} is ${rest}`;
  }
  if (name.endsWith(":frequency")) return `how common the ${what} is`;
  if (name.endsWith(":target")) return `how often the ${what} is bought`;
  return name;
}

function isDerivedFromCreatedAt(name: string): boolean {
  return name === "created_hour" || name === "created_day_of_week";
}

function derivedFromCreatedAt(name: string, seconds: number): number {
  return name === "created_hour" ? Math.floor((seconds % 86400) / 3600) : (Math.floor(seconds / 86400) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
}

/** The values of one base feature for every row of the frame. */
export function baseFeatureValues(frame: FeatureFrame, name: string): NumericColumn {
  if (isDerivedFromCreatedAt(name)) {
    const created = numberColumn(frame, CREATED_AT_COLUMN);
    const out = new Float64Array(frame.rowCount);
    for (let i = 0; i < out.length; i++) out[i] = derivedFromCreatedAt(name, created[i]);
    return out;
  }
  if (!isBaseFeature(name)) throw new Error(`unknown feature '${name}'`);
  return numberColumn(frame, name);
}

/**
 * baseFeatureValues at the given rows, written to out[k · stride + offset]: the hour and weekday are
 * computed for those rows only, not as a whole-frame column (8 bytes a frame row for every matrix
 * built).
 */
export function fillBaseFeature(frame: FeatureFrame, name: string, rows: Uint32Array, out: { [k: number]: number }, stride = 1, offset = 0): void {
  if (isDerivedFromCreatedAt(name)) {
    const created = numberColumn(frame, CREATED_AT_COLUMN);
    for (let k = 0; k < rows.length; k++) out[k * stride + offset] = derivedFromCreatedAt(name, created[rows[k]]);
    return;
  }
  const values = baseFeatureValues(frame, name);
  for (let k = 0; k < rows.length; k++) out[k * stride + offset] = values[rows[k]];
}
