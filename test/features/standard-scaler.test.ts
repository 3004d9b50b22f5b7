import { describe, expect, it } from "vitest";
import { applyStandardScaler, fitStandardScaler } from "../../lib/features/standard-scaler";

describe("standard scaler", () => {
  it("uses the mean and population standard deviation, and leaves constant columns at scale 1", () => {
    // Column 0: 1, 2, 3, 4 → mean 2.5, std sqrt(1.25). Column 1 constant 7.
    const X = { data: Float64Array.from([1, 7, 2, 7, 3, 7, 4, 7]), rows: 4, cols: 2 };
    const state = fitStandardScaler(X);
    expect(state.mean).toEqual([2.5, 7]);
    expect(state.scale[0]).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(state.scale[1]).toBe(1);
    applyStandardScaler(state, X);
    expect([...X.data].map((v) => Number(v.toFixed(12)))).toEqual([-1.341640786500, 0, -0.447213595500, 0, 0.447213595500, 0, 1.341640786500, 0]);
  });
});
