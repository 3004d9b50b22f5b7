/**
 * Deterministic synthetic feature frame: same schema, formatting and similar statistics as the
 * private `feature_frame_20210304.csv` (see shared/dataset.md), so pushlab runs on a fresh machine.
 *
 * - `generateFeatureFrameChunks` simulates the customers (see ./synthetic/simulate.ts), then yields
 *   the CSV as large text chunks: header, then one block of rows per variant, time-sorted inside.
 * - `writeSyntheticFeatureFrame` streams those chunks to a temp file beside the target, fsyncs it
 *   and renames it over the target, so a crash never leaves a half-written file there.
 *
 * The same (orders, seed) always gives byte-identical output.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

import { formatPythonFloat } from "./format-float";
import { FEATURE_FRAME_COLUMNS } from "./schema";
import { DEFAULT_SYNTHETIC_ORDERS, DEFAULT_SYNTHETIC_SEED } from "../workspace";
import { PERIOD_DAYS, dayIndex, formatDate, formatDateTime } from "./synthetic/calendar";
import { formatVariantConstants } from "./synthetic/catalogue";
import {
  FLAG_ABANDONED_BEFORE,
  FLAG_ACTIVE_SNOOZED,
  FLAG_AVAILABLE,
  FLAG_ORDERED_BEFORE,
  FLAG_OUTCOME,
  FLAG_SET_AS_REGULAR,
  IMPUTED_DAYS,
  type Simulation,
  simulate,
} from "./synthetic/simulate";

export { formatPythonFloat } from "./format-float";


export interface SyntheticFrameOptions {
  /** Number of orders (each has a row per variant on sale then, ~836). */
  orders: number;
  /** Seed: the same seed and orders give byte-identical output. */
  seed: number;
}

export type ProgressCallback = (done: number, total: number) => void;

/** Approximate size of the text chunks yielded (characters = bytes, the CSV is ASCII). */
const CHUNK_CHARS = 4 << 20;

/** days_since_purchase_* imputation values, as in the real file. */
const IMPUTED_DAYS_SINCE_VARIANT = 33;
const IMPUTED_DAYS_SINCE_TYPE = 30;

export const FEATURE_FRAME_HEADER = FEATURE_FRAME_COLUMNS.map((c) => c.name).join(",") + "\n";

function flagText(flags: number): string {
  const bit = (mask: number) => (flags & mask ? "1.0" : "0.0");
  // outcome, ordered_before, abandoned_before, active_snoozed, set_as_regular
  return `,${bit(FLAG_OUTCOME)},${bit(FLAG_ORDERED_BEFORE)},${bit(FLAG_ABANDONED_BEFORE)},${bit(FLAG_ACTIVE_SNOOZED)},${bit(FLAG_SET_AS_REGULAR)},`;
}

function daysText(imputed: number): string[] {
  const out: string[] = [];
  for (let d = 0; d < 256; d++) out.push(formatPythonFloat(d === IMPUTED_DAYS ? imputed : d) + ",");
  return out;
}

