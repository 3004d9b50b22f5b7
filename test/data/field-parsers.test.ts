import { describe, expect, it } from "vitest";
import { epochDay, parseDateTimeBytes, parseNumberBytes } from "../../lib/data/field-parsers";

const bytes = (s: string) => new TextEncoder().encode(s);
const num = (s: string) => parseNumberBytes(bytes(s), 0, s.length);

describe("parseNumberBytes", () => {
  it("parses the file's number formats exactly like Number()", () => {
    for (const s of ["0.0", "2.0", "-0.04", "1.33", "0.1111111111111111", "33826472919172", "1e-05", "2.5E+3", "+7", "0.016", "123456789012345678", "0.12345678901234567", "-0.029585798816568074", "-123456789012345678", "-1.2345678901234567e-5", "+0.12345678901234567"]) {
      expect(num(s)).toBe(Number(s));
    }
  });

  it("is bit-identical to Number() on random 16–17 digit decimals of either sign", () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 20_000; k++) {
      const text = String((k % 2 === 0 ? 1 : -1) * random() * 10 ** Math.floor(random() * 8 - 4));
      expect(num(text)).toBe(Number(text));
    }
  });

  it("returns NaN for text that is not a finite decimal", () => {
    for (const s of ["", "-", ".", "abc", "1.2.3", "1e", "NaN", "Infinity", "0x10", "1,5", " 1", "1e999"]) {
      expect(num(s)).toBeNaN();
    }
  });
});

describe("parseDateTimeBytes", () => {
  it("parses date-times and dates as UTC seconds", () => {
    const s = "2021-03-03 23:59:59";
    expect(parseDateTimeBytes(bytes(s), 0, s.length)).toBe(Date.UTC(2021, 2, 3, 23, 59, 59) / 1000);
    expect(parseDateTimeBytes(bytes("2020-02-29"), 0, 10)).toBe(Date.UTC(2020, 1, 29) / 1000);
  });

  it("rejects impossible dates", () => {
    for (const s of ["2021-02-29", "2021-13-01", "2021-04-31 00:00:00", "2021-01-01 24:00:00", "2021-01-01 10:60:00", "20210101", "2021-1-01"]) {
      expect(parseDateTimeBytes(bytes(s), 0, s.length)).toBe(-Infinity);
    }
  });

  it("computes epoch days like Date.UTC", () => {
    for (const [y, m, d] of [[1970, 1, 1], [2000, 2, 29], [2020, 10, 5], [2021, 3, 3], [1969, 12, 31]]) {
      expect(epochDay(y, m, d)).toBe(Date.UTC(y, m - 1, d) / 86400_000);
    }
  });
});
