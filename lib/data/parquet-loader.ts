import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { categoryProblem } from "./category-values";
import { doubleItems, sqlIdentifier, sqlString, withDuckDB } from "./duckdb-session";
import { DataError } from "./errors";
import type { DataSource, DictionaryColumn, FeatureFrame } from "./feature-frame";
import { describeSource } from "./fingerprint";
import { narrowestType, type ColumnRange, type NumericColumn } from "./narrow-columns";
import { COLUMN_NAMES, CREATED_AT_COLUMN, FEATURE_FRAME_COLUMNS, ORDER_COLUMN, ORDER_DATE_COLUMN, TARGET_COLUMN, type ColumnSpec } from "./schema";

/*
 * The feature frame from Parquet: one `.parquet` file or a folder of parts (`*.parquet`, read in name
 * order as one table), with the CSV's schema and the CSV's rules: the same required columns, finite
 * numbers, outcome 0/1, category values refused by the same checks, one created_at per order and
 * order_date its day. DuckDB reads the files (column types, decoding, the per-column dictionaries);
 * pushlab checks every value and builds the same FeatureFrame the CSV loader builds, so everything
 * after loading is shared. A problem names the part file, its 1-based row and the column.
 */

export interface ParquetLoadOptions {
  /** Columns that must be present; defaults to all 27 of the schema. */
  requiredColumns?: readonly string[];
  /** Schema columns whose values are kept in the frame (default: all); the others are still checked. */
  keepColumns?: readonly string[];
  /** Called as rows are read. */
  onProgress?: (rowsRead: number, totalRows: number) => void;
  /**
   * Streaming (`pushlab predict`): hand the rows over in chunks of `chunkRows` (the last one smaller)
   * instead of keeping them, each as soon as its rows are checked, so memory is bounded by the chunk.
   * A problem in a later row is still thrown after earlier chunks were handed over. A chunk's numeric
   * columns are float64 views and its codes use the whole input's dictionaries, valid only during the
   * call (the next chunk reuses them). The returned frame then holds no columns.
   */
  stream?: { chunkRows: number; onChunk: (chunk: FeatureFrame) => void | Promise<void> };
}

/** A `.parquet` file, or a folder (of Parquet parts). */
export function isParquetInput(input: string): boolean {
  if (input.toLowerCase().endsWith(".parquet")) return true;
  try {
    return fs.statSync(input).isDirectory();
  } catch {
    return false;
  }
}

/** The Parquet files of an input: the file itself, or a folder's `*.parquet` files (not hidden ones) in name order. */
export function parquetParts(input: string): string[] {
  const absolute = path.resolve(input);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    throw new DataError(absolute, "file not found");
  }
  if (!stat.isDirectory()) {
    if (!stat.isFile()) throw new DataError(absolute, "not a regular file");
    return [absolute];
  }
  const parts = fs
    .readdirSync(absolute)
    .filter((name) => name.toLowerCase().endsWith(".parquet") && !name.startsWith("."))
    .sort()
    .map((name) => path.join(absolute, name));
  if (parts.length === 0) throw new DataError(absolute, "not a regular file: a folder holding no .parquet files");
  return parts;
}

/**
 * Identity of a Parquet input. A file: as for CSV (size + hash of head and tail; a Parquet file's tail
 * is its footer, with the schema and every column chunk's statistics). A folder: a hash over its
 * parts' names and fingerprints, the summed size and the newest mtime.
 */
export function describeParquetSource(input: string): DataSource {
  const parts = parquetParts(input);
  const absolute = path.resolve(input);
  if (parts.length === 1 && parts[0] === absolute) return describeSource(absolute);
  const hash = crypto.createHash("sha256");
  let size = 0;
  let mtimeMs = 0;
  for (const part of parts) {
    const one = describeSource(part);
    hash.update(`${path.basename(part)}\n${one.fingerprint}\n`);
    size += one.size;
    mtimeMs = Math.max(mtimeMs, one.mtimeMs);
  }
  const fingerprint = hash.digest("hex").slice(0, 16);
  return { path: absolute, size, mtimeMs, fingerprint, identity: `parquet-parts:${fingerprint}` };
}

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/;
const TIME_TYPE = /^(TIMESTAMP(_S|_MS|_NS)?|TIMESTAMP WITH TIME ZONE|DATE)$/;

