import { parseDateTimeBytes, parseNumberBytes } from "../field-parsers";
import type { DictionaryBuilder, NumberBuilder } from "./column-builders";

/*
 * Parsing one record's fields into the column builders: the fast path (scan and parse in one pass)
 * and the general path's field parser, with the problem codes they report.
 */

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

/** How a column is parsed. */
export const enum Kind {
  Skip = 0,
  Number = 1,
  String = 2,
  DateTime = 3,
  Date = 4,
}

const MAX_EXACT = 2 ** 53;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Everything parseFields reads and writes, in one object of one shape so the function stays monomorphic. */
export class RecordFields {
  categoryProblem = "";
  constructor(
    readonly kinds: Uint8Array,
    readonly start: Int32Array,
    readonly end: Int32Array,
    readonly escaped: Uint8Array,
    readonly prevStart: Int32Array,
    readonly prevEnd: Int32Array,
    readonly current: Float64Array,
    readonly numbers: (NumberBuilder | null)[],
    readonly strings: (DictionaryBuilder | null)[],
    readonly targetIndex: number,
  ) {}
}

const P_EMPTY_NUMBER = 1;
const P_NOT_FINITE = 2;
const P_OUTCOME = 3;
const P_EMPTY_CATEGORY = 4;
const P_CATEGORY = 5;
const P_NOT_DATE = 6;
const P_NOT_MIDNIGHT = 7;

export function fieldProblem(code: number, kind: number, categoryProblem: string): string {
  switch (code) {
    case P_EMPTY_NUMBER:
      return "empty value; expected a number";
    case P_NOT_FINITE:
      return "not a finite number";
    case P_OUTCOME:
      return "outcome must be 0 or 1";
    case P_EMPTY_CATEGORY:
      return "empty value; expected a category name";
    case P_CATEGORY:
      return categoryProblem;
    case P_NOT_DATE:
      return kind === Kind.Date ? "not a date (expected YYYY-MM-DD 00:00:00)" : "not a date-time (expected YYYY-MM-DD HH:MM:SS)";
    default:
      return "order_date must be midnight (YYYY-MM-DD 00:00:00)";
  }
}

/**
 * The fast path for one record: scans and parses in one pass, field by field, for the common shape —
 * no quote, no CR, the header's field count, LF at the end, plain decimals — and returns the position
 * after the record's LF, or -1 for anything else (incomplete in the buffer, invalid, unusual), after
 * which the caller truncates the builders and runs the general path (scanRecord + parseFields) on the
 * same record, which handles it or reports the exact error. Values are parseNumberBytes' exactly: the
 * same mantissa / power-of-ten division, and parseNumberBytes itself past 2^53. The separate scan and
 * parse passes were most of the parse's time; this one pass over the common record is faster
 * (bench/README.md, "Designs tried").
 */
