import type { FeatureFrame } from "./feature-frame";
import { numberColumn } from "./feature-frame";
import { MIN_ITEMS_PER_ORDER, ORDER_COLUMN, TARGET_COLUMN } from "./schema";

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
export function itemsPerOrder(frame: FeatureFrame): Map<number, number> {
  const orders = numberColumn(frame, ORDER_COLUMN);
  const outcome = numberColumn(frame, TARGET_COLUMN);
  const items = new Map<number, number>();
  for (let i = 0; i < frame.rowCount; i++) items.set(orders[i], (items.get(orders[i]) ?? 0) + outcome[i]);
  return items;
}

/** The business filter: keep only orders with at least `minItems` purchased items (sum of outcome). */
export function filterOrdersByItems(frame: FeatureFrame, minItems = MIN_ITEMS_PER_ORDER): OrderFilterResult {
  const items = itemsPerOrder(frame);
  const orders = numberColumn(frame, ORDER_COLUMN);
  let kept = 0;
  for (let i = 0; i < frame.rowCount; i++) if (items.get(orders[i])! >= minItems) kept++;
  const rows = new Uint32Array(kept);
  let k = 0;
  for (let i = 0; i < frame.rowCount; i++) if (items.get(orders[i])! >= minItems) rows[k++] = i;
  let totalItems = 0;
  let keptOrders = 0;
  let keptItems = 0;
  for (const count of items.values()) {
    totalItems += count;
    if (count >= minItems) {
      keptOrders++;
      keptItems += count;
    }
  }
  return {
    rows,
    minItems,
    ordersBefore: items.size,
    ordersKept: keptOrders,
    itemsPerOrder: items.size ? totalItems / items.size : 0,
    itemsPerKeptOrder: keptOrders ? keptItems / keptOrders : 0,
  };
}
