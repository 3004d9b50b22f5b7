import type { FeatureFrame } from "./feature-frame";
import { numberColumn } from "./feature-frame";
import { getOrInsert } from "./grouping";
import { orderCodes, type OrderCodes } from "./order-codes";
import { ORDER_DATE_COLUMN, TARGET_COLUMN } from "./schema";

export type SplitName = "train" | "validation" | "test";
export const SPLIT_NAMES: readonly SplitName[] = ["train", "validation", "test"];

export interface SplitStats {
  name: SplitName;
  /** Epoch days of the first and last day in the split (NaN when empty). */
  firstDay: number;
  lastDay: number;
  days: number;
  orders: number;
  rows: number;
  positives: number;
  positiveRate: number;
}

export interface DayCount {
  day: number;
  orders: number;
  split: SplitName;
}

export interface TemporalSplit {
  rows: Record<SplitName, Uint32Array>;
  stats: SplitStats[];
  ordersPerDay: DayCount[];
  trainShare: number;
  validationShare: number;
}

/**
 * Temporal split on whole days, never splitting an order: count distinct orders per order_date and
 * accumulate their share day by day; train is every day up to and including the last day whose
 * cumulative share is ≤ trainShare, validation the following days up to the last day whose cumulative
 * share is ≤ trainShare + validationShare, test the rest.
 */
export function temporalSplit(
  frame: FeatureFrame,
  rows: Uint32Array,
  trainShare = 0.7,
  validationShare = 0.2,
  orders: OrderCodes = orderCodes(frame),
): TemporalSplit {
  const days = numberColumn(frame, ORDER_DATE_COLUMN);
  const outcome = numberColumn(frame, TARGET_COLUMN);

  // Distinct orders per day, as sets of order codes (small integers: no boxed double per row).
  const ordersByDay = new Map<number, Set<number>>();
  let lastDay = NaN;
  let lastSet = new Set<number>();
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    if (days[i] !== lastDay) lastSet = getOrInsert(ordersByDay, (lastDay = days[i]), () => new Set<number>());
    lastSet.add(orders.codes[i]);
  }
  const sortedDays = [...ordersByDay.keys()].sort((a, b) => a - b);
  let totalOrders = 0;
  for (const set of ordersByDay.values()) totalOrders += set.size;

  // Comparisons use a small epsilon so 0.7 of exactly 10 orders (7/10) counts as ≤ 0.7.
  const eps = 1e-12;
  const splitOfDay = new Map<number, SplitName>();
  let cumulative = 0;
  for (const day of sortedDays) {
    cumulative += ordersByDay.get(day)!.size;
    const share = cumulative / totalOrders;
    splitOfDay.set(day, share <= trainShare + eps ? "train" : share <= trainShare + validationShare + eps ? "validation" : "test");
  }
  // Shares only grow, so the assignment above is monotone: train days, then validation, then test.

  const counts: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
  for (let k = 0; k < rows.length; k++) counts[splitOfDay.get(days[rows[k]])!]++;
  const out: Record<SplitName, Uint32Array> = {
    train: new Uint32Array(counts.train),
    validation: new Uint32Array(counts.validation),
    test: new Uint32Array(counts.test),
  };
  const fill: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
  const positives: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const name = splitOfDay.get(days[i])!;
    out[name][fill[name]++] = i;
    positives[name] += outcome[i];
  }

  const ordersPerDay: DayCount[] = sortedDays.map((day) => ({ day, orders: ordersByDay.get(day)!.size, split: splitOfDay.get(day)! }));
  const stats = SPLIT_NAMES.map((name): SplitStats => {
    const splitDays = ordersPerDay.filter((d) => d.split === name);
    return {
      name,
      firstDay: splitDays.length ? splitDays[0].day : NaN,
      lastDay: splitDays.length ? splitDays[splitDays.length - 1].day : NaN,
      days: splitDays.length,
      orders: splitDays.reduce((sum, d) => sum + d.orders, 0),
      rows: out[name].length,
      positives: positives[name],
      positiveRate: out[name].length ? positives[name] / out[name].length : 0,
    };
  });
  return { rows: out, stats, ordersPerDay, trainShare, validationShare };
}