export function fastRecord(buf: Uint8Array, pos: number, lim: number, r: RecordFields, havePrev: boolean): number {
  const { kinds, start, end, prevStart, prevEnd, current, numbers } = r;
  const fieldCount = kinds.length;
  let i = pos;
  for (let f = 0; f < fieldCount; f++) {
    const kind = kinds[f];
    const s = i;
    const terminator = f === fieldCount - 1 ? LF : COMMA;
    if (kind === Kind.Number) {
      let c = i < lim ? buf[i] : -1;
      const negative = c === 45;
      if (negative) i++;
      let mantissa = 0;
      let digits = 0;
      let fractionDigits = 0;
      let sawPoint = false;
      for (; i < lim; i++) {
        c = buf[i];
        if (c >= 48 && c <= 57) {
          mantissa = mantissa * 10 + (c - 48);
          digits++;
          if (sawPoint) fractionDigits++;
        } else if (c === 46 && !sawPoint) sawPoint = true;
        else break;
      }
      if (i >= lim || c !== terminator || digits === 0) return -1;
      const e = i;
      start[f] = s;
      end[f] = e;
      let value: number;
      if (mantissa < MAX_EXACT && fractionDigits <= 22) {
        value = fractionDigits > 0 ? mantissa / POW10[fractionDigits] : mantissa * 1;
        if (negative) value = -value;
      } else if (havePrev && prevEnd[f] - prevStart[f] === e - s && sameBytes(buf, s, prevStart[f], e - s)) {
        value = current[f];
      } else {
        value = parseNumberBytes(buf, s, e);
        if (value !== value) return -1;
      }
      if (f === r.targetIndex && value !== 0 && value !== 1) return -1;
      current[f] = value;
      prevStart[f] = s;
      prevEnd[f] = e;
      const builder = numbers[f];
      if (builder !== null) builder.push(value);
    } else {
      for (; i < lim; i++) {
        const c = buf[i];
        if (c === COMMA || c === LF || c === QUOTE || c === CR) break;
      }
      if (i >= lim || buf[i] !== terminator) return -1;
      const e = i;
      start[f] = s;
      end[f] = e;
      if (kind === Kind.String) {
        if (s === e || r.strings[f]!.push(buf, s, e, false) !== null) return -1;
      } else if (kind !== Kind.Skip) {
        const seconds = parseDateTimeBytes(buf, s, e);
        if (seconds === -Infinity || (kind === Kind.Date && seconds % 86400 !== 0)) return -1;
        const value = kind === Kind.Date ? seconds / 86400 : seconds;
        current[f] = value;
        const builder = numbers[f];
        if (builder !== null) builder.push(value);
      }
    }
    i++; // past the comma or the LF
  }
  return i;
}

/**
 * Parses and validates the fields of one scanned record into the column builders. Returns 0, or the
 * problem as `code | field << 8`. A function of its own (not a loop inside readFrame, which V8 only
 * compiles through on-stack replacement), like scanRecord.
 */
export function parseFields(buf: Uint8Array, r: RecordFields, havePrev: boolean): number {
  const { kinds, start, end, prevStart, prevEnd, current, numbers } = r;
  const fieldCount = kinds.length;
  for (let f = 0; f < fieldCount; f++) {
    const kind = kinds[f];
    if (kind === Kind.Skip) continue;
    const s = start[f];
    const e = end[f];
    if (kind === Kind.Number) {
      let value: number;
      if (havePrev && prevEnd[f] - prevStart[f] === e - s && sameBytes(buf, s, prevStart[f], e - s)) {
        value = current[f]; // validated when it was first parsed
      } else {
        value = parseNumberBytes(buf, s, e);
        if (value !== value) return (s === e ? P_EMPTY_NUMBER : P_NOT_FINITE) | (f << 8);
        if (f === r.targetIndex && value !== 0 && value !== 1) return P_OUTCOME | (f << 8);
        current[f] = value;
      }
      prevStart[f] = s;
      prevEnd[f] = e;
      const builder = numbers[f];
      if (builder !== null) builder.push(value);
    } else if (kind === Kind.String) {
      if (s === e) return P_EMPTY_CATEGORY | (f << 8);
      const problem = r.strings[f]!.push(buf, s, e, r.escaped[f] === 1);
      if (problem !== null) {
        r.categoryProblem = problem;
        return P_CATEGORY | (f << 8);
      }
    } else {
      const seconds = parseDateTimeBytes(buf, s, e);
      if (seconds === -Infinity) return P_NOT_DATE | (f << 8);
      if (kind === Kind.Date && seconds % 86400 !== 0) return P_NOT_MIDNIGHT | (f << 8);
      const value = kind === Kind.Date ? seconds / 86400 : seconds;
      current[f] = value;
      const builder = numbers[f];
      if (builder !== null) builder.push(value);
    }
  }
  return 0;
}

function sameBytes(buf: Uint8Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (buf[a + k] !== buf[b + k]) return false;
  return true;
}
