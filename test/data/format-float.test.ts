import { describe, expect, it } from "vitest";
import { formatPythonFloat } from "../../lib/data/format-float";

describe("formatPythonFloat", () => {
  it("writes what Python's repr(float) writes", () => {
    // Each pair checked against CPython 3's repr.
    const cases: [number, string][] = [
      [0.1, "0.1"],
      [1 / 3, "0.3333333333333333"],
      [123, "123.0"],
      [100, "100.0"],
      [0.0001, "0.0001"],
      [0.00012345, "0.00012345"],
      [1e-5, "1e-05"],
      [-2.5e-7, "-2.5e-07"],
      [9999999999999998, "9999999999999998.0"],
      [1e16, "1e+16"],
      [1.5e16, "1.5e+16"],
      [1e22, "1e+22"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
      [5e-324, "5e-324"],
    ];
    for (const [x, text] of cases) expect(formatPythonFloat(x), String(x)).toBe(text);
  });

  it("keeps the sign of zero and writes non-finite values as repr does", () => {
    expect(formatPythonFloat(0)).toBe("0.0");
    expect(formatPythonFloat(-0)).toBe("-0.0");
    expect(formatPythonFloat(NaN)).toBe("nan");
    expect(formatPythonFloat(Infinity)).toBe("inf");
    expect(formatPythonFloat(-Infinity)).toBe("-inf");
  });

  it("round-trips: the text parses back to the same double", () => {
    for (const x of [Math.PI, -Math.E * 1e-9, 2 ** 53 + 2, 6.02214076e23, Number.MIN_VALUE, 0.1 + 0.2]) expect(Number(formatPythonFloat(x))).toBe(x);
  });
});
