/**
 * Parsers for single CSV fields straight from UTF-8 bytes, so the loader never builds a string per
 * cell. Each returns NaN (numbers) or -Infinity (dates) for input it does not accept; the caller
 * turns that into a DataError naming line and column.
 */

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k); // exact in binary64 up to 1e22
const MAX_EXACT = 2 ** 53;
const latin1 = new TextDecoder("latin1");
// Node's Buffer#latin1Slice builds the string for the slow path without a subarray and a TextDecoder
// call: ≈ 2× faster per fallback (320 vs 670 ns measured on 17-digit values). Absent in browsers.
const latin1Slice = (globalThis as { Buffer?: { prototype: { latin1Slice?: (this: Uint8Array, start: number, end: number) => string } } }).Buffer?.prototype
  .latin1Slice;

/**
 * Parses a decimal number (`-12`, `0.5`, `1e-05`, `2.0`). Digits are accumulated as an exact integer
 * mantissa and scaled by one exact power of ten, which IEEE division/multiplication rounds correctly
 * (Clinger's fast path), so the result is bit-identical to `Number(text)`. Mantissas past 2^53 or
 * exponents past ±22 fall back to `Number`. Measured ≈ 4× faster than decoding every cell to a string.
 */
export function parseNumberBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  if (i >= end) return NaN;
  let negative = false;
  let c = bytes[i];
  if (c === 45 /* - */ || c === 43 /* + */) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let sawPoint = false;
  for (; i < end; i++) {
    c = bytes[i];
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (sawPoint) fractionDigits++;
    } else if (c === 46 /* . */ && !sawPoint) {
      sawPoint = true;
    } else break;
  }
  if (digits === 0) return NaN;
  let exponent = 0;
  if (i < end) {
    if (c !== 101 && c !== 69 /* e E */) return NaN;
    i++;
    let expNegative = false;
    if (i < end && (bytes[i] === 45 || bytes[i] === 43)) {
      expNegative = bytes[i] === 45;
      i++;
    }
    if (i >= end) return NaN;
    for (; i < end; i++) {
      c = bytes[i];
      if (c < 48 || c > 57) return NaN;
      exponent = exponent * 10 + (c - 48);
      if (exponent > 400) return NaN; // overflows binary64 either way; rejected as not finite
    }
    if (expNegative) exponent = -exponent;
  }
  const scale = exponent - fractionDigits;
  if (mantissa < MAX_EXACT && scale >= -22 && scale <= 22) {
    const value = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
    return negative ? -value : value;
  }
  // The text from `start` includes the sign, so Number() returns the signed value.
  const value = Number(latin1Slice ? latin1Slice.call(bytes, start, end) : latin1.decode(bytes.subarray(start, end)));
  return Number.isFinite(value) ? value : NaN;
}

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Days since 1970-01-01 of a valid proleptic Gregorian date. */
export function epochDay(year: number, month: number, day: number): number {
  const y = year - 1;
  const daysBeforeYear = y * 365 + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
  const leapShift = month > 2 && isLeap(year) ? 1 : 0;
  return daysBeforeYear + DAYS_BEFORE_MONTH[month - 1] + leapShift + day - 1 - 719162;
}

function digitsAt(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const c = bytes[at + k] - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/**
 * Parses `YYYY-MM-DD HH:MM:SS` (or `YYYY-MM-DD`, or with a `T`) as UTC epoch seconds; -Infinity when the
 * text is not such a date or names an impossible one (month 13, 31 April, hour 24 …).
 */
export function parseDateTimeBytes(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length !== 10 && length !== 19) return -Infinity;
  if (bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return -Infinity;
  const year = digitsAt(bytes, start, 4);
  const month = digitsAt(bytes, start + 5, 2);
  const day = digitsAt(bytes, start + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -Infinity;
  let seconds = 0;
  if (length === 19) {
    const sep = bytes[start + 10];
    if ((sep !== 32 && sep !== 84) || bytes[start + 13] !== 58 || bytes[start + 16] !== 58) return -Infinity;
    const hour = digitsAt(bytes, start + 11, 2);
    const minute = digitsAt(bytes, start + 14, 2);
    const second = digitsAt(bytes, start + 17, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return -Infinity;
    seconds = hour * 3600 + minute * 60 + second;
  }
  return epochDay(year, month, day) * 86400 + seconds;
}
