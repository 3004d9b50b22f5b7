/**
 * DuckDB as the CSV engine, for the engine comparison of `npm run bench -- --scale N`: read_csv of the
 * feature frame (the schema's types, 2 threads) into an in-memory table, then the business filter
 * and the temporal split in SQL (orders with ≥ 5 purchased items; cumulative share of distinct
 * orders per day ≤ 0.7 / 0.9). Prints one JSON line: seconds per step and the row counts.
 *
 *   node --import tsx bench/duckdb-csv.ts --file F [--memory-limit 4GB] [--stream]
 *
 * With --stream nothing is materialized: the filter and split are computed straight from read_csv
 * (the file is scanned twice), the out-of-core path for files larger than memory.
 */
import { sqlString, withDuckDB } from "../lib/data/duckdb-session";
import { FEATURE_FRAME_COLUMNS } from "../lib/data/schema";

const argAt = (name: string) => process.argv.indexOf(`--${name}`);
const file = process.argv[argAt("file") + 1];
const memoryLimit = argAt("memory-limit") >= 0 ? process.argv[argAt("memory-limit") + 1] : "4GB";
const type = (kind: string, integer?: boolean) => (kind === "string" ? "VARCHAR" : kind === "number" ? (integer ? "BIGINT" : "DOUBLE") : "TIMESTAMP");
const columns = FEATURE_FRAME_COLUMNS.map((c) => `${sqlString(c.name)}: ${sqlString(type(c.kind, c.integer))}`).join(", ");

const out: Record<string, unknown> = { memoryLimit };
await withDuckDB(
  async (db) => {
    let t = performance.now();
    const lap = () => {
      const s = (performance.now() - t) / 1000;
      t = performance.now();
      return s;
    };
    const source = `read_csv(${sqlString(file)}, header = true, columns = {${columns}}, timestampformat = '%Y-%m-%d %H:%M:%S')`;
    if (process.argv.includes("--stream")) {
      out.mode = "stream";
      await db.run(`CREATE VIEW frame AS SELECT order_id, outcome, order_date FROM ${source}`);
    } else {
      await db.run(`CREATE TABLE frame AS SELECT * FROM ${source}`);
    }
    out.readSeconds = lap();
    const split = await db.runAndReadAll(`
      WITH kept AS (SELECT order_id FROM frame GROUP BY order_id HAVING sum(outcome) >= 5),
      days AS (SELECT order_date AS day, count(DISTINCT f.order_id) AS orders FROM frame f SEMI JOIN kept USING (order_id) GROUP BY 1),
      shares AS (SELECT day, sum(orders) OVER (ORDER BY day) / sum(orders) OVER () AS share FROM days),
      labelled AS (SELECT day, CASE WHEN share <= 0.7 + 1e-12 THEN 'train' WHEN share <= 0.9 + 1e-12 THEN 'validation' ELSE 'test' END AS split FROM shares)
      SELECT l.split, count(*)::DOUBLE AS n FROM frame f SEMI JOIN kept USING (order_id) JOIN labelled l ON f.order_date = l.day GROUP BY 1 ORDER BY 1`);
    out.filterSplitSeconds = lap();
    out.rows = Object.fromEntries(split.getRowObjects().map((r) => [String(r.split), Number(r.n)]));
  },
  { memoryLimit },
);
process.stdout.write(`${JSON.stringify(out)}\n`);
