import { z } from "zod";
import { categoryProblem } from "../data/category-values";
import type { FeatureFrame } from "../data/feature-frame";
import { parseDateTimeBytes, parseNumberBytes } from "../data/field-parsers";
import { ORDER_COLUMN, USER_COLUMN, VARIANT_COLUMN } from "../data/schema";
import type { PipelineState } from "../features/pipeline";
import type { SignatureInput } from "./model-signature";

/**
 * JSON rows (POST /api/predict) → a small FeatureFrame of the columns one model reads (its
 * signature's inputs), validated: numbers may be JSON numbers or numeric strings as a CSV row gives
 * them (`"0.5"`, `"1e-05"`), categories non-empty strings, dates `YYYY-MM-DD HH:MM:SS` (UTC). Every
 * other column is optional: the ids (variant_id, order_id, user_id) are echoed back when given, the
 * rest is ignored. Errors name the row index and the column.
 */

export { MAX_ROWS_PER_REQUEST } from "./request-limits";
import { MAX_ROWS_PER_REQUEST } from "./request-limits";
export const ID_COLUMNS = [VARIANT_COLUMN, ORDER_COLUMN, USER_COLUMN] as const;
const MAX_ERRORS = 50;
const MAX_ERRORS_PER_ROW = 5;

const encoder = new TextEncoder();

export const predictRequestSchema = z
  .object({
    rows: z.array(z.unknown()).min(1, { message: "rows must hold at least one row" }).max(MAX_ROWS_PER_REQUEST, { message: `at most ${MAX_ROWS_PER_REQUEST} rows per request` }),
    version: z.string().max(40).optional(),
  })
  .strict();

export interface RowError {
  row: number | null;
  column: string | null;
  message: string;
}

export type RowIds = Partial<Record<(typeof ID_COLUMNS)[number], number>>;

export interface RowsFrame {
  frame: FeatureFrame;
  /** Per row, the ids it was sent with. */
  ids: RowIds[];
}

/** A JSON number, or a string holding exactly a decimal number (no blanks, no hex, no Infinity). */
function toNumber(value: unknown): number {
  if (typeof value === "number") return Number.isFinite(value) ? value : NaN;
  if (typeof value !== "string" || value.length > 64) return NaN;
  const bytes = encoder.encode(value);
  return parseNumberBytes(bytes, 0, bytes.length);
}

function toEpochSeconds(value: unknown): number {
  if (typeof value !== "string" || value.length > 19) return -Infinity;
  const bytes = encoder.encode(value);
  return parseDateTimeBytes(bytes, 0, bytes.length);
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (typeof value === "string") return `'${value.slice(0, 40)}'`;
  return Array.isArray(value) ? "an array" : typeof value;
}

/** Validates every row against the model's inputs and builds the frame; all problems (up to 50) at once. */
export function frameFromRows(rows: unknown[], inputs: readonly SignatureInput[]): RowsFrame | { errors: RowError[] } {
  const errors: RowError[] = [];
  const numbers: Record<string, Float64Array> = {};
  const categories: FeatureFrame["categories"] = {};
  const dictionaries = new Map<string, Map<string, number>>();
  for (const input of inputs) {
    if (input.type === "string") {
      categories[input.name] = { codes: new Int32Array(rows.length), dictionary: [] };
      dictionaries.set(input.name, new Map());
    } else numbers[input.name] = new Float64Array(rows.length);
  }
  const ids: RowIds[] = [];
  rows.forEach((row, index) => {
    let rowErrors = 0;
    const fail = (column: string | null, message: string) => {
      if (rowErrors++ < MAX_ERRORS_PER_ROW) errors.push({ row: index, column, message });
    };
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      fail(null, `expected an object of column values, got ${describe(row)}`);
      ids.push({});
      return;
    }
    const record = row as Record<string, unknown>;
    const value = (column: string) => (Object.hasOwn(record, column) ? record[column] : undefined);
    for (const input of inputs) {
      const raw = value(input.name);
      if (raw === undefined) {
        fail(input.name, `required by the model (${input.type}), missing`);
      } else if (input.type === "number") {
        const n = toNumber(raw);
        if (Number.isNaN(n)) fail(input.name, `expected a number or a numeric string, got ${describe(raw)}`);
        else numbers[input.name][index] = n;
      } else if (input.type === "datetime") {
        const seconds = toEpochSeconds(raw);
        if (seconds === -Infinity) fail(input.name, `expected a date-time YYYY-MM-DD HH:MM:SS (UTC), got ${describe(raw)}`);
        else numbers[input.name][index] = seconds;
      } else {
        const problem = typeof raw !== "string" ? `expected a category name (string), got ${describe(raw)}` : raw === "" ? "empty category name" : categoryProblem(raw);
        if (problem) fail(input.name, problem);
        else {
          const column = categories[input.name];
          const dictionary = dictionaries.get(input.name)!;
          let code = dictionary.get(raw as string);
          if (code === undefined) {
            code = column.dictionary.length;
            column.dictionary.push(raw as string);
            dictionary.set(raw as string, code);
          }
          column.codes[index] = code;
        }
      }
    }
    const rowIds: RowIds = {};
    for (const column of ID_COLUMNS) {
      const raw = value(column);
      if (raw === undefined || raw === null) continue;
      const n = toNumber(raw);
      if (!Number.isSafeInteger(n)) fail(column, `an id is optional, but when given must be an integer (number or numeric string), got ${describe(raw)}`);
      else rowIds[column] = n;
    }
    ids.push(rowIds);
  });
  if (errors.length) return { errors: errors.slice(0, MAX_ERRORS) };
  return {
    frame: { source: { path: "(request)", size: 0, mtimeMs: 0, fingerprint: "request" }, rowCount: rows.length, numbers, categories, extraColumns: [] },
    ids,
  };
}

/**
 * The categories of each encoded column the model has a value of its own for. Anything else is
 * "unseen" and scored by the encoder's rule: frequency 0, target the prior, one-hot the "(other)"
 * column (which also holds the training categories past the kept top N), rare grouping the "(rare)"
 * column (which also holds the rare training categories).
 */
export function knownCategories(pipeline: PipelineState): Map<string, Set<string>> {
  const known = new Map<string, Set<string>>();
  for (const encoder of pipeline.encoders) {
    const values = encoder.kind === "frequency" ? Object.keys(encoder.frequencies) : encoder.kind === "target" ? Object.keys(encoder.means) : encoder.categories;
    known.set(encoder.column, new Set(values));
  }
  return known;
}

/** Per row, the encoded columns whose value the model has not seen (see knownCategories). */
export function unseenCategories(pipeline: PipelineState, frame: FeatureFrame): string[][] {
  const unseen: string[][] = Array.from({ length: frame.rowCount }, () => []);
  for (const [column, known] of knownCategories(pipeline)) {
    const { codes, dictionary } = frame.categories[column];
    const isUnseen = dictionary.map((value) => !known.has(value));
    for (let i = 0; i < frame.rowCount; i++) if (isUnseen[codes[i]]) unseen[i].push(column);
  }
  return unseen;
}