/** The CSV text of a simulation, in chunks of roughly CHUNK_CHARS characters. */
function* renderChunks(sim: Simulation, onProgress?: ProgressCallback): Generator<string> {
  const { catalogue, orderCount, variantCount: V } = sim;

  // Every cell is formatted once into a lookup table; a row is a concatenation of table entries.
  const flagTexts = Array.from({ length: 64 }, (_, f) => flagText(f));
  const sinceVariantTexts = daysText(IMPUTED_DAYS_SINCE_VARIANT);
  const sinceTypeTexts = daysText(IMPUTED_DAYS_SINCE_TYPE);
  const orderTexts = Array.from({ length: orderCount }, (_, k) => {
    const t = sim.orderSeconds[k];
    const customer = sim.customers[sim.orderCustomer[k]];
    return `${sim.orderIds[k]},${customer.id},${formatDateTime(t)},${formatDate(t)},${sim.orderSeq[k]}`;
  });
  const orderDays = Array.from({ length: orderCount }, (_, k) =>
    Math.max(0, Math.min(PERIOD_DAYS - 1, dayIndex(sim.orderSeconds[k]))),
  );
  const householdTexts = sim.customers.map(({ household: h }) =>
    [h.adults, h.children, h.babies, h.pets, h.adults + h.children].map(formatPythonFloat).join(","),
  );
  const typeTexts = catalogue.productTypes.map(
    (t) => `${formatPythonFloat(t.avgDays)},${formatPythonFloat(t.stdDays)}\n`,
  );

  onProgress?.(0, sim.rows);
  let chunk = FEATURE_FRAME_HEADER;
  let done = 0;
  for (let v = 0; v < V; v++) {
    const variant = catalogue.variants[v];
    const c = formatVariantConstants(variant);
    const head = `${variant.id},${catalogue.productTypes[variant.productType].name},`;
    const middle = `${c.price},${c.discount},${catalogue.vendors[variant.vendor].name},`;
    const variantStats = `${c.avgDays},${c.stdDays},`;
    const typeStats = typeTexts[variant.productType];
    const popularityTexts: string[] = [];
    for (let d = 0; d < PERIOD_DAYS; d++) {
      popularityTexts.push(formatPythonFloat(sim.popularity[v * PERIOD_DAYS + d]) + ",");
    }

    // Orders are already in time order, so each variant block is time-sorted.
    for (let k = 0; k < orderCount; k++) {
      const i = k * V + v;
      const f = sim.flags[i];
      if (!(f & FLAG_AVAILABLE)) continue;
      chunk +=
        head +
        orderTexts[k] +
        flagTexts[f] +
        middle +
        popularityTexts[orderDays[k]] +
        householdTexts[sim.orderCustomer[k]] +
        "," +
        sinceVariantTexts[sim.daysSinceVariant[i]] +
        variantStats +
        sinceTypeTexts[sim.daysSinceType[i]] +
        typeStats;
      done++;
    }
    if (chunk.length >= CHUNK_CHARS || v === V - 1) {
      yield chunk;
      chunk = "";
      onProgress?.(done, sim.rows);
    }
  }
}

function checkOptions(options: SyntheticFrameOptions): void {
  if (!Number.isSafeInteger(options.orders) || options.orders < 1) {
    throw new RangeError(`orders must be a positive integer, got ${options.orders}`);
  }
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
}

/**
 * Generate the synthetic feature frame as CSV text chunks (the first starts with the header).
 * The simulation runs on the first `next()`; `onProgress(rowsDone, rowsTotal)` follows the writing.
 */
export function* generateFeatureFrameChunks(
  options: SyntheticFrameOptions,
  onProgress?: ProgressCallback,
): Generator<string> {
  checkOptions(options);
  yield* renderChunks(simulate(options), onProgress);
}

/** The whole synthetic CSV as one string (small sizes only: the default size is ≈ 0.8 GB). */
export function generateFeatureFrameCsv(options: SyntheticFrameOptions): string {
  let out = "";
  for (const chunk of generateFeatureFrameChunks(options)) out += chunk;
  return out;
}

export interface WriteResult {
  rows: number;
  orders: number;
  bytes: number;
}

/**
 * Write the synthetic feature frame to `path` atomically: stream to a temp file in the same folder,
 * fsync, then rename over `path` (and fsync the folder). On failure the temp file is removed and
 * `path` is untouched.
 */
export async function writeSyntheticFeatureFrame(
  path: string,
  options: Partial<SyntheticFrameOptions> = {},
  onProgress?: ProgressCallback,
): Promise<WriteResult> {
  const resolved: SyntheticFrameOptions = {
    orders: options.orders ?? DEFAULT_SYNTHETIC_ORDERS,
    seed: options.seed ?? DEFAULT_SYNTHETIC_SEED,
  };
  checkOptions(resolved);
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temp = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);

  let rows = 0;
  let bytes = 0;
  const handle = await open(temp, "wx");
  try {
    for (const chunk of generateFeatureFrameChunks(resolved, (done, total) => {
      rows = done;
      onProgress?.(done, total);
    })) {
      const buffer = Buffer.from(chunk, "latin1");
      let offset = 0;
      while (offset < buffer.length) {
        const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
        offset += bytesWritten;
      }
      bytes += buffer.length;
    }
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  // Make the rename itself durable; not every platform can fsync a directory.
  try {
    const dir = await open(folder, "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // ignore
  }
  return { rows, orders: resolved.orders, bytes };
}
