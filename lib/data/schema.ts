/**
 * The feature frame's columns, declared once as data. Every other module asks this table what a
 * column is (its role and storage kind) instead of hard-coding names.
 *
 * Roles:
 * - target: the label (`outcome`), 0/1.
 * - order / user / variant: identifiers, used for grouping and never as features.
 * - time: timestamps (`created_at`, `order_date`).
 * - categorical: strings, dictionary-encoded on load.
 * - binary: 0/1 numeric features.
 * - numeric: other numeric features.
 */
export type ColumnRole = "variant" | "order" | "user" | "time" | "target" | "categorical" | "binary" | "numeric";

/** How a column is stored in memory: Float64Array numbers, dictionary-encoded strings, or date-times. */
export type ColumnKind = "number" | "string" | "datetime" | "date";

export interface ColumnSpec {
  name: string;
  role: ColumnRole;
  kind: ColumnKind;
  /** Integer-valued ids and counts are written without a decimal point in the CSV. */
  integer?: boolean;
}

/** The 27 columns of the feature frame, in file order. */
export const FEATURE_FRAME_COLUMNS: readonly ColumnSpec[] = [
  { name: "variant_id", role: "variant", kind: "number", integer: true },
  { name: "product_type", role: "categorical", kind: "string" },
  { name: "order_id", role: "order", kind: "number", integer: true },
  { name: "user_id", role: "user", kind: "number", integer: true },
  { name: "created_at", role: "time", kind: "datetime" },
  { name: "order_date", role: "time", kind: "date" },
  { name: "user_order_seq", role: "numeric", kind: "number", integer: true },
  { name: "outcome", role: "target", kind: "number" },
  { name: "ordered_before", role: "binary", kind: "number" },
  { name: "abandoned_before", role: "binary", kind: "number" },
  { name: "active_snoozed", role: "binary", kind: "number" },
  { name: "set_as_regular", role: "binary", kind: "number" },
  { name: "normalised_price", role: "numeric", kind: "number" },
  { name: "discount_pct", role: "numeric", kind: "number" },
  { name: "vendor", role: "categorical", kind: "string" },
  { name: "global_popularity", role: "numeric", kind: "number" },
  { name: "count_adults", role: "numeric", kind: "number" },
  { name: "count_children", role: "numeric", kind: "number" },
  { name: "count_babies", role: "numeric", kind: "number" },
  { name: "count_pets", role: "numeric", kind: "number" },
  { name: "people_ex_baby", role: "numeric", kind: "number" },
  { name: "days_since_purchase_variant_id", role: "numeric", kind: "number" },
  { name: "avg_days_to_buy_variant_id", role: "numeric", kind: "number" },
  { name: "std_days_to_buy_variant_id", role: "numeric", kind: "number" },
  { name: "days_since_purchase_product_type", role: "numeric", kind: "number" },
  { name: "avg_days_to_buy_product_type", role: "numeric", kind: "number" },
  { name: "std_days_to_buy_product_type", role: "numeric", kind: "number" },
] as const;

export const COLUMN_NAMES: readonly string[] = FEATURE_FRAME_COLUMNS.map((c) => c.name);

export const TARGET_COLUMN = "outcome";
export const ORDER_COLUMN = "order_id";
export const USER_COLUMN = "user_id";
export const VARIANT_COLUMN = "variant_id";
export const CREATED_AT_COLUMN = "created_at";
export const ORDER_DATE_COLUMN = "order_date";

export const CATEGORICAL_COLUMNS = FEATURE_FRAME_COLUMNS.filter((c) => c.role === "categorical").map((c) => c.name);
export const BINARY_COLUMNS = FEATURE_FRAME_COLUMNS.filter((c) => c.role === "binary").map((c) => c.name);
export const NUMERIC_COLUMNS = FEATURE_FRAME_COLUMNS.filter((c) => c.role === "numeric").map((c) => c.name);

export function columnSpec(name: string): ColumnSpec | undefined {
  return FEATURE_FRAME_COLUMNS.find((c) => c.name === name);
}

/** The business filter: keep orders with at least this many purchased items. */
export const MIN_ITEMS_PER_ORDER = 5;
