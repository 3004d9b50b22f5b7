import { describe, expect, it } from "vitest";
import { filterOrdersByItems } from "../../lib/data/order-filter";
import { frameFromOrders } from "../helpers/frame";

describe("filterOrdersByItems", () => {
  it("keeps orders with at least 5 purchased items, whatever their row count", () => {
    const frame = frameFromOrders([
      { id: 1, day: 0, outcomes: [1, 1, 1, 1, 1, 0, 0] }, // 5 items: kept
      { id: 2, day: 0, outcomes: [1, 1, 1, 1, 0, 0, 0, 0] }, // 4 items: dropped
      { id: 3, day: 1, outcomes: [1, 1, 1, 1, 1, 1, 0] }, // 6 items: kept
    ]);
    const result = filterOrdersByItems(frame);
    expect([...result.rows]).toEqual([0, 1, 2, 3, 4, 5, 6, 15, 16, 17, 18, 19, 20, 21]);
    expect(result.ordersBefore).toBe(3);
    expect(result.ordersKept).toBe(2);
    expect(result.itemsPerOrder).toBeCloseTo(15 / 3, 12);
    expect(result.itemsPerKeptOrder).toBeCloseTo(11 / 2, 12);
  });

  it("keeps rows of an order even when they are not contiguous", () => {
    const frame = frameFromOrders([
      { id: 7, day: 0, outcomes: [1, 1, 1] },
      { id: 8, day: 0, outcomes: [0] },
      { id: 7, day: 0, outcomes: [1, 1] },
    ]);
    expect([...filterOrdersByItems(frame).rows]).toEqual([0, 1, 2, 4, 5]);
  });
});
