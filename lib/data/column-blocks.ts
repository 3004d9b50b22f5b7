import type { NumericColumn } from "./narrow-columns";

/** Rows per block. */
export const COLUMN_BLOCK_ROWS = 1 << 16;

/** A reused float64 array for readFloat64Block. */
export function blockScratch(): Float64Array {
  return new Float64Array(COLUMN_BLOCK_ROWS);
}

/**
 * The column's values from row `first` (at most one block) as float64, in `scratch`. Loops that visit
 * every column of the frame see its eight array types: reading `column[i]` there is a megamorphic load
 * that boxes each double, while a block is filled by a native typed-array copy and read as one type,
 * with the loop's variables local (a callback's captured ones were boxed as well: 10 s of the 1×
 * preparation's 15, bench/README.md). The values are the same doubles (`column[i]` is exact).
 */
export function readFloat64Block(values: NumericColumn, first: number, scratch: Float64Array): Float64Array {
  const end = Math.min(values.length, first + scratch.length);
  const block = end - first === scratch.length ? scratch : scratch.subarray(0, end - first);
  block.set(values.subarray(first, end));
  return block;
}

/** The column's values at `rows` (ascending), in a new array of the column's own type. */
export function pickAscendingRows(values: NumericColumn, rows: Uint32Array): NumericColumn {
  const next = new (values.constructor as new (length: number) => NumericColumn)(rows.length);
  const scratch = blockScratch();
  const out = new Float64Array(COLUMN_BLOCK_ROWS);
  let k = 0;
  let written = 0;
  for (let first = 0; first < values.length && k < rows.length; first += COLUMN_BLOCK_ROWS) {
    const block = readFloat64Block(values, first, scratch);
    const end = first + block.length;
    let m = 0;
    while (k < rows.length && rows[k] < end) out[m++] = block[rows[k++] - first];
    next.set(out.subarray(0, m), written);
    written += m;
  }
  return next;
}
