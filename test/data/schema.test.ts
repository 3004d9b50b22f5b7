import { describe, expect, it } from "vitest";
import {
  BINARY_COLUMNS,
  CATEGORICAL_COLUMNS,
  COLUMN_NAMES,
  CREATED_AT_COLUMN,
  FEATURE_FRAME_COLUMNS,
  MIN_ITEMS_PER_ORDER,
  NUMERIC_COLUMNS,
  ORDER_COLUMN,
  ORDER_DATE_COLUMN,
  TARGET_COLUMN,
  USER_COLUMN,
  VARIANT_COLUMN,
  columnSpec,
} from "../../lib/data/schema";

// The columns of the real file in file order with their pandas types, as the dataset description lists them.
const DESCRIBED: [string, "int64" | "string" | "datetime" | "float" | "int"][] = [
  ["variant_id", "int64"], ["product_type", "string"], ["order_id", "int64"], ["user_id", "int64"],
  ["created_at", "datetime"], ["order_date", "datetime"], ["user_order_seq", "int"], ["outcome", "float"],
  ["ordered_before", "float"], ["abandoned_before", "float"], ["active_snoozed", "float"], ["set_as_regular", "float"],
  ["normalised_price", "float"], ["discount_pct", "float"], ["vendor", "string"], ["global_popularity", "float"],
  ["count_adults", "float"], ["count_children", "float"], ["count_babies", "float"], ["count_pets", "float"],
  ["people_ex_baby", "float"], ["days_since_purchase_variant_id", "float"], ["avg_days_to_buy_variant_id", "float"],
  ["std_days_to_buy_variant_id", "float"], ["days_since_purchase_product_type", "float"], ["avg_days_to_buy_product_type", "float"],
  ["std_days_to_buy_product_type", "float"],
];

describe("the feature-frame schema", () => {
  it("declares the 27 columns of the real file, in file order, once each", () => {
    expect(COLUMN_NAMES).toEqual(DESCRIBED.map(([name]) => name));
    expect(new Set(COLUMN_NAMES).size).toBe(27);
  });

  it("stores each column as its described type: integers without a decimal point, strings dictionary-encoded, dates as date-times", () => {
    for (const [name, type] of DESCRIBED) {
      const spec = columnSpec(name)!;
      const kind = { int64: "number", int: "number", float: "number", string: "string", datetime: name === "order_date" ? "date" : "datetime" }[type];
      expect(spec.kind, name).toBe(kind);
      expect(spec.integer ?? false, name).toBe(type === "int64" || type === "int");
    }
  });

  it("names the special columns by role", () => {
    const role = (name: string) => columnSpec(name)?.role;
    expect([TARGET_COLUMN, ORDER_COLUMN, USER_COLUMN, VARIANT_COLUMN, CREATED_AT_COLUMN, ORDER_DATE_COLUMN]).toEqual(["outcome", "order_id", "user_id", "variant_id", "created_at", "order_date"]);
    expect([role(TARGET_COLUMN), role(ORDER_COLUMN), role(USER_COLUMN), role(VARIANT_COLUMN), role(CREATED_AT_COLUMN), role(ORDER_DATE_COLUMN)]).toEqual(["target", "order", "user", "variant", "time", "time"]);
  });

  it("groups the features: 2 categorical, 4 binary flags, 15 other numbers; every column in exactly one role", () => {
    expect(CATEGORICAL_COLUMNS).toEqual(["product_type", "vendor"]);
    expect(BINARY_COLUMNS).toEqual(["ordered_before", "abandoned_before", "active_snoozed", "set_as_regular"]);
    expect(NUMERIC_COLUMNS).toHaveLength(15);
    expect(NUMERIC_COLUMNS).toContain("user_order_seq");
    expect(NUMERIC_COLUMNS).not.toContain(TARGET_COLUMN);
    const special = [TARGET_COLUMN, ORDER_COLUMN, USER_COLUMN, VARIANT_COLUMN, CREATED_AT_COLUMN, ORDER_DATE_COLUMN];
    expect([...special, ...CATEGORICAL_COLUMNS, ...BINARY_COLUMNS, ...NUMERIC_COLUMNS].sort()).toEqual([...COLUMN_NAMES].sort());
  });

  it("finds a column's spec by name and nothing for other names", () => {
    expect(columnSpec("vendor")).toBe(FEATURE_FRAME_COLUMNS[14]);
    for (const name of ["Vendor", "", "constructor", "__proto__", "vendor "]) expect(columnSpec(name)).toBeUndefined();
  });

  it("keeps orders with at least 5 purchased items (the business filter)", () => {
    expect(MIN_ITEMS_PER_ORDER).toBe(5);
  });
});