function expectedType(spec: ColumnSpec): { pattern: RegExp; words: string } {
  if (spec.kind === "string") return { pattern: /^VARCHAR$/, words: "a string (VARCHAR)" };
  if (spec.kind === "number") return { pattern: NUMERIC_TYPE, words: "a number (integer, float, double or decimal)" };
  return { pattern: TIME_TYPE, words: spec.kind === "date" ? "a date or timestamp" : "a timestamp" };
}

const NUMBER = 0;
const STRING = 1;
const DATETIME = 2;
const DATE = 3;

interface PartSchema {
  file: string;
  /** Every column of the file, in file order. */
  names: string[];
  types: string[];
  rows: number;
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error).split("\n")[0];
}

async function readSchema(db: DuckDBConnection, file: string): Promise<PartSchema> {
  try {
    const described = await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`);
    const rows = described.getRowObjects();
    const counted = await db.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM read_parquet(${sqlString(file)})`);
    return {
      file,
      names: rows.map((r) => String(r.column_name)),
      types: rows.map((r) => String(r.column_type)),
      rows: Number(counted.getRowObjects()[0].n),
    };
  } catch (error) {
    throw new DataError(file, `cannot read as Parquet: ${firstLine(error)}`);
  }
}

function checkSchema(schema: PartSchema, required: readonly string[], first: PartSchema | null): void {
  const described = () => schema.names.map((n, i) => `${n} ${schema.types[i]}`).join(", ");
  for (const name of required) {
    if (!schema.names.includes(name)) throw new DataError(schema.file, `missing required column '${name}'; the file has: ${described()}`);
  }
  schema.names.forEach((name, index) => {
    const spec = FEATURE_FRAME_COLUMNS.find((c) => c.name === name);
    if (!spec) return;
    const expected = expectedType(spec);
    if (!expected.pattern.test(schema.types[index])) {
      throw new DataError(schema.file, `column ${index + 1} '${name}' has the wrong type ${schema.types[index]}; expected ${expected.words}`);
    }
  });
  if (first) {
    const known = (s: PartSchema) => s.names.filter((n) => COLUMN_NAMES.includes(n)).sort().join(",");
    if (known(schema) !== known(first)) {
      throw new DataError(schema.file, `its schema columns differ from the first part's (${path.basename(first.file)}): ${described()}`);
    }
  }
}

/** Row (1-based, in `file`) of the first row whose `column` equals `value`. */
async function firstRowWith(db: DuckDBConnection, file: string, column: string, value: string): Promise<number> {
  const found = await db.runAndReadAll(
    `SELECT min(file_row_number)::DOUBLE AS r FROM read_parquet(${sqlString(file)}, file_row_number = true) WHERE ${sqlIdentifier(column)} = ${sqlString(value)}`,
  );
  return Number(found.getRowObjects()[0].r) + 1;
}

/**
 * The distinct values of a string column over all parts, in order of first appearance (as the CSV
 * loader's dictionaries), each checked like a CSV category value.
 */
async function readDictionary(db: DuckDBConnection, parts: PartSchema[], name: string): Promise<string[]> {
  const seen = new Set<string>();
  const dictionary: string[] = [];
  const column = sqlIdentifier(name);
  for (const part of parts) {
    const index = part.names.indexOf(name);
    const result = await db.runAndReadAll(
      `SELECT ${column} AS v, min(file_row_number)::DOUBLE AS r FROM read_parquet(${sqlString(part.file)}, file_row_number = true) WHERE ${column} IS NOT NULL GROUP BY 1 ORDER BY 2`,
    );
    for (const row of result.getRowObjects()) {
      const value = String(row.v);
      if (seen.has(value)) continue;
      const problem = value === "" ? "empty value; expected a category name" : categoryProblem(value);
      if (problem) throw new DataError(part.file, problem, { row: Number(row.r) + 1, column: { index: index + 1, name }, value });
      seen.add(value);
      dictionary.push(value);
    }
  }
  return dictionary;
}

