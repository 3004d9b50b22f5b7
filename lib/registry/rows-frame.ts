import { z } from "zod";
import type { FeatureFrame } from "../data/feature-frame";
import { parseDateTimeBytes } from "../data/field-parsers";
import { FEATURE_FRAME_COLUMNS, TARGET_COLUMN } from "../data/schema";

/**
 * JSON rows (POST /api/predict) → a small FeatureFrame, validated against the schema: every column
 * but `outcome` is required, numbers must be finite JSON numbers, categories non-empty strings, dates
 * `YYYY-MM-DD HH:MM:SS`. Errors name the row index and the column.
 */

export { MAX_ROWS_PER_REQUEST } from "./request-limits";
import { MAX_ROWS_PER_REQUEST } from "./request-limits";

const encoder = new TextEncoder();
const dateTime = z.string().refine((s) => parseDateTimeBytes(encoder.encode(s), 0, encoder.encode(s).length) !== -Infinity, { message: "expected a date-time YYYY-MM-DD HH:MM:SS" });

const rowShape: Record<string, z.ZodType> = {};
for (const spec of FEATURE_FRAME_COLUMNS) {
  if (spec.name === TARGET_COLUMN) continue;
  rowShape[spec.name] =
    spec.kind === "string" ? z.string().min(1).max(200) : spec.kind === "number" ? z.number().finite() : dateTime;
}
export const predictRowSchema = z.object(rowShape).passthrough();

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

export function frameFromRows(rows: unknown[]): { frame: FeatureFrame } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const parsed: Record<string, unknown>[] = [];
  rows.forEach((row, index) => {
    const result = predictRowSchema.safeParse(row);
    if (!result.success) {
      for (const issue of result.error.issues.slice(0, 5)) errors.push({ row: index, column: issue.path.map(String).join(".") || null, message: issue.message });
    } else parsed.push(result.data);
  });
  if (errors.length) return { errors: errors.slice(0, 50) };
  const numbers: Record<string, Float64Array> = {};
  const categories: FeatureFrame["categories"] = {};
  for (const spec of FEATURE_FRAME_COLUMNS) {
    if (spec.name === TARGET_COLUMN) continue;
    if (spec.kind === "string") {
      const dictionary: string[] = [];
      const index = new Map<string, number>();
      const codes = Int32Array.from(parsed, (row) => {
        const value = row[spec.name] as string;
        let code = index.get(value);
        if (code === undefined) {
          code = dictionary.length;
          dictionary.push(value);
          index.set(value, code);
        }
        return code;
      });
      categories[spec.name] = { codes, dictionary };
    } else if (spec.kind === "number") {
      numbers[spec.name] = Float64Array.from(parsed, (row) => row[spec.name] as number);
    } else {
      numbers[spec.name] = Float64Array.from(parsed, (row) => {
        const bytes = encoder.encode(row[spec.name] as string);
        const seconds = parseDateTimeBytes(bytes, 0, bytes.length);
        return spec.kind === "date" ? Math.floor(seconds / 86400) : seconds;
      });
    }
  }
  return {
    frame: { source: { path: "(request)", size: 0, mtimeMs: 0, fingerprint: "request" }, rowCount: parsed.length, numbers, categories, extraColumns: [] },
  };
}
