// Cold load of a feature-frame CSV into an in-memory DuckDB table with read_csv (2 threads), as the
// reference for pushlab's cold parse. Prints one JSON line: seconds inside the process (around
// read_csv only) and the row count. Usage: node bench/duckdb-load.mjs FILE [--threads N]
import { DuckDBInstance } from "@duckdb/node-api";

const [file] = process.argv.slice(2);
const i = process.argv.indexOf("--threads");
const threads = i >= 0 ? process.argv[i + 1] : "2";
if (!file) throw new Error("usage: node bench/duckdb-load.mjs FILE [--threads N]");
const instance = await DuckDBInstance.create(":memory:", { threads });
const connection = await instance.connect();
const started = performance.now();
await connection.run(`CREATE TABLE frame AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}')`);
const seconds = (performance.now() - started) / 1000;
const rows = Number((await connection.runAndReadAll("SELECT count(*) FROM frame")).getRows()[0][0]);
console.log(JSON.stringify({ tool: "duckdb read_csv", threads: Number(threads), seconds, rows }));
