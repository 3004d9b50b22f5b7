import { describe, expect, it } from "vitest";
import { temporalSplit } from "../../lib/data/temporal-split";
import { frameFromOrders } from "../helpers/frame";

function allRows(n: number) {
  return Uint32Array.from({ length: n }, (_, i) => i);
}

describe("temporalSplit", () => {
  it("cuts on whole days at cumulative order shares 0.7 and 0.9", () => {
    // Orders per day 1..10: 1 order each on days 100..109 → shares 0.1 … 1.0.
    const frame = frameFromOrders(Array.from({ length: 10 }, (_, d) => ({ id: d, day: 100 + d, outcomes: [1, 0] })));
    const split = temporalSplit(frame, allRows(frame.rowCount));
    expect(split.stats.map((s) => [s.name, s.firstDay, s.lastDay, s.orders])).toEqual([
      ["train", 100, 106, 7],
      ["validation", 107, 108, 2],
      ["test", 109, 109, 1],
    ]);
    expect(split.rows.train.length + split.rows.validation.length + split.rows.test.length).toBe(frame.rowCount);
  });

  it("counts distinct orders per day, not rows, and never splits a day", () => {
    // Day 0: 3 orders (shares 0.3), day 1: 3 (0.6), day 2: 2 (0.8), day 3: 2 (1.0); day 2 has many rows.
    const frame = frameFromOrders([
      { id: 1, day: 0, outcomes: [1] },
      { id: 2, day: 0, outcomes: [1] },
      { id: 3, day: 0, outcomes: [1] },
      { id: 4, day: 1, outcomes: [1] },
      { id: 5, day: 1, outcomes: [1] },
      { id: 6, day: 1, outcomes: [0] },
      { id: 7, day: 2, outcomes: Array(50).fill(0) },
      { id: 8, day: 2, outcomes: [1] },
      { id: 9, day: 3, outcomes: [1] },
      { id: 10, day: 3, outcomes: [0, 0] },
    ]);
    const split = temporalSplit(frame, allRows(frame.rowCount));
    const byName = Object.fromEntries(split.stats.map((s) => [s.name, s]));
    expect([byName.train.firstDay, byName.train.lastDay, byName.train.orders]).toEqual([0, 1, 6]);
    expect([byName.validation.firstDay, byName.validation.lastDay, byName.validation.orders]).toEqual([2, 2, 2]);
    expect([byName.test.firstDay, byName.test.lastDay, byName.test.orders]).toEqual([3, 3, 2]);
    expect(byName.validation.rows).toBe(51);
    expect(byName.train.positives).toBe(5);
    expect(byName.test.positiveRate).toBeCloseTo(1 / 3, 12);
    expect(split.ordersPerDay).toEqual([
      { day: 0, orders: 3, split: "train" },
      { day: 1, orders: 3, split: "train" },
      { day: 2, orders: 2, split: "validation" },
      { day: 3, orders: 2, split: "test" },
    ]);
  });

  it("only uses the rows it is given (the filtered ones)", () => {
    const frame = frameFromOrders(Array.from({ length: 10 }, (_, d) => ({ id: d, day: d, outcomes: [1] })));
    const split = temporalSplit(frame, Uint32Array.from([0, 1, 2, 3, 4]));
    expect(split.stats.map((s) => s.orders)).toEqual([3, 1, 1]);
  });
});
