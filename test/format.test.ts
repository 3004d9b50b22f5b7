import { describe, expect, it } from "vitest";
import { formatBytes, formatDateTime, formatDay, formatNumber, formatPercent } from "../lib/format";

describe("format", () => {
  it("formatPercent multiplies by 100 with the digits asked for (two by default)", () => {
    expect(formatPercent(0.05)).toBe("5.00%");
    expect(formatPercent(0.123456, 1)).toBe("12.3%");
    expect(formatPercent(1, 0)).toBe("100%");
    expect(formatPercent(0, 1)).toBe("0.0%");
    expect(formatPercent(0.0004, 2)).toBe("0.04%");
    // As (x * 100).toFixed(d) exactly, which the pages used before.
    for (const x of [0.1, 0.105, 0.00049, 0.9995, 1 / 3]) for (const d of [1, 2]) expect(formatPercent(x, d)).toBe(`${(x * 100).toFixed(d)}%`);
  });

  it("formatNumber: integers grouped, small and large in exponent form, others to 4 or 2 decimals", () => {
    expect(formatNumber(1234567)).toBe("1,234,567");
    expect(formatNumber(0.5)).toBe("0.5000");
    expect(formatNumber(12.345)).toBe("12.35");
    expect(formatNumber(0.0001234)).toBe("1.234e-4");
    expect(formatNumber(NaN)).toBe("NaN");
  });

  it("formatBytes, formatDay and formatDateTime", () => {
    expect(formatBytes(2.5e9)).toBe("2.50 GB");
    expect(formatBytes(19e6)).toBe("19.0 MB");
    expect(formatDay(0)).toBe("1970-01-01");
    expect(formatDay(18_700)).toBe("2021-03-14");
    expect(formatDateTime(86_400 + 3661)).toBe("1970-01-02 01:01:01");
  });
});
