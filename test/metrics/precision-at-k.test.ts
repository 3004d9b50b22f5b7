import { describe, expect, it } from "vitest";
import { MetricInputError } from "../../lib/metrics/errors";
import { budgetToCount, precisionAtK, recallAtK, topKCounts } from "../../lib/metrics/precision-at-k";
import { cases, expectNumberClose } from "./fixtures";

describe("precision@k / recall@k", () => {
  for (const c of cases) {
    it(`matches the numpy reference on ${c.name}`, () => {
      for (const expected of c.topK) {
        const counts = topKCounts(c.yTrue, c.yScore, { count: expected.k });
        expect(counts.k).toBe(expected.k);
        expectNumberClose(counts.tp, expected.tp, 1e-12, `tp@${expected.k}`);
        expect(counts.threshold).toBe(expected.threshold);
        expect(counts.tiedRows).toBe(expected.tiedRows);
        expect(counts.tiedRowsSelected).toBe(expected.tiedRowsSelected);
        expectNumberClose(precisionAtK(c.yTrue, c.yScore, { count: expected.k }), expected.precision);
        expectNumberClose(recallAtK(c.yTrue, c.yScore, { count: expected.k }), expected.recall);
      }
    });
  }

  it("counts the top k rows without ties", () => {
    const y = [1, 0, 1, 0, 0, 1];
    const s = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
    expect(precisionAtK(y, s, { count: 1 })).toBe(1);
    expect(precisionAtK(y, s, { count: 2 })).toBe(0.5);
    expect(precisionAtK(y, s, { count: 3 })).toBe(2 / 3);
    expect(recallAtK(y, s, { count: 3 })).toBe(2 / 3);
    expect(recallAtK(y, s, { count: 6 })).toBe(1);
    expect(topKCounts(y, s, { count: 3 })).toEqual({ k: 3, tp: 2, fp: 1, threshold: 0.7, tiedRows: 1, tiedRowsSelected: 1 });
  });

  it("splits ties at the cutoff by expected value, independent of row order", () => {
    // One row at 0.9 (positive), four tied at 0.5 (two positive); budget 3 takes 2 of the 4 tied rows.
    const y = [1, 1, 0, 1, 0];
    const s = [0.9, 0.5, 0.5, 0.5, 0.5];
    const counts = topKCounts(y, s, { count: 3 });
    expect(counts).toEqual({ k: 3, tp: 2, fp: 1, threshold: 0.5, tiedRows: 4, tiedRowsSelected: 2 });
    const reordered = topKCounts([0, 1, 0, 1, 1], [0.5, 0.5, 0.5, 0.5, 0.9], { count: 3 });
    expect(reordered).toEqual(counts);
    expectNumberClose(precisionAtK([1, 0, 0], [0.5, 0.5, 0.5], { count: 1 }), 1 / 3, 1e-15);
  });

  it("resolves fractional budgets as floor(fraction · n)", () => {
    expect(budgetToCount({ fraction: 0.1 }, 200)).toBe(20);
    expect(budgetToCount({ fraction: 0.3 }, 10)).toBe(3);
    expect(budgetToCount({ fraction: 0.15 }, 10)).toBe(1);
    expect(budgetToCount({ fraction: 1 }, 7)).toBe(7);
    const y = [1, 0, 1, 0, 0, 1, 0, 0, 0, 0];
    const s = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(precisionAtK(y, s, { fraction: 0.3 })).toBe(2 / 3);
    expect(recallAtK(y, s, { fraction: 0.5 })).toBe(2 / 3);
  });

  it("rejects bad budgets", () => {
    expect(() => budgetToCount({ count: 0 }, 5)).toThrow(MetricInputError);
    expect(() => budgetToCount({ count: 6 }, 5)).toThrow(/budget.count must be an integer in \[1, 5\], got 6/);
    expect(() => budgetToCount({ count: 1.5 }, 5)).toThrow(/budget.count/);
    expect(() => budgetToCount({ fraction: 0 }, 5)).toThrow(/budget.fraction must be in \(0, 1\]/);
    expect(() => budgetToCount({ fraction: 1.5 }, 5)).toThrow(/budget.fraction/);
    expect(() => budgetToCount({ fraction: 0.1 }, 5)).toThrow(/selects no row/);
  });

  it("gives precision 0 without positives but refuses recall", () => {
    expect(precisionAtK([0, 0, 0], [0.3, 0.2, 0.1], { count: 2 })).toBe(0);
    expect(() => recallAtK([0, 0, 0], [0.3, 0.2, 0.1], { count: 2 })).toThrow(/Recall@k is undefined/);
  });
});