/**
 * Min, max, whether every value is whole and whether every value is a float32 number, for each kept
 * non-string column over all parts (nulls ignored: they are refused when the rows are read). A -0
 * counts as whole here, so an integer column stores it as 0 (equal in every computation).
 */
async function numericRanges(
  db: DuckDBConnection,
  parts: PartSchema[],
  present: ColumnSpec[],
  expressions: string[],
  keep: Set<string> | null,
): Promise<(ColumnRange | null)[]> {
  const wanted = present.map((spec, j) => (spec.kind !== "string" && (!keep || keep.has(spec.name)) ? j : -1)).filter((j) => j >= 0);
  const ranges: (ColumnRange | null)[] = present.map(() => null);
  if (wanted.length === 0) return ranges;
  const aggregates = wanted.flatMap((j) => {
    const e = `(${expressions[j]})`;
    return [
      `min(${e})`,
      `max(${e})`,
      `coalesce(bool_and(${e} = trunc(${e})), true)::DOUBLE`,
      `coalesce(bool_and(CASE WHEN abs(${e}) <= 3.4028234663852886e38 THEN ${e}::FLOAT::DOUBLE = ${e} ELSE false END), true)::DOUBLE`,
    ];
  });
  for (const part of parts) {
    const result = await db.runAndReadAll(`SELECT ${aggregates.join(", ")} FROM read_parquet(${sqlString(part.file)})`);
    const row = result.getRows()[0];
    wanted.forEach((j, k) => {
      const [min, max, whole, float32] = row.slice(4 * k, 4 * k + 4).map((v) => (v === null ? null : Number(v)));
      if (min === null || max === null) return; // no non-null value in this part
      const before = ranges[j];
      ranges[j] = {
        min: Math.min(before?.min ?? Infinity, min),
        max: Math.max(before?.max ?? -Infinity, max),
        integers: (before?.integers ?? true) && whole === 1,
        float32: (before?.float32 ?? true) && float32 === 1,
      };
    });
  }
  return ranges;
}

