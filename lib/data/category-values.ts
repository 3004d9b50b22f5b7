/*
 * What a category value (product_type, vendor) may be, wherever one enters pushlab: a CSV, a row sent
 * to POST /api/predict, a published candidates file.
 */

/** Longest accepted category value (product_type, vendor), as for rows sent to POST /api/predict. */
export const MAX_CATEGORY_LENGTH = 200;

/**
 * Why a category value is refused, or null. Values starting with = + - @, a tab or a carriage return
 * are refused because spreadsheets run them as formulas when a file holding them (the input, or the
 * predictions `pushlab predict` copies it into) is opened: CSV injection. Real product types and
 * vendors are short lowercase names, so nothing legitimate is lost. Control characters other than
 * tab, CR and LF (NUL, ESC …) and values longer than MAX_CATEGORY_LENGTH are refused as well.
 */
export function categoryProblem(text: string): string | null {
  if (text.length > MAX_CATEGORY_LENGTH) return `category value longer than ${MAX_CATEGORY_LENGTH} characters`;
  const first = text.charCodeAt(0);
  if (first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13) {
    return "category value starts with = + - @, a tab or a carriage return, which a spreadsheet would run as a formula (CSV injection)";
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return "category value contains a control character";
  return null;
}
