/*
 * The general path of the CSV reader: the field boundaries of one record, any shape RFC 4180 allows
 * (quoted fields with "" escapes and embedded newlines, CRLF). The reader runs it on the records the
 * fast path (fast-record.ts) gives up on.
 */

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

export const S_SCAN = 0;
export const S_FIELD = 1;
export const S_START = 2;
export const S_QUOTED = 3;
export const S_ESCAPED = 4;
export const S_NEWLINES = 5;
export const S_COMPLETE = 6;
export const S_OVERFLOW = 7;
export const S_IN_QUOTES = 8;
/** 1 + the first field with bytes after its closing quote (`"star"farm`), 0 for none. */
export const S_BAD_QUOTE = 9;

/**
 * Finds the field boundaries of one record starting at `pos`. A small function of its own so V8
 * optimizes it as a whole: inlined in the big reader loop (compiled only through on-stack
 * replacement) the scan ran several times slower (bench/README.md, "Designs tried").
 */
export function scanRecord(
  buf: Uint8Array,
  pos: number,
  lim: number,
  atEof: boolean,
  fieldCount: number,
  fieldStart: Int32Array,
  fieldEnd: Int32Array,
  fieldQuoted: Uint8Array,
  fieldEscaped: Uint8Array,
  out: Int32Array,
): Int32Array {
  let scan = pos;
  let field = 0;
  let start = scan;
  let quoted = 0;
  let escaped = 0;
  let newlines = 0;
  let complete = 0;
  let overflow = 0;
  let inQuotes = false;
  let badQuote = 0;
  while (scan < lim) {
    const c = buf[scan];
    if (inQuotes) {
      if (c === QUOTE) {
        if (scan + 1 < lim && buf[scan + 1] === QUOTE) {
          escaped = 1;
          scan += 2;
          continue;
        }
        if (scan + 1 >= lim && !atEof) break; // cannot tell "" from " yet
        inQuotes = false;
        // RFC 4180: a closing quote ends the field; anything but a comma or the line end after it is malformed.
        if (scan + 1 < lim && badQuote === 0) {
          const after = buf[scan + 1];
          if (after !== COMMA && after !== LF && after !== CR) badQuote = field + 1;
        }
      } else if (c === LF) newlines++;
      scan++;
      continue;
    }
    if (c === COMMA || c === LF) {
      if (field < fieldCount) {
        let end = scan;
        if (c === LF && end > start && buf[end - 1] === CR) end--;
        if (quoted) {
          fieldStart[field] = start + 1;
          fieldEnd[field] = end - 1;
        } else {
          fieldStart[field] = start;
          fieldEnd[field] = end;
        }
        fieldQuoted[field] = quoted;
        fieldEscaped[field] = escaped;
      } else overflow = 1;
      field++;
      scan++;
      start = scan;
      quoted = 0;
      escaped = 0;
      if (c === LF) {
        complete = 1;
        break;
      }
      continue;
    }
    if (c === QUOTE && scan === start) {
      inQuotes = true;
      quoted = 1;
    }
    scan++;
  }
  out[S_SCAN] = scan;
  out[S_FIELD] = field;
  out[S_START] = start;
  out[S_QUOTED] = quoted;
  out[S_ESCAPED] = escaped;
  out[S_NEWLINES] = newlines;
  out[S_COMPLETE] = complete;
  out[S_OVERFLOW] = overflow;
  out[S_IN_QUOTES] = inQuotes ? 1 : 0;
  out[S_BAD_QUOTE] = badQuote;
  return out;
}