/** Reads and validates a Parquet feature frame; throws DataError on the first problem found (nothing is returned then). */
export async function loadFeatureFrameParquet(input: string, source: DataSource, options: ParquetLoadOptions = {}): Promise<FeatureFrame> {
  const files = parquetParts(input);
  return withDuckDB(async (db) => {
    const parts: PartSchema[] = [];
    for (const file of files) {
      const schema = await readSchema(db, file);
      checkSchema(schema, options.requiredColumns ?? COLUMN_NAMES, parts[0] ?? null);
      parts.push(schema);
    }
    const present = FEATURE_FRAME_COLUMNS.filter((c) => parts[0].names.includes(c.name));
    const totalRows = parts.reduce((sum, p) => sum + p.rows, 0);
    if (totalRows === 0) throw new DataError(files[0], "no data rows");
    const keep = options.keepColumns ? new Set(options.keepColumns) : null;
    const stream = options.stream ?? null;
    if (stream && !(Number.isSafeInteger(stream.chunkRows) && stream.chunkRows >= 1)) throw new RangeError(`chunkRows must be a positive integer, got ${stream.chunkRows}`);
    // Rows the stored columns hold: the whole input, or one chunk when streaming.
    const capacity = stream ? stream.chunkRows : totalRows;

    const dictionaries = new Map<string, string[]>();
    for (const spec of present) {
      if (spec.kind !== "string") continue;
      const dictionary = await readDictionary(db, parts, spec.name);
      dictionaries.set(spec.name, dictionary);
      if (dictionary.length > 0) {
        await db.run(`CREATE TYPE ${sqlIdentifier(`dict_${spec.name}`)} AS ENUM (${dictionary.map(sqlString).join(", ")})`);
      }
    }

    // One DOUBLE per schema column: numbers as they are, times as epoch seconds / days, strings as
    // dictionary codes; plus a flag for rows holding a null anywhere.
    const expressions = present.map((spec) => {
      const column = sqlIdentifier(spec.name);
      if (spec.kind === "string") {
        return dictionaries.get(spec.name)!.length > 0 ? `enum_code(CAST(${column} AS ${sqlIdentifier(`dict_${spec.name}`)}))::DOUBLE` : `NULL::DOUBLE`;
      }
      if (spec.kind === "datetime") return `epoch(${column})::DOUBLE`;
      if (spec.kind === "date") return `(epoch(${column}) / 86400)::DOUBLE`;
      return `${column}::DOUBLE`;
    });
    const anyNull = `(${present.map((spec) => `${sqlIdentifier(spec.name)} IS NULL`).join(" OR ")})::DOUBLE`;

    // Each kept numeric column is allocated in its narrowest exact type, from one scan of DuckDB's
    // aggregates, so the frame never exists as float64 (bench/README.md, "Scale"). A streamed
    // chunk is small: float64, without that scan.
    const ranges = stream ? present.map(() => null) : await numericRanges(db, parts, present, expressions, keep);
    const numbers: Record<string, NumericColumn> = {};
    const codes: Record<string, Int32Array> = {};
    const stored: (NumericColumn | null)[] = present.map((spec, j) => {
      if (keep && !keep.has(spec.name)) return null;
      if (spec.kind === "string") return (codes[spec.name] = new Int32Array(capacity));
      const Type = ranges[j] ? narrowestType(ranges[j]!) : Float64Array;
      return (numbers[spec.name] = new Type(capacity));
    });
    const categoriesOf = (rows: number) => {
      const categories: Record<string, DictionaryColumn> = {};
      for (const [name, column] of Object.entries(codes)) categories[name] = { codes: rows === column.length ? column : column.subarray(0, rows), dictionary: dictionaries.get(name)! };
      return categories;
    };
    const extraColumns = parts[0].names.filter((n) => !COLUMN_NAMES.includes(n));
    let filled = 0; // rows in the stored columns
    const handOver = async () => {
      const views: Record<string, NumericColumn> = {};
      for (const [name, column] of Object.entries(numbers)) views[name] = column.subarray(0, filled);
      await stream!.onChunk({ source, rowCount: filled, numbers: views, categories: categoriesOf(filled), extraColumns });
      filled = 0;
    };
    const kinds = Uint8Array.from(present, (c) => (c.kind === "string" ? STRING : c.kind === "number" ? NUMBER : c.kind === "datetime" ? DATETIME : DATE));
    const targetAt = present.findIndex((c) => c.name === TARGET_COLUMN);
    const orderAt = present.findIndex((c) => c.name === ORDER_COLUMN);
    const createdAt = present.findIndex((c) => c.name === CREATED_AT_COLUMN);
    const dayAt = present.findIndex((c) => c.name === ORDER_DATE_COLUMN);
    const orderCreated = new Map<number, number>();
    const orderFirst = new Map<number, { file: string; row: number }>();

    let offset = 0;
    for (const part of parts) {
      const columnOf = (j: number) => ({ index: part.names.indexOf(present[j].name) + 1, name: present[j].name });
      const result = await db.stream(`SELECT ${expressions.join(", ")}, ${anyNull} FROM read_parquet(${sqlString(part.file)})`);
      let row = 0; // 0-based row in this part
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const n = chunk.rowCount;
        const values = present.map((_, j) => doubleItems(chunk.getColumnVector(j)));
        const nulls = doubleItems(chunk.getColumnVector(present.length));
        const at = (i: number, j: number, message: string, value?: string): never => {
          throw new DataError(part.file, message, { row: row + i + 1, column: columnOf(j), value });
        };
        for (let i = 0; i < n; i++) {
          if (nulls[i] !== 0) {
            for (let j = 0; j < present.length; j++) {
              if (chunk.getColumnVector(j).getItem(i) === null) {
                at(i, j, kinds[j] === STRING ? "null value; expected a category name" : kinds[j] === NUMBER ? "null value; expected a number" : "null value; expected a date-time");
              }
            }
          }
        }
        // Column by column (one typed array at a time) rather than row by row: ≈ 3× faster here.
        for (let j = 0; j < present.length; j++) {
          const column = values[j];
          const kind = kinds[j];
          if (kind === NUMBER) {
            for (let i = 0; i < n; i++) if (!Number.isFinite(column[i])) at(i, j, "not a finite number", String(column[i]));
          } else if (kind === DATETIME) {
            for (let i = 0; i < n; i++) if (!Number.isInteger(column[i])) at(i, j, "not a whole second (expected YYYY-MM-DD HH:MM:SS)");
          } else if (kind === DATE) {
            for (let i = 0; i < n; i++) if (!Number.isInteger(column[i])) at(i, j, "order_date must be midnight (YYYY-MM-DD 00:00:00)");
          }
        }
        if (targetAt >= 0) {
          const outcome = values[targetAt];
          for (let i = 0; i < n; i++) if (outcome[i] !== 0 && outcome[i] !== 1) at(i, targetAt, "outcome must be 0 or 1", String(outcome[i]));
        }
        if (orderAt >= 0 && createdAt >= 0) {
          const orders = values[orderAt];
          const created = values[createdAt];
          const days = dayAt >= 0 ? values[dayAt] : null;
          for (let i = 0; i < n; i++) {
            const order = orders[i];
            const previous = orderCreated.get(order);
            if (previous === undefined) {
              orderCreated.set(order, created[i]);
              orderFirst.set(order, { file: part.file, row: row + i + 1 });
            } else if (previous !== created[i]) {
              const first = orderFirst.get(order)!;
              at(i, createdAt, `order ${order} has two dates: this row differs from row ${first.row}${first.file === part.file ? "" : ` of ${first.file}`}`);
            }
            if (days !== null && days[i] !== Math.floor(created[i] / 86400)) at(i, dayAt, `order_date is not the day of created_at for order ${order}`);
          }
        }
        for (let done = 0; done < n; ) {
          const k = Math.min(n - done, capacity - filled);
          if (k === 0) throw new Error(`internal: ${part.file} has more rows than its metadata says`);
          for (let j = 0; j < present.length; j++) {
            const target = stored[j];
            if (!target) continue;
            target.set(values[j].subarray(done, done + k), filled);
            if (!(target instanceof Float64Array) && kinds[j] !== STRING) {
              // The ranges came from DuckDB's aggregates: check the values really are exact in the narrow type.
              const column = values[j];
              for (let i = 0; i < k; i++) {
                if (target[filled + i] !== column[done + i]) throw new Error(`internal: ${present[j].name} row ${row + done + i + 1} of ${part.file} does not fit its ${target.constructor.name}`);
              }
            }
          }
          filled += k;
          done += k;
          if (stream && filled === capacity) await handOver();
        }
        row += n;
        options.onProgress?.(offset + row, totalRows);
      }
      if (row !== part.rows) throw new Error(`internal: read ${row} rows of ${part.file}, its metadata says ${part.rows}`);
      offset += row;
    }

    if (stream) {
      if (filled > 0) await handOver();
      return { source, rowCount: totalRows, numbers: {}, categories: {}, extraColumns };
    }
    return { source, rowCount: totalRows, numbers, categories: categoriesOf(totalRows), extraColumns };
  });
}
