import { describe, expect, it } from "vitest";
import { describeValue, ParameterError } from "../../lib/model/errors";

describe("ParameterError", () => {
  it("names the parameter, the requirement and the value received", () => {
    const error = new ParameterError("C", "a finite number > 0", -1);
    expect(error.message).toBe("C must be a finite number > 0, got -1");
    expect(error.name).toBe("ParameterError");
    expect(error.parameter).toBe("C");
    expect(error.value).toBe(-1);
    expect(error).toBeInstanceOf(Error);
  });
});

describe("describeValue", () => {
  it("renders scalars as a reader would type them", () => {
    expect(describeValue(undefined)).toBe("undefined");
    expect(describeValue(null)).toBe("null");
    expect(describeValue(2.5)).toBe("2.5");
    expect(describeValue(-0)).toBe("0");
    expect(describeValue(Number.NaN)).toBe("NaN");
    expect(describeValue(Number.POSITIVE_INFINITY)).toBe("Infinity");
    expect(describeValue("l3")).toBe('"l3"');
    expect(describeValue('a"b')).toBe('"a\\"b"');
    expect(describeValue(() => 1)).toBe("a function");
  });

  it("names arrays and typed arrays by their length, not their contents", () => {
    expect(describeValue([1, 2, 3])).toBe("an array of length 3");
    expect(describeValue(new Float64Array(7))).toBe("Float64Array of length 7");
    expect(describeValue(new Uint8Array(0))).toBe("Uint8Array of length 0");
  });

  it("shows small objects as JSON and cuts long ones at 80 characters", () => {
    expect(describeValue({ penalty: "l2" })).toBe('{"penalty":"l2"}');
    const long = describeValue({ text: "x".repeat(200) });
    expect(long).toHaveLength(80);
    expect(long.endsWith("...")).toBe(true);
    expect(long.startsWith('{"text":"xxx')).toBe(true);
  });

  it("falls back to String() for values JSON cannot render", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe("[object Object]");
    expect(describeValue(10n)).toBe("10");
  });
});
