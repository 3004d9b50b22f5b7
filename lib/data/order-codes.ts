import type { FeatureFrame } from "./feature-frame";
import { numberColumn } from "./feature-frame";
import { DoubleCodes } from "./double-codes";
import { ORDER_COLUMN } from "./schema";

/**
 * Every row's order as a small integer: its index among the frame's distinct order ids, in order of
 * first appearance. The filter and the split count per order and per day with these codes instead of
 * Maps and Sets keyed by the 14-digit ids (double-codes.ts says why).
 */
export interface OrderCodes {
  /** The order's code, per frame row. */
  codes: Uint32Array;
  /** The distinct order ids, in order of first appearance; `ids[codes[i]]` is row i's order id. */
  ids: Float64Array;
}

export function orderCodes(frame: FeatureFrame): OrderCodes {
  const orders = numberColumn(frame, ORDER_COLUMN);
  const table = new DoubleCodes();
  const codes = new Uint32Array(frame.rowCount);
  let last = NaN;
  let lastCode = 0;
  for (let i = 0; i < frame.rowCount; i++) {
    const id = orders[i];
    if (id !== last) lastCode = table.codeOf((last = id));
    codes[i] = lastCode;
  }
  return { codes, ids: table.distinct() };
}
