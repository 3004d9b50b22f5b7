import { describe, expect, it } from "vitest";
import { DictionaryBuilder, GrowableFloat64 } from "../../../lib/data/csv/column-builders";
import { fastRecord, fieldProblem, Kind, parseFields, RecordFields } from "../../../lib/data/csv/fast-record";

const bytes = (text: string) => new TextEncoder().encode(text);

// Columns: id (number), vendor (string), created_at (date-time), order_date (date), outcome (number, the target), price (number).
const kinds = Uint8Array.from([Kind.Number, Kind.String, Kind.DateTime, Kind.Date, Kind.Number, Kind.Number]);
const TARGET = 4;

function fieldsFor() {
  const n = kinds.length;
  const numbers = Array.from(kinds, (k) => (k === Kind.Number || k === Kind.DateTime || k === Kind.Date ? new GrowableFloat64(4) : null));
  const strings = Array.from(kinds, (k) => (k === Kind.String ? new DictionaryBuilder(4) : null));
  const r = new RecordFields(kinds, new Int32Array(n + 1), new Int32Array(n + 1), new Uint8Array(n + 1), new Int32Array(n), new Int32Array(n), new Float64Array(n), numbers, strings, TARGET);
  const column = (f: number) => Array.from(numbers[f]!.finish(true));
  return { r, numbers, strings, column };
}

const epoch = (iso: string) => Date.parse(`${iso}Z`) / 1000;

describe("fastRecord", () => {
  it("parses a plain record into the builders with the values Number() and Date.parse give", () => {
    const { r, column, strings } = fieldsFor();
    const line = "33826472919172,acme,2020-10-05 16:46:19,2020-10-05 00:00:00,1,0.0816933638443935\n";
    const buf = bytes(line + "rest");
    expect(fastRecord(buf, 0, buf.length, r, false)).toBe(line.length);
    expect(column(0)).toEqual([33826472919172]);
    expect(column(2)).toEqual([epoch("2020-10-05T16:46:19")]);
    expect(column(3)).toEqual([epoch("2020-10-05T00:00:00") / 86400]);
    expect(column(4)).toEqual([1]);
    expect(column(5)).toEqual([Number("0.0816933638443935")]);
    expect(strings[1]!.finish().dictionary).toEqual(["acme"]);
  });

  it("gives the same double as Number() for long mantissas, negatives and repeated fields", () => {
    const { r, column } = fieldsFor();
    const values = ["-2.5", "0.30000000000000004", "12345678901234567890.5", "0.30000000000000004", "7"];
    let pos = 0;
    const text = values.map((v) => `1,v,2020-01-01 00:00:00,2020-01-01 00:00:00,0,${v}\n`).join("");
    const buf = bytes(text);
    let havePrev = false;
    for (let k = 0; k < values.length; k++) {
      pos = fastRecord(buf, pos, buf.length, r, havePrev);
      expect(pos).toBeGreaterThan(0);
      havePrev = true;
    }
    expect(column(5)).toEqual(values.map(Number));
  });

  it("gives up (-1) on what the general path must handle or report", () => {
    const cases = [
      '1,"quoted",2020-01-01 00:00:00,2020-01-01 00:00:00,0,1\n', // a quote
      "1,v,2020-01-01 00:00:00,2020-01-01 00:00:00,0,1\r\n", // CRLF
      "1,v,2020-01-01 00:00:00,2020-01-01 00:00:00,2,1\n", // outcome not 0/1
      "1,v,2020-01-01 00:00:00,2020-01-01 12:00:00,0,1\n", // order_date not midnight
      "1,v,2020-01-01 00:00:00,2020-01-01 00:00:00,0,1e3\n", // exponent
      "1,v,2020-01-01 00:00:00,2020-01-01 00:00:00,0\n", // a field short
      "1,v,2020-01-01 00:00:00,2020-01-01 00:00:00,0,1", // no LF in the buffer yet
    ];
    for (const line of cases) {
      const { r } = fieldsFor();
      const buf = bytes(line);
      expect(fastRecord(buf, 0, buf.length, r, false), line).toBe(-1);
    }
  });
});

describe("parseFields", () => {
  /** Sets the field boundaries of a plain record by hand (what scanRecord does), then parses. */
  function parse(fields: string[]) {
    const { r, column } = fieldsFor();
    const buf = bytes(fields.join(","));
    let at = 0;
    fields.forEach((text, f) => {
      r.start[f] = at;
      r.end[f] = at + text.length;
      at += text.length + 1;
    });
    return { outcome: parseFields(buf, r, false), r, column };
  }
  const ok = ["5", "v", "2020-01-01 00:00:00", "2020-01-01 00:00:00", "1", "1e3"];

  it("parses what the fast path leaves (an exponent) into the builders", () => {
    const { outcome, column } = parse(ok);
    expect(outcome).toBe(0);
    expect(column(5)).toEqual([1000]);
  });

  it("reports the problem and the field, with the loader's messages", () => {
    const problem = (index: number, value: string) => {
      const fields = [...ok];
      fields[index] = value;
      const { outcome, r } = parse(fields);
      expect(outcome >> 8).toBe(index);
      return fieldProblem(outcome & 255, kinds[index], r.categoryProblem);
    };
    expect(problem(5, "")).toBe("empty value; expected a number");
    expect(problem(5, "0.1x3")).toBe("not a finite number");
    expect(problem(4, "0.5")).toBe("outcome must be 0 or 1");
    expect(problem(1, "")).toBe("empty value; expected a category name");
    expect(problem(2, "2020-13-01 00:00:00")).toBe("not a date-time (expected YYYY-MM-DD HH:MM:SS)");
    expect(problem(3, "yesterday")).toBe("not a date (expected YYYY-MM-DD 00:00:00)");
    expect(problem(3, "2020-01-01 00:00:01")).toBe("order_date must be midnight (YYYY-MM-DD 00:00:00)");
  });
});
