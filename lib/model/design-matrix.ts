/**
 * A dense design matrix: `rows × cols` numbers in ROW-MAJOR order, i.e. the value of feature `j`
 * for row `i` is `data[i * cols + j]`. Row-major keeps one row's features adjacent in memory, so the
 * solver's single pass over the data (margin, probability and gradient of a row together) reads
 * memory sequentially. There is no column of ones: the intercept is a separate parameter.
 *
 * A plain object on purpose (structured-clone / worker friendly); `data` may be backed by a
 * SharedArrayBuffer. Values are float64, or float32 for the runner's large matrices (half the
 * memory; the solver still accumulates in float64; agreement measured in bench/README.md).
 */
export type MatrixValues = Float64Array | Float32Array;

export interface DesignMatrix {
  data: MatrixValues;
  rows: number;
  cols: number;
}

/** A row-major design matrix from an array of rows (convenient in tests and small examples). */
export function designMatrixFromRows(rows: readonly (readonly number[])[]): DesignMatrix {
  const n = rows.length;
  const cols = n === 0 ? 0 : rows[0].length;
  const data = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row.length !== cols) throw new RangeError(`row ${i} has ${row.length} values, expected ${cols}`);
    data.set(row, i * cols);
  }
  return { data, rows: n, cols };
}

/** Throws a RangeError unless `X` is a consistent row-major matrix (shape only, values are not scanned). */
export function assertDesignMatrix(X: DesignMatrix, name = "X"): void {
  if (!X || !(X.data instanceof Float64Array || X.data instanceof Float32Array)) throw new TypeError(`${name}.data must be a Float64Array or Float32Array`);
  if (!Number.isInteger(X.rows) || X.rows < 0) throw new RangeError(`${name}.rows must be an integer >= 0, got ${X.rows}`);
  if (!Number.isInteger(X.cols) || X.cols < 0) throw new RangeError(`${name}.cols must be an integer >= 0, got ${X.cols}`);
  if (X.data.length !== X.rows * X.cols) {
    throw new RangeError(`${name}.data has ${X.data.length} values, expected rows × cols = ${X.rows} × ${X.cols} = ${X.rows * X.cols}`);
  }
}
