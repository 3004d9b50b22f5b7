import { describe, expect, it } from "vitest";
import { VARIANT_COUNT } from "../../../lib/data/synthetic/catalogue";
import { PERIOD_DAYS, dayIndex } from "../../../lib/data/synthetic/calendar";
import {
  FLAG_ABANDONED_BEFORE,
  FLAG_ACTIVE_SNOOZED,
  FLAG_AVAILABLE,
  FLAG_ORDERED_BEFORE,
  FLAG_OUTCOME,
  FLAG_SET_AS_REGULAR,
  IMPUTED_DAYS,
  simulate,
  type Simulation,
} from "../../../lib/data/synthetic/simulate";

/** Horizon of days_since_*: a purchase longer ago than this is imputed (the module's documented rule). */
const HORIZON_DAYS = 148;

const small = simulate({ orders: 60, seed: 7 });

/** Frame orders of each customer, in time order. */
function ordersByCustomer(sim: Simulation): number[][] {
  const byCustomer: number[][] = sim.customers.map(() => []);
  for (let k = 0; k < sim.orderCount; k++) byCustomer[sim.orderCustomer[k]].push(k);
  return byCustomer;
}

describe("simulate: arguments", () => {
  it.each([0, -3, 1.5, Number.NaN, Infinity])("rejects orders = %s with a RangeError naming the value", (orders) => {
    expect(() => simulate({ orders, seed: 1 })).toThrow(RangeError);
    expect(() => simulate({ orders, seed: 1 })).toThrow(`orders must be a positive integer, got ${orders}`);
  });

  it("simulates a single order", () => {
    const sim = simulate({ orders: 1, seed: 3 });
    expect(sim.orderCount).toBe(1);
    expect(sim.customers).toHaveLength(1);
    expect(sim.orderSeq[0]).toBeGreaterThanOrEqual(2);
    // The one order has a row for every variant on sale that day.
    const day = dayIndex(sim.orderSeconds[0]);
    const onSale = sim.catalogue.variants.filter((v) => v.firstDay <= day && v.lastDay >= day).length;
    expect(sim.rows).toBe(onSale);
  });
});

describe("simulate: determinism", () => {
  it("gives byte-identical arrays for the same seed and different ones for another seed", () => {
    const again = simulate({ orders: 60, seed: 7 });
    const other = simulate({ orders: 60, seed: 8 });
    for (const key of ["orderSeconds", "orderIds", "orderCustomer", "orderSeq", "flags", "daysSinceVariant", "daysSinceType", "popularity"] as const) {
      expect(Buffer.from(again[key].buffer).equals(Buffer.from(small[key].buffer))).toBe(true);
      expect(Buffer.from(other[key].buffer).equals(Buffer.from(small[key].buffer))).toBe(false);
    }
    expect(again.customers).toEqual(small.customers);
    expect(again.rows).toBe(small.rows);
  });
});

describe("simulate: shape of the result", () => {
  it("sizes every per-row array as orders × variants and counts the available rows", () => {
    expect(small.orderCount).toBe(60);
    expect(small.variantCount).toBe(VARIANT_COUNT);
    for (const a of [small.flags, small.daysSinceVariant, small.daysSinceType]) expect(a).toHaveLength(60 * VARIANT_COUNT);
    expect(small.popularity).toHaveLength(VARIANT_COUNT * PERIOD_DAYS);
    expect(small.rows).toBe(small.flags.filter((f) => f & FLAG_AVAILABLE).length);
    expect(small.rows).toBeGreaterThan(0);
  });

  it("has a row exactly for the variants on sale on the order's day", () => {
    const mismatches: string[] = [];
    for (let k = 0; k < small.orderCount; k++) {
      const day = dayIndex(small.orderSeconds[k]);
      small.catalogue.variants.forEach((variant, v) => {
        const onSale = variant.firstDay <= day && variant.lastDay >= day;
        if (Boolean(small.flags[k * small.variantCount + v] & FLAG_AVAILABLE) !== onSale) mismatches.push(`order ${k} variant ${v}`);
      });
    }
    expect(mismatches).toEqual([]);
  });

  it("puts orders in time order with increasing order ids, inside the period", () => {
    for (let k = 1; k < small.orderCount; k++) {
      expect(small.orderSeconds[k]).toBeGreaterThan(small.orderSeconds[k - 1]);
      expect(small.orderIds[k]).toBeGreaterThan(small.orderIds[k - 1]);
    }
    for (const t of small.orderSeconds) {
      expect(dayIndex(t)).toBeGreaterThanOrEqual(0);
      expect(dayIndex(t)).toBeLessThan(PERIOD_DAYS);
    }
    expect(Array.from(small.orderIds).every(Number.isSafeInteger)).toBe(true);
  });

  it("numbers each customer's orders consecutively from earlierOrders + 1 ≥ 2, at most 21", () => {
    ordersByCustomer(small).forEach((orders, c) => {
      expect(orders.length).toBeGreaterThan(0); // every customer has a frame order
      expect(small.customers[c].earlierOrders).toBeGreaterThanOrEqual(1);
      orders.forEach((k, j) => expect(small.orderSeq[k]).toBe(small.customers[c].earlierOrders + 1 + j));
    });
    expect(Math.min(...small.orderSeq)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...small.orderSeq)).toBeLessThanOrEqual(21);
  });

  it("gives customers distinct ids and plausible households", () => {
    expect(new Set(small.customers.map((c) => c.id)).size).toBe(small.customers.length);
    for (const { household: h } of small.customers) {
      expect(h.adults).toBeGreaterThanOrEqual(1);
      expect(h.adults).toBeLessThanOrEqual(5);
      expect(h.children).toBeGreaterThanOrEqual(0);
      expect(h.children).toBeLessThanOrEqual(3);
      expect([0, 1]).toContain(h.babies);
      expect(h.pets).toBeGreaterThanOrEqual(0);
      expect(h.pets).toBeLessThanOrEqual(6);
    }
  });

  it("keeps the measured popularity in [0, 0.425]", () => {
    const outside = Array.from(small.popularity).filter((p) => !(p >= 0 && p <= 0.425));
    expect(outside).toEqual([]);
    expect(small.popularity.some((p) => p > 0)).toBe(true);
  });
});

