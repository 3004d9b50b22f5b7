import { describe, expect, it } from "vitest";
import { categoryColumn, numberColumn, type FeatureFrame } from "../../lib/data/feature-frame";

const frame: FeatureFrame = {
  source: { path: "/data/frame.csv", size: 10, mtimeMs: 0, fingerprint: "abc" },
  rowCount: 3,
  numbers: { outcome: Float64Array.from([0, 1, 0]), user_order_seq: Uint8Array.from([2, 3, 4]) },
  categories: { vendor: { codes: Int32Array.from([0, 1, 0]), dictionary: ["acme", "bolt"] } },
  extraColumns: ["note"],
};

describe("numberColumn", () => {
  it("returns the stored typed array itself, whatever its width", () => {
    expect(numberColumn(frame, "outcome")).toBe(frame.numbers.outcome);
    expect(numberColumn(frame, "user_order_seq")).toBeInstanceOf(Uint8Array);
    expect(Array.from(numberColumn(frame, "user_order_seq"))).toEqual([2, 3, 4]);
  });

  it("names a column the frame does not hold, strings, extras and Object properties included", () => {
    for (const name of ["global_popularity", "vendor", "note", "constructor", "__proto__", "toString"]) {
      expect(() => numberColumn(frame, name)).toThrow(`feature frame has no numeric column '${name}'`);
    }
  });
});

describe("categoryColumn", () => {
  it("returns the dictionary-encoded column", () => {
    const vendor = categoryColumn(frame, "vendor");
    expect(vendor).toBe(frame.categories.vendor);
    expect(Array.from(vendor.codes, (c) => vendor.dictionary[c])).toEqual(["acme", "bolt", "acme"]);
  });

  it("names a column the frame does not hold as a category", () => {
    for (const name of ["product_type", "outcome", "constructor", "__proto__"]) {
      expect(() => categoryColumn(frame, name)).toThrow(`feature frame has no categorical column '${name}'`);
    }
  });
});
