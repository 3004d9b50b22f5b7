import { describe, expect, it } from "vitest";
import { expectedCustomersAtRandom, expectedPurchasesAtRandom, purchaseCountHistogram } from "../../lib/report/random-sending";

/** Every subset of `size` of 0..n−1. */
function* subsets(n: number, size: number, start = 0, chosen: number[] = []): Generator<number[]> {
  if (chosen.length === size) {
    yield chosen;
    return;
  }
  for (let i = start; i < n; i++) yield* subsets(n, size, i + 1, [...chosen, i]);
}

/** The same expectations by enumerating every equally likely draw. */
function enumerate(rowOwner: (string | null)[], bought: boolean[], pushes: number): { customers: number; purchases: number } {
  let draws = 0;
  let customers = 0;
  let purchases = 0;
  for (const draw of subsets(rowOwner.length, pushes)) {
    draws++;
    const reached = new Set<string>();
    for (const i of draw) {
      if (bought[i]) {
        purchases++;
        reached.add(rowOwner[i]!);
      }
    }
    customers += reached.size;
  }
  return { customers: customers / draws, purchases: purchases / draws };
}

describe("sending at random", () => {
  // 10 rows: customer a bought 2, b bought 1, c bought 3; d has a row without a purchase; 3 rows of nobody's purchase.
  const owner = ["a", "a", "b", "c", "c", "c", "d", null, null, null];
  const bought = [true, true, true, true, true, true, false, false, false, false];
  const histogram = purchaseCountHistogram([2, 1, 3]);

  it("counts customers by their number of purchased rows", () => {
    expect(histogram).toEqual([0, 1, 1, 1]);
    expect(purchaseCountHistogram([1, 1, 4, 0])).toEqual([0, 2, 0, 0, 1]);
  });

  it("gives the expected customers and purchases of every equally likely draw", () => {
    for (let pushes = 0; pushes <= owner.length; pushes++) {
      const exact = enumerate(owner, bought, pushes);
      expect(expectedCustomersAtRandom(histogram, owner.length, pushes)).toBeCloseTo(exact.customers, 12);
      expect(expectedPurchasesAtRandom(6, owner.length, pushes)).toBeCloseTo(exact.purchases, 12);
    }
  });

  it("reaches nobody without pushes and every buying customer when pushing to every row", () => {
    expect(expectedCustomersAtRandom(histogram, 10, 0)).toBe(0);
    expect(expectedCustomersAtRandom(histogram, 10, 10)).toBe(3);
    expect(expectedCustomersAtRandom(histogram, 10, 25)).toBe(3); // more pushes than rows: every row
    expect(expectedCustomersAtRandom(histogram, 0, 5)).toBe(0);
  });

  it("is at most the expected purchases, and grows with the pushes", () => {
    const big = purchaseCountHistogram([1, 1, 2, 5, 3, 1, 8, 2]);
    let previous = 0;
    for (const pushes of [1, 10, 100, 500, 999, 1000]) {
      const c = expectedCustomersAtRandom(big, 1000, pushes);
      expect(c).toBeGreaterThanOrEqual(previous);
      expect(c).toBeLessThanOrEqual(expectedPurchasesAtRandom(23, 1000, pushes) + 1e-12);
      previous = c;
    }
    expect(previous).toBe(8);
  });
});
