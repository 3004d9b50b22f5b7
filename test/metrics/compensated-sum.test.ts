import { describe, expect, it } from "vitest";
import { CompensatedSum } from "../../lib/metrics/compensated-sum";

const sumOf = (values: number[]) => {
  const s = new CompensatedSum();
  for (const v of values) s.add(v);
  return s.value;
};

describe("CompensatedSum", () => {
  it("is 0 before any term and exact on small integers", () => {
    expect(new CompensatedSum().value).toBe(0);
    expect(sumOf([1, 2, 3, 4])).toBe(10);
  });

  it("keeps what naive summation loses: 1 + 1e100 + 1 − 1e100 = 2", () => {
    // Naively 0: each 1 vanishes next to 1e100. Neumaier's compensation keeps both.
    expect(1 + 1e100 + 1 - 1e100).toBe(0);
    expect(sumOf([1, 1e100, 1, -1e100])).toBe(2);
  });

  it("sums a million tenths to 100,000 within an ulp", () => {
    const s = new CompensatedSum();
    let naive = 0;
    for (let i = 0; i < 1_000_000; i++) {
      s.add(0.1);
      naive += 0.1;
    }
    // The exact sum of a million copies of the double nearest 0.1 is 100000.0000000055511151231257827…
    expect(Math.abs(s.value - 100_000)).toBeLessThanOrEqual(2 ** -36);
    expect(Math.abs(naive - 100_000)).toBeGreaterThan(1e-6);
  });
});
