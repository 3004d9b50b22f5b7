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
  const scratch = blockScratch();
  if (values instanceof Uint8Array || values instanceof Int8Array || values instanceof Uint16Array || values instanceof Int16Array) {
    const seen = new Uint8Array(1 << 17);
    let count = 0;
    for (let first = 0; first < values.length; first += scratch.length) {
      const block = readFloat64Block(values, first, scratch);
      for (let i = 0; i < block.length; i++) {
        const slot = block[i] + 65536;
        if (seen[slot] === 0) {
          seen[slot] = 1;
          count++;
        }
      }
    }
    return count;
  }
  const table = new DoubleCodes();
  let last = NaN;
  for (let first = 0; first < values.length; first += scratch.length) {
    const block = readFloat64Block(values, first, scratch);
    for (let i = 0; i < block.length; i++) if (block[i] !== last) table.codeOf((last = block[i]));
  }
  return table.size;
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

  // Orders per day before the filter, to show what the filter dropped.
  // (order codes, not the ids: see order-codes.ts)
  const allOrdersByDay = new Map<number, Set<number>>();
  const days = frame.numbers.order_date;
  const orders = orderIds.codes;
  for (let i = 0; i < frame.rowCount; i++) {
    let set = allOrdersByDay.get(days[i]);
    if (!set) allOrdersByDay.set(days[i], (set = new Set()));
    set.add(orders[i]);
  }
  const keptByDay = new Map(split.ordersPerDay.map((d) => [d.day, d.orders]));
  const droppedOrdersPerDay = [...allOrdersByDay.entries()]
    .map(([day, set]) => ({ day, orders: set.size - (keptByDay.get(day) ?? 0) }))
    .filter((d) => d.orders > 0)
    .sort((a, b) => a.day - b.day);

  return {
    source: { path: frame.source.path, size: frame.source.size, fingerprint: frame.source.fingerprint },
    rows: frame.rowCount,
    extraColumns: frame.extraColumns,
    orders: filter.ordersBefore,
    users: distinctCount(frame.numbers[USER_COLUMN]),
    variants: distinctCount(frame.numbers[VARIANT_COLUMN]),
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
