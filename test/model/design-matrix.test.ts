import { describe, expect, it } from "vitest";
import { assertDesignMatrix, designMatrixFromRows } from "../../lib/model/design-matrix";

describe("designMatrixFromRows", () => {
  it("lays rows out row-major: data[i * cols + j] is feature j of row i", () => {
    const X = designMatrixFromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(X.rows).toBe(2);
    expect(X.cols).toBe(3);
    expect(Array.from(X.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(X.data).toBeInstanceOf(Float64Array);
  });

  it("gives an empty matrix for no rows and refuses ragged rows", () => {
    expect(designMatrixFromRows([])).toEqual({ data: new Float64Array(0), rows: 0, cols: 0 });
    expect(() => designMatrixFromRows([[1, 2], [3]])).toThrow("row 1 has 1 values, expected 2");
  });
});

describe("assertDesignMatrix", () => {
  it("accepts float64 and float32 matrices of a consistent shape", () => {
    expect(() => assertDesignMatrix({ data: new Float32Array(6), rows: 3, cols: 2 })).not.toThrow();
    expect(() => assertDesignMatrix({ data: new Float64Array(0), rows: 0, cols: 5 })).not.toThrow();
  });

  it("names the argument and what is wrong", () => {
    expect(() => assertDesignMatrix({ data: [1, 2] as never, rows: 1, cols: 2 }, "Xtrain")).toThrow("Xtrain.data must be a Float64Array or Float32Array");
    expect(() => assertDesignMatrix({ data: new Float64Array(2), rows: 1.5, cols: 2 })).toThrow("X.rows must be an integer >= 0, got 1.5");
    expect(() => assertDesignMatrix({ data: new Float64Array(2), rows: 1, cols: -2 })).toThrow("X.cols must be an integer >= 0, got -2");
    expect(() => assertDesignMatrix({ data: new Float64Array(5), rows: 2, cols: 3 })).toThrow("X.data has 5 values, expected rows × cols = 2 × 3 = 6");
  });
});
