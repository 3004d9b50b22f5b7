import type { PreparedData } from "./dataset";
import type { FeatureFrame } from "./feature-frame";
import type { OrderFilterResult } from "./order-filter";
import { blockScratch, readFloat64Block } from "./column-blocks";
import { DoubleCodes } from "./double-codes";
import { orderCodes, type OrderCodes } from "./order-codes";
import { FEATURE_FRAME_COLUMNS, ORDER_COLUMN, TARGET_COLUMN, USER_COLUMN, VARIANT_COLUMN, type ColumnRole, type ColumnKind } from "./schema";
import type { SplitStats, DayCount, TemporalSplit } from "./temporal-split";
import type { NumericColumn } from "./narrow-columns";

export interface ColumnSummary {
  name: string;
  role: ColumnRole;
  kind: ColumnKind;
  min?: number;
  mean?: number;
  max?: number;
  distinct: number;
  /** Most frequent values of a string column with their row counts. */
  top?: { value: string; rows: number }[];
}

/** Everything the data section of the report and `pushlab data` show; plain JSON. */
export interface DatasetSummary {
  source: { path: string; size: number; fingerprint: string };
  rows: number;
  extraColumns: string[];
  orders: number;
  users: number;
  variants: number;
  positiveRate: number;
  filter: {
    minItems: number;
    ordersKept: number;
    rowsKept: number;
    positiveRateKept: number;
    itemsPerOrder: number;
    itemsPerKeptOrder: number;
  };
  splits: SplitStats[];
  ordersPerDay: DayCount[];
  /** Days on which every order was dropped by the filter, with their order counts. */
  droppedOrdersPerDay: { day: number; orders: number }[];
  columns: ColumnSummary[];
}

/**
 * The number of distinct values (SameValueZero, as a Set counts them), by a table for 8- and 16-bit
 * columns and DoubleCodes otherwise (a Set boxed every double: 14 s of the 1× summary's, bench/README.md).
 */
export function distinctCount(values: NumericColumn): number {
  const small = smallIntegerStats(values);
  if (small !== null) return small.distinct;
  const scratch = blockScratch();
  const table = new DoubleCodes();
  let last = NaN;
  for (let first = 0; first < values.length; first += scratch.length) {
    const block = readFloat64Block(values, first, scratch);
    for (let i = 0; i < block.length; i++) if (block[i] !== last) table.codeOf((last = block[i]));
  }
  return table.size;
}

/**
 * Min, max, sum and distinct count of an 8- or 16-bit integer column from one pass that counts each
 * value (null for other columns). The sum is Σ value × count, exact as the row-order sum is (whole
 * numbers far below 2^53), so the mean is the same double.
 */
function smallIntegerStats(values: NumericColumn): { min: number; max: number; sum: number; distinct: number } | null {
  if (!(values instanceof Uint8Array || values instanceof Int8Array || values instanceof Uint16Array || values instanceof Int16Array)) return null;
  if (values.length === 0) return null;
  const counts = new Float64Array(1 << 17);
  for (let i = 0; i < values.length; i++) counts[values[i] + 65536]++;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let distinct = 0;
  for (let slot = 0; slot < counts.length; slot++) {
    if (counts[slot] === 0) continue;
    const value = slot - 65536;
    if (value < min) min = value;
    max = value;
    sum += value * counts[slot];
    distinct++;
  }
  return { min, max, sum, distinct };
}

/**
 * The number of distinct orders on each day. An order's rows share its day (the schema's order_date),
 * so each order is counted on the day of its first row, with order codes (order-codes.ts) instead of a
 * Set per day; a file where some order spans days is counted by (day, order) pairs instead.
 */
function ordersPerDay(days: ArrayLike<number>, orderIds: OrderCodes): Map<number, number> {
  const orders = orderIds.codes;
  const dayOfOrder = new Float64Array(orderIds.ids.length).fill(NaN);
  for (let i = 0; i < orders.length; i++) {
    const known = dayOfOrder[orders[i]];
    if (known !== known) dayOfOrder[orders[i]] = days[i]; // NaN: the order's first row
    else if (known !== days[i]) return ordersPerDayByPairs(days, orders);
  }
  const counts = new Map<number, number>();
  for (const day of dayOfOrder) counts.set(day, (counts.get(day) ?? 0) + 1);
  return counts;
}

