import { sqlString, withDuckDB } from "./duckdb-session";
import { isParquetInput, parquetParts } from "./parquet-loader";
import { FEATURE_FRAME_COLUMNS, MIN_ITEMS_PER_ORDER } from "./schema";

/**
 * The business filter and the temporal split computed by DuckDB straight from the file (CSV or
 * Parquet), out of core: nothing but per-order and per-day aggregates is held. The reference is
 * prepareData (order-filter.ts, temporal-split.ts); this is the path for files larger than memory
 * (docs/scale.md). Returns each split's order ids (sorted) and row count.
 */
export async function filterAndSplitInDuckDB(file: string, trainShare = 0.7, validationShare = 0.2): Promise<Record<"train" | "validation" | "test", { orders: number[]; rows: number }>> {
  const type = (kind: string, integer?: boolean) => (kind === "string" ? "VARCHAR" : kind === "number" ? (integer ? "BIGINT" : "DOUBLE") : "TIMESTAMP");
  const columns = FEATURE_FRAME_COLUMNS.map((c) => `${sqlString(c.name)}: ${sqlString(type(c.kind, c.integer))}`).join(", ");
  const source = isParquetInput(file)
    ? `read_parquet([${parquetParts(file).map(sqlString).join(", ")}])`
    : `read_csv(${sqlString(file)}, header = true, columns = {${columns}}, timestampformat = '%Y-%m-%d %H:%M:%S')`;
  return withDuckDB(async (db) => {
    const result = await db.runAndReadAll(`
      WITH orders AS (SELECT order_id, any_value(order_date) AS day, count(*) AS n FROM ${source} GROUP BY order_id HAVING sum(outcome) >= ${MIN_ITEMS_PER_ORDER}),
      days AS (SELECT day, count(*) AS orders FROM orders GROUP BY day),
      shares AS (SELECT day, sum(orders) OVER (ORDER BY day) / sum(orders) OVER () AS share FROM days)
      SELECT CASE WHEN s.share <= ${trainShare} + 1e-12 THEN 'train' WHEN s.share <= ${trainShare + validationShare} + 1e-12 THEN 'validation' ELSE 'test' END AS split,
             list(o.order_id::DOUBLE ORDER BY o.order_id) AS ids, sum(o.n)::DOUBLE AS rows
      FROM orders o JOIN shares s USING (day) GROUP BY 1`);
    const out = { train: { orders: [] as number[], rows: 0 }, validation: { orders: [] as number[], rows: 0 }, test: { orders: [] as number[], rows: 0 } };
    for (const row of result.getRowObjects()) {
      const name = String(row.split) as keyof typeof out;
      out[name] = { orders: (row.ids as unknown as { items: unknown[] }).items.map(Number), rows: Number(row.rows) };
    }
    return out;
  });
}
