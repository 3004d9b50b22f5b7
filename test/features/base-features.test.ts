import { describe, expect, it } from "vitest";
import type { FeatureFrame } from "../../lib/data/feature-frame";
import { BINARY_COLUMNS, FEATURE_FRAME_COLUMNS, NUMERIC_COLUMNS } from "../../lib/data/schema";
import { BASE_FEATURES, BASE_FEATURE_NAMES, baseFeatureValues, featureLabel, isBaseFeature } from "../../lib/features/base-features";

function frameWith(numbers: FeatureFrame["numbers"], rowCount: number): FeatureFrame {
  return { source: { path: "/memory/frame.csv", size: 0, mtimeMs: 0, fingerprint: "test" }, rowCount, numbers, categories: {}, extraColumns: [] };
}

describe("BASE_FEATURES", () => {
  it("is the binary columns, then the numeric ones, then hour and day of week, in schema order", () => {
    expect(BASE_FEATURE_NAMES).toEqual([...BINARY_COLUMNS, ...NUMERIC_COLUMNS, "created_hour", "created_day_of_week"]);
    expect(BASE_FEATURE_NAMES).toHaveLength(4 + 15 + 2);
    expect(BASE_FEATURES.map((f) => f.name)).toEqual(BASE_FEATURE_NAMES);
  });

  it("never lets identifiers, the target, raw dates or strings into a model", () => {
    const excluded = FEATURE_FRAME_COLUMNS.filter((c) => !["binary", "numeric"].includes(c.role)).map((c) => c.name);
    expect(excluded).toEqual(["variant_id", "product_type", "order_id", "user_id", "created_at", "order_date", "outcome", "vendor"]);
    for (const name of excluded) expect(isBaseFeature(name)).toBe(false);
  });

  it("gives every feature a group and a plain label of its own", () => {
    for (const f of BASE_FEATURES) {
      expect(["history", "product", "household", "order"]).toContain(f.group);
      expect(f.label.length).toBeGreaterThan(5);
      expect(f.label).not.toContain("_");
    }
    expect(new Set(BASE_FEATURES.map((f) => f.label)).size).toBe(BASE_FEATURES.length);
    expect(BASE_FEATURES.find((f) => f.name === "count_pets")?.group).toBe("household");
    expect(BASE_FEATURES.find((f) => f.name === "created_hour")?.group).toBe("order");
  });
});

describe("featureLabel", () => {
  it.each([
    ["global_popularity", "how popular the product is overall"],
    ["created_day_of_week", "day of week of the order"],
    ["vendor=acme", "brand is acme"],
    ["product_type=tea", "kind of product is tea"],
    ["product_type=(other)", "kind of product is a less common one"],
    ["vendor=(rare)", "brand is a rare one"],
    ["vendor:frequency", "how common the brand is"],
    ["product_type:target", "how often the kind of product is bought"],
    ["colour=red", "colour is red"],
    ["something_else", "something_else"],
  ])("%s → %s", (name, label) => {
    expect(featureLabel(name)).toBe(label);
  });

  it("keeps a category value whole when it holds a separator itself", () => {
    expect(featureLabel("vendor=dr. oetker: bio")).toBe("brand is dr. oetker: bio");
    expect(featureLabel("vendor=a=b")).toBe("brand is a=b");
  });
});

describe("baseFeatureValues", () => {
  // 2020-10-05 16:46:19 UTC was a Monday; 2021-03-07 00:00:00 a Sunday; 2021-03-06 23:59:59 a Saturday.
  const created = [Date.UTC(2020, 9, 5, 16, 46, 19), Date.UTC(2021, 2, 7, 0, 0, 0), Date.UTC(2021, 2, 6, 23, 59, 59)].map((ms) => ms / 1000);
  const frame = frameWith({ created_at: Float64Array.from(created), global_popularity: Float64Array.from([0.1, 0.2, 0.3]), order_id: Float64Array.from([1, 2, 3]) }, 3);

  it("derives the UTC hour and the day of week (0 = Sunday, as Date.getUTCDay) from created_at", () => {
    expect(Array.from(baseFeatureValues(frame, "created_hour"))).toEqual([16, 0, 23]);
    expect(Array.from(baseFeatureValues(frame, "created_day_of_week"))).toEqual([1, 0, 6]);
    expect(Array.from(baseFeatureValues(frame, "created_day_of_week"))).toEqual(created.map((s) => new Date(s * 1000).getUTCDay()));
  });

  it("returns a base column as stored", () => {
    expect(baseFeatureValues(frame, "global_popularity")).toBe(frame.numbers.global_popularity);
  });

  it("refuses columns that are not features, even when the frame has them, and names a missing column", () => {
    expect(() => baseFeatureValues(frame, "order_id")).toThrow("unknown feature 'order_id'");
    expect(() => baseFeatureValues(frame, "nope")).toThrow("unknown feature 'nope'");
    expect(() => baseFeatureValues(frame, "discount_pct")).toThrow("feature frame has no numeric column 'discount_pct'");
    expect(() => baseFeatureValues(frameWith({}, 0), "created_hour")).toThrow("feature frame has no numeric column 'created_at'");
  });
});
