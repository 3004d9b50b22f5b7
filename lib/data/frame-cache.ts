import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Vector as ArrowVector } from "apache-arrow";
import { writeFileAtomicSync } from "../fs-atomic";
import type { DataSource, FeatureFrame } from "./feature-frame";
import { narrowColumn, type NumericColumn } from "./narrow-columns";
import { columnSpec } from "./schema";

/**
 * Parsed columns cached as an Arrow IPC file (readable by pyarrow, polars, DuckDB …): `created_at` as
 * timestamp[s], `order_date` as date32, strings dictionary-encoded, every other number in its frame
 * column's narrow type (uint8 … float64, lib/data/narrow-columns.ts). One record
 * batch, so a reload maps each column straight onto the file's buffer without copying.
 */

// v2: frames written before the fix of negative numbers with more than 15 significant digits (read
// with the wrong sign) must not be reused. v3: keyed by the file's identity, fingerprint of every byte.
// v4: narrow numeric types.
const CACHE_FORMAT = "pushlab-frame-v4";

type Arrow = typeof import("apache-arrow");
let arrowImport: Promise<Arrow> | null = null;

/**
 * apache-arrow, imported on first use: it is ≈ 150 modules, so a command that reads or writes no
 * cache starts without it, and a cold parse can import it while the parse runs (dataset.ts).
 */
export function importArrow(): Promise<Arrow> {
  return (arrowImport ??= import("apache-arrow"));
}

/** The Arrow type of a frame column's typed array. */
function arrowType(arrow: Arrow, values: NumericColumn) {
  if (values instanceof Uint8Array) return new arrow.Uint8();
  if (values instanceof Int8Array) return new arrow.Int8();
  if (values instanceof Uint16Array) return new arrow.Uint16();
  if (values instanceof Int16Array) return new arrow.Int16();
  if (values instanceof Uint32Array) return new arrow.Uint32();
  if (values instanceof Int32Array) return new arrow.Int32();
  if (values instanceof Float32Array) return new arrow.Float32();
  return new arrow.Float64();
}

/** The cache file of a file's path and identity (fingerprint.ts): any change to the file is a new key. */
export function frameCachePath(cacheDir: string, source: DataSource): string {
  const key = crypto
    .createHash("sha256")
    .update(JSON.stringify([CACHE_FORMAT, source.path, source.identity ?? `${source.size}:${source.mtimeMs}`]))
    .digest("hex")
    .slice(0, 20);
  return path.join(cacheDir, `frame-${key}.arrow`);
}

export async function writeFrameCache(file: string, frame: FeatureFrame): Promise<void> {
  const arrow = await importArrow();
  const { DateDay, Dictionary, Int32, Table, TimestampSecond, Utf8, Vector, makeData, tableToIPC, vectorFromArray } = arrow;
  const columns: Record<string, ArrowVector> = {};
  for (const [name, values] of Object.entries(frame.numbers)) {
    const kind = columnSpec(name)?.kind;
    if (kind === "datetime") {
      const data = new BigInt64Array(values.length);
      for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i]);
      columns[name] = new Vector([makeData({ type: new TimestampSecond(), data })]);
    } else if (kind === "date") {
      columns[name] = new Vector([makeData({ type: new DateDay(), data: Int32Array.from(values) })]);
    } else {
      columns[name] = new Vector([makeData({ type: arrowType(arrow, values), data: values } as Parameters<typeof makeData>[0])]);
    }
  }
  for (const [name, column] of Object.entries(frame.categories)) {
    const dictionary = vectorFromArray(column.dictionary, new Utf8());
    columns[name] = new Vector([
      // The cache's codes are Int32 whatever array a (compacted) frame holds them in.
      makeData({ type: new Dictionary(new Utf8(), new Int32()), data: column.codes instanceof Int32Array ? column.codes : Int32Array.from(column.codes), dictionary, length: column.codes.length }),
    ]);
  }
  const table = new Table(columns);
  table.schema.metadata.set(
    "pushlab",
    JSON.stringify({ format: CACHE_FORMAT, source: frame.source, rowCount: frame.rowCount, extraColumns: frame.extraColumns }),
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, tableToIPC(table, "file"));
}

/** Returns the cached frame, or null when the cache is missing or unreadable (it is then rebuilt). */
export async function readFrameCache(file: string): Promise<FeatureFrame | null> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return null;
  }
  const { tableFromIPC } = await importArrow();
  try {
    const table = tableFromIPC(bytes);
    const meta = JSON.parse(table.schema.metadata.get("pushlab") ?? "null");
    if (!meta || meta.format !== CACHE_FORMAT || table.batches.length !== 1 || !meta.source?.fingerprint) return null;
    const numbers: Record<string, NumericColumn> = {};
    const categories: FeatureFrame["categories"] = {};
    for (const field of table.schema.fields) {
      const data = table.getChild(field.name)!.data[0];
      const kind = columnSpec(field.name)?.kind;
      if (kind === "string") {
        categories[field.name] = {
          // The IPC body pads buffers to 8 bytes: an odd row count read back one code too many.
          codes: (data.values as Int32Array).subarray(0, data.length),
          dictionary: (data.dictionary!.toArray() as string[]).slice(),
        };
      } else if (kind === "datetime") {
        // int64 seconds → float64 through the 32-bit halves: far faster than BigInt conversion.
        const halves = new Int32Array((data.values as BigInt64Array).buffer, (data.values as BigInt64Array).byteOffset, data.length * 2);
        const out = new Float64Array(data.length);
        for (let i = 0; i < data.length; i++) out[i] = halves[2 * i + 1] * 4294967296 + (halves[2 * i] >>> 0);
        numbers[field.name] = narrowColumn(out);
      } else if (kind === "date") {
        numbers[field.name] = narrowColumn((data.values as Int32Array).subarray(0, data.length));
      } else {
        numbers[field.name] = (data.values as NumericColumn).subarray(0, data.length);
      }
    }
    return {
      source: meta.source as DataSource,
      rowCount: meta.rowCount,
      numbers,
      categories,
      extraColumns: meta.extraColumns ?? [],
    };
  } catch {
    return null;
  }
}
