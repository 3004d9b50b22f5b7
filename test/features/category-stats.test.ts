import { describe, expect, it } from "vitest";
import { categoryRecord, categoryTotals, ownEntry, valuesByCode } from "../../lib/features/category-stats";

// Rows 0..5 with categories tea, coffee, tea, soup, tea, coffee; "unused" is in the dictionary only.
const column = { codes: Int32Array.from([0, 1, 0, 2, 0, 1]), dictionary: ["tea", "coffee", "soup", "unused"] };

describe("categoryTotals", () => {
  it("counts the rows and sums the target per category over the given rows only", () => {
    const target = [1, 0, 0, 1, 1, 1];
    const totals = categoryTotals(column, Uint32Array.from([0, 1, 2, 4, 5]), target);
    expect([...totals]).toEqual([
      ["tea", { count: 3, sum: 2 }],
      ["coffee", { count: 2, sum: 1 }],
    ]);
  });

  it("counts without a target (sums 0) and leaves out categories with no row", () => {
    expect(categoryTotals(column, Uint32Array.from([3]))).toEqual(new Map([["soup", { count: 1, sum: 0 }]]));
    expect(categoryTotals(column, new Uint32Array(0)).size).toBe(0);
  });
});

describe("valuesByCode", () => {
  it("maps every dictionary code through the lookup", () => {
    expect(Array.from(valuesByCode(column, (c) => c.length))).toEqual([3, 6, 4, 6]);
  });
});

describe("ownEntry and categoryRecord", () => {
  it("treat categories named like Object.prototype's properties as ordinary categories", () => {
    const record = categoryRecord([["__proto__", 0.5], ["tea", 0.25]]);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(ownEntry(record, "__proto__")).toBe(0.5);
    expect(ownEntry(record, "tea")).toBe(0.25);
    for (const name of ["constructor", "toString", "hasOwnProperty", "coffee"]) expect(ownEntry(record, name), name).toBeUndefined();
  });
});
