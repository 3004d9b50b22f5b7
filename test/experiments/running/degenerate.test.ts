import { describe, expect, it } from "vitest";
import { isDegenerateResult, ranksNobody } from "../../../lib/experiments/running/degenerate";
import type { ExperimentResult } from "../../../lib/experiments/results/result";

describe("ranksNobody", () => {
  it("is true only when every coefficient is zero (of either sign)", () => {
    expect(ranksNobody([0, -0, 0])).toBe(true);
    expect(ranksNobody([])).toBe(true);
    expect(ranksNobody([0, 1e-300, 0])).toBe(false);
    expect(ranksNobody(Float64Array.of(-2))).toBe(false);
  });
});

describe("isDegenerateResult", () => {
  it("marks a fitted model with zero coefficients, never a baseline", () => {
    const model = (coef: number[]) => ({ model: { coef, intercept: -3, pipeline: {} } }) as unknown as ExperimentResult;
    expect(isDegenerateResult(model([0, 0]))).toBe(true);
    expect(isDegenerateResult(model([0, 0.5]))).toBe(false);
    expect(isDegenerateResult({ model: null } as unknown as ExperimentResult)).toBe(false);
  });
});
