import contentType from "content-type";

/*
 * The limits of POST /api/predict, consistent with each other: the body cap leaves room for
 * MAX_ROWS_PER_REQUEST rows of the largest size a valid row realistically has — every number at 17
 * significant digits with an exponent, both category values at their 200-character limit (ASCII),
 * the column names, indented JSON — so the row limit can be reached (the suite sends
 * MAX_ROWS_PER_REQUEST such rows; the smallest valid row is ≈ 590 bytes, the largest ≈ 1.9 KB).
 */

export const MAX_ROWS_PER_REQUEST = 5000;
/** Room per row in the body cap. */
export const MAX_ROW_BYTES = 2048;
export const MAX_BODY_BYTES = MAX_ROWS_PER_REQUEST * MAX_ROW_BYTES;

/**
 * Whether a Content-Type header is JSON: the media type `application/json` (case-insensitive, as RFC
 * 9110 says), with at most a UTF-8 charset parameter — not `application/jsonp`, not a parameter that
 * merely contains the words.
 */
export function isJsonContentType(header: string | null): boolean {
  if (!header) return false;
  let parsed: contentType.ParsedMediaType;
  try {
    parsed = contentType.parse(header);
  } catch {
    return false;
  }
  if (parsed.type !== "application/json") return false;
  const charset = parsed.parameters.charset;
  return charset === undefined || charset.toLowerCase() === "utf-8";
}