function ordersPerDayByPairs(days: ArrayLike<number>, orders: Uint32Array): Map<number, number> {
  const byDay = new Map<number, Set<number>>();
  for (let i = 0; i < orders.length; i++) {
    let set = byDay.get(days[i]);
    if (!set) byDay.set(days[i], (set = new Set()));
    set.add(orders[i]);
  }
  return new Map([...byDay].map(([day, set]) => [day, set.size]));
}

/**
 * The summary of prepared data: computed over every loaded row, so when prepareData compacted the
 * frame it is the one it computed before (data.summary), never one of the compacted rows.
 */
export function summarizeDataset(data: PreparedData): DatasetSummary {
  return data.summary ?? summarizeFrame(data.frame, data.filter, data.split);
}

/** The summary of a whole (uncompacted) frame with its filter and split. */
export function summarizeFrame(frame: FeatureFrame, filter: OrderFilterResult, split: TemporalSplit, orderIds: OrderCodes = orderCodes(frame)): DatasetSummary {
  const outcome = frame.numbers[TARGET_COLUMN];
  let positives = 0;
  for (let i = 0; i < frame.rowCount; i++) positives += outcome[i];
  let keptPositives = 0;
  for (const i of filter.rows) keptPositives += outcome[i];

  const columns: ColumnSummary[] = FEATURE_FRAME_COLUMNS.map((spec) => {
    if (spec.kind === "string") {
      const column = frame.categories[spec.name];
      const counts = new Float64Array(column.dictionary.length);
      for (let i = 0; i < column.codes.length; i++) counts[column.codes[i]]++;
      const top = [...counts.keys()]
        .sort((a, b) => counts[b] - counts[a])
        .slice(0, 3)
        .map((code) => ({ value: column.dictionary[code], rows: counts[code] }));
      return { name: spec.name, role: spec.role, kind: spec.kind, distinct: column.dictionary.length, top };
    }
    const values = frame.numbers[spec.name];
    const small = smallIntegerStats(values);
    if (small !== null) return { name: spec.name, role: spec.role, kind: spec.kind, min: small.min, mean: small.sum / values.length, max: small.max, distinct: small.distinct };
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    const scratch = blockScratch();
    for (let first = 0; first < values.length; first += scratch.length) {
      const block = readFloat64Block(values, first, scratch);
      for (let i = 0; i < block.length; i++) {
        const v = block[i];
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
      }
    }
    return { name: spec.name, role: spec.role, kind: spec.kind, min, mean: sum / values.length, max, distinct: distinctCount(values) };
  });

  // The user and variant columns are summarized above: their distinct counts are not counted again.
  const distinctOf = (name: string) => columns.find((c) => c.name === name)?.distinct ?? distinctCount(frame.numbers[name]);

  // Orders per day before the filter, to show what the filter dropped.
  const allOrdersByDay = ordersPerDay(frame.numbers.order_date, orderIds);
  const keptByDay = new Map(split.ordersPerDay.map((d) => [d.day, d.orders]));
  const droppedOrdersPerDay = [...allOrdersByDay.entries()]
    .map(([day, orders]) => ({ day, orders: orders - (keptByDay.get(day) ?? 0) }))
    .filter((d) => d.orders > 0)
    .sort((a, b) => a.day - b.day);

  return {
    source: { path: frame.source.path, size: frame.source.size, fingerprint: frame.source.fingerprint },
    rows: frame.rowCount,
    extraColumns: frame.extraColumns,
    orders: filter.ordersBefore,
    users: distinctOf(USER_COLUMN),
    variants: distinctOf(VARIANT_COLUMN),
    positiveRate: positives / frame.rowCount,
    filter: {
      minItems: filter.minItems,
      ordersKept: filter.ordersKept,
      rowsKept: filter.rows.length,
      positiveRateKept: keptPositives / filter.rows.length,
      itemsPerOrder: filter.itemsPerOrder,
      itemsPerKeptOrder: filter.itemsPerKeptOrder,
    },
    splits: split.stats,
    ordersPerDay: split.ordersPerDay,
    droppedOrdersPerDay,
    columns,
  };
}
