import type { FeatureFrame } from "../../lib/data/feature-frame";

/** A minimal in-memory frame: one row per (order, item) with the given outcomes and days. */
export function frameFromOrders(orders: { id: number; day: number; outcomes: number[] }[]): FeatureFrame {
  const rows = orders.flatMap((o) => o.outcomes.map((y) => ({ order: o.id, day: o.day, y })));
  return {
    source: { path: "/memory/frame.csv", size: 0, mtimeMs: 0, fingerprint: "test" },
    rowCount: rows.length,
    numbers: {
      order_id: Float64Array.from(rows, (r) => r.order),
      order_date: Float64Array.from(rows, (r) => r.day),
      created_at: Float64Array.from(rows, (r) => r.day * 86400 + 3600),
      outcome: Float64Array.from(rows, (r) => r.y),
    },
    categories: {},
    extraColumns: [],
  };
}

/** A frame of the columns the hand-written model (hand-registry.ts) reads, plus the two categorical columns. */
export function smallFrame(rows: { orderedBefore: number; price: number; productType: string; vendor: string }[]): FeatureFrame {
  const dictionaryColumn = (values: string[]) => {
    const dictionary: string[] = [];
    const codes = Int32Array.from(values, (v) => {
      let c = dictionary.indexOf(v);
      if (c < 0) c = dictionary.push(v) - 1;
      return c;
    });
    return { codes, dictionary };
  };
  return {
    source: { path: "/memory/frame.csv", size: 0, mtimeMs: 0, fingerprint: "test" },
    rowCount: rows.length,
    numbers: { ordered_before: Float64Array.from(rows, (r) => r.orderedBefore), normalised_price: Float64Array.from(rows, (r) => r.price) },
    categories: { product_type: dictionaryColumn(rows.map((r) => r.productType)), vendor: dictionaryColumn(rows.map((r) => r.vendor)) },
    extraColumns: [],
  };
}