describe("simulate: the per-row state agrees with the customer's own purchases", () => {
  const sim = simulate({ orders: 150, seed: 11 });
  const V = sim.variantCount;

  it("sets flags only on available rows, and snoozed / regular only together with what implies them", () => {
    const violations = new Map<string, number>();
    const count = (rule: string) => violations.set(rule, (violations.get(rule) ?? 0) + 1);
    const seen = { snoozed: 0, regular: 0, orderedBefore: 0 };
    for (let i = 0; i < sim.flags.length; i++) {
      const f = sim.flags[i];
      if (!(f & FLAG_AVAILABLE)) {
        if (f !== 0) count("flags on an unavailable row");
        continue;
      }
      if (f & FLAG_ACTIVE_SNOOZED) seen.snoozed++;
      if (f & FLAG_SET_AS_REGULAR) seen.regular++;
      if (f & FLAG_ORDERED_BEFORE) seen.orderedBefore++;
      if (f & FLAG_ACTIVE_SNOOZED && !(f & FLAG_SET_AS_REGULAR)) count("snoozed but not a regular"); // only regulars are snoozed
      if (f & FLAG_SET_AS_REGULAR && !(f & FLAG_ORDERED_BEFORE)) count("regular but never bought"); // set as regular when bought
      if (!(f & FLAG_ORDERED_BEFORE) && sim.daysSinceVariant[i] !== IMPUTED_DAYS) count("days since a purchase that never happened");
      for (const days of [sim.daysSinceVariant[i], sim.daysSinceType[i]]) {
        if (days !== IMPUTED_DAYS && days > HORIZON_DAYS) count("days since beyond the horizon, not imputed");
      }
    }
    expect(Object.fromEntries(violations)).toEqual({});
    // The rules were exercised: this seed has snoozed regulars and repeat purchases.
    expect(seen.snoozed).toBeGreaterThan(0);
    expect(seen.regular).toBeGreaterThan(seen.snoozed);
    expect(seen.orderedBefore).toBeGreaterThan(seen.regular);
  });

  it("marks a variant bought in a customer's frame order as ordered before in their later orders, with the days since", () => {
    let checked = 0;
    for (const orders of ordersByCustomer(sim)) {
      const lastDay = new Map<number, number>(); // variant → day of the latest frame purchase
      const abandoned = new Set<number>();
      for (const k of orders) {
        const day = dayIndex(sim.orderSeconds[k]);
        for (let v = 0; v < V; v++) {
          const f = sim.flags[k * V + v];
          if (!(f & FLAG_AVAILABLE)) continue;
          const last = lastDay.get(v);
          if (last !== undefined) {
            expect(f & FLAG_ORDERED_BEFORE).toBeTruthy();
            expect(sim.daysSinceVariant[k * V + v]).toBe(day - last <= HORIZON_DAYS ? day - last : IMPUTED_DAYS);
            checked++;
          }
          // Abandoned-before is remembered: once seen, it stays on in later orders.
          if (abandoned.has(v)) expect(f & FLAG_ABANDONED_BEFORE).toBeTruthy();
          if (f & FLAG_ABANDONED_BEFORE) abandoned.add(v);
        }
        for (let v = 0; v < V; v++) if (sim.flags[k * V + v] & FLAG_OUTCOME) lastDay.set(v, day);
      }
    }
    expect(checked).toBeGreaterThan(0); // the seed has repeat customers who bought something
  });

  it("buys a few items per order among hundreds on offer, as in the real data (mean ≈ 10 of ≈ 836)", () => {
    let bought = 0;
    for (const f of sim.flags) if (f & FLAG_OUTCOME) bought++;
    const perOrder = bought / sim.orderCount;
    expect(perOrder).toBeGreaterThan(4);
    expect(perOrder).toBeLessThan(20);
    const rate = bought / sim.rows;
    expect(rate).toBeGreaterThan(0.005);
    expect(rate).toBeLessThan(0.025);
  });
});
