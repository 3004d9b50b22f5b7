import type { PreparedData } from "./dataset";
import { FEATURE_FRAME_COLUMNS, ORDER_COLUMN, TARGET_COLUMN, USER_COLUMN, VARIANT_COLUMN, type ColumnRole, type ColumnKind } from "./schema";
import type { SplitStats, DayCount } from "./temporal-split";
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

function distinctCount(values: NumericColumn): number {
  return new Set(values).size;
}

export function summarizeDataset(data: PreparedData): DatasetSummary {
  const { frame, filter, split } = data;
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
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    return { name: spec.name, role: spec.role, kind: spec.kind, min, mean: sum / values.length, max, distinct: distinctCount(values) };
  });

  // Orders per day before the filter, to show what the filter dropped.
  const allOrdersByDay = new Map<number, Set<number>>();
  const days = frame.numbers.order_date;
  const orders = frame.numbers[ORDER_COLUMN];
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
