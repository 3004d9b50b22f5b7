import type { FeatureFrame } from "./feature-frame";
import { numberColumn } from "./feature-frame";
import { orderCodes, type OrderCodes } from "./order-codes";
import { MIN_ITEMS_PER_ORDER, TARGET_COLUMN } from "./schema";

export interface OrderFilterResult {
  /** Row indices of the kept rows, ascending. */
  rows: Uint32Array;
  minItems: number;
  ordersBefore: number;
  ordersKept: number;
  /** Purchased items (sum of outcome) per order, averaged over all orders and over kept ones. */
  itemsPerOrder: number;
  itemsPerKeptOrder: number;
}

/** Purchased items (sum of outcome) per order id. */
export function itemsPerOrder(frame: FeatureFrame, orders: OrderCodes = orderCodes(frame)): Map<number, number> {
  const items = itemsByCode(frame, orders);
  return new Map(Array.from(orders.ids, (id, code) => [id, items[code]]));
}

/** Purchased items per order code (order-codes.ts). */
function itemsByCode(frame: FeatureFrame, orders: OrderCodes): Float64Array {
  const outcome = numberColumn(frame, TARGET_COLUMN);
  const items = new Float64Array(orders.ids.length);
  for (let i = 0; i < frame.rowCount; i++) items[orders.codes[i]] += outcome[i];
  return items;
}

/** The business filter: keep only orders with at least `minItems` purchased items (sum of outcome). */
export function filterOrdersByItems(frame: FeatureFrame, minItems = MIN_ITEMS_PER_ORDER, orders: OrderCodes = orderCodes(frame)): OrderFilterResult {
  const items = itemsByCode(frame, orders);
  const codes = orders.codes;
  let kept = 0;
  for (let i = 0; i < frame.rowCount; i++) if (items[codes[i]] >= minItems) kept++;
  const rows = new Uint32Array(kept);
  let k = 0;
  for (let i = 0; i < frame.rowCount; i++) if (items[codes[i]] >= minItems) rows[k++] = i;
  let totalItems = 0;
  let keptOrders = 0;
  let keptItems = 0;
  for (const count of items) {
    totalItems += count;
    if (count >= minItems) {
      keptOrders++;
      keptItems += count;
    }
  }
  return {
    rows,
    minItems,
    ordersBefore: items.length,
    ordersKept: keptOrders,
    itemsPerOrder: items.length ? totalItems / items.length : 0,
    itemsPerKeptOrder: keptOrders ? keptItems / keptOrders : 0,
  };
}
