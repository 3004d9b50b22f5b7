import { describe, expect, it } from "vitest";
import { choleskyFactor, choleskySolveInPlace } from "../../lib/model/cholesky";

const A = [
  [4, 2, 0],
  [2, 5, 1],
  [0, 1, 3],
];

describe("choleskyFactor / choleskySolveInPlace", () => {
  it("factor and solve a 3 × 3 system worked by hand", () => {
    // L = [2, 0, 0; 1, 2, 0; 0, ½, √2.75]; A·(1, −1, 2) = (2, −1, 5)
    const L = new Float64Array(9);
    expect(choleskyFactor(Float64Array.from(A.flat()), 3, L)).toBe(true);
    expect(Array.from(L)).toEqual([2, 0, 0, 1, 2, 0, 0, 0.5, Math.sqrt(2.75)]);
    const r = Float64Array.of(2, -1, 5);
    choleskySolveInPlace(L, 3, r);
    [1, -1, 2].forEach((v, j) => expect(r[j]).toBeCloseTo(v, 14));
  });

  it("a pivot at or below relativeFloor × the largest diagonal entry counts as singular", () => {
    // [1, 1; 1, 1 + 1e-12]: the second pivot is 1e-12
    const L = new Float64Array(4);
    expect(choleskyFactor(Float64Array.of(1, 1, 1, 1 + 1e-12), 2, L)).toBe(true); // above the default 1e-13
    expect(choleskyFactor(Float64Array.of(1, 1, 1, 1 + 1e-12), 2, L, 1e-11)).toBe(false);
  });

  it("refuse singular, indefinite and non-finite matrices", () => {
    const L = new Float64Array(4);
    expect(choleskyFactor(Float64Array.of(1, 1, 1, 1), 2, L)).toBe(false); // rank 1
    expect(choleskyFactor(Float64Array.of(1, 2, 2, 1), 2, L)).toBe(false); // eigenvalues 3, −1
    expect(choleskyFactor(Float64Array.of(0, 0, 0, 0), 2, L)).toBe(false);
    expect(choleskyFactor(Float64Array.of(NaN, 0, 0, 1), 2, L)).toBe(false);
  });
});

